import { describe, expect, it } from 'vitest';
import { prefersCsv } from '../../../shared/http/content-negotiation.js';

describe('prefersCsv', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['application/json', false],
    ['*/*', false],
    ['text/csv', true],
    ['TEXT/CSV; charset=utf-8', true],
    ['text/csv, application/json', true],
    ['text/csv;q=0.1, application/json', false],
    ['application/json;q=0.5, text/csv', true],
    ['text/csv;q=0', false],
    ['text/csv;q=abc', false],
    ['text/csvx', false],
  ])('%s -> %s', (accept, expected) => {
    expect(prefersCsv(accept)).toBe(expected);
  });
});
