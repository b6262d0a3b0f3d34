/**
 * docs/events.md is the published contract: it must be exactly what the zod schemas render, and every example
 * in it must be valid against its detail-type's schema (and its JSON Schema agrees on the required fields).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_DETAIL_TYPES, parseEventDetail } from '../../../shared/events/event-contract.js';
import { EVENT_EXAMPLES } from '../../../shared/events/event-examples.js';
import { detailJsonSchema, EVENTS_DOC_PATH, renderEventsDoc } from '../../../shared/events/events-doc.js';

describe('docs/events.md', () => {
  it('is up to date with the contract (run `npm run docs:events` when this fails)', () => {
    expect(readFileSync(EVENTS_DOC_PATH, 'utf8')).toBe(renderEventsDoc());
  });

  it('has one valid example and one JSON Schema per detail-type', () => {
    const doc = renderEventsDoc();
    expect(EVENT_DETAIL_TYPES).toHaveLength(11);
    for (const type of EVENT_DETAIL_TYPES) {
      expect(doc).toContain(`### ${type}\n`);
      const example = EVENT_EXAMPLES[type];
      expect(parseEventDetail(type, example).detail).toEqual(example);
      const schema = detailJsonSchema(type) as { required: string[]; additionalProperties: boolean };
      expect(schema.required).toEqual(
        expect.arrayContaining(['schemaVersion', 'eventId', 'tenantId', 'ticket']),
      );
      expect(schema.additionalProperties).toBe(false);
      expect(Object.keys(example).sort()).toEqual([...schema.required].sort());
    }
  });

  it('rejects a detail with an unknown field or a missing tenant, naming the field', () => {
    const { tenantId: _, ...noTenant } = EVENT_EXAMPLES['Ticket Created'];
    expect(() => parseEventDetail('Ticket Created', noTenant)).toThrow(/tenantId/);
    expect(() =>
      parseEventDetail('Ticket Created', { ...EVENT_EXAMPLES['Ticket Created'], assignee: 'bob' }),
    ).toThrow(/assignee/);
    expect(() => parseEventDetail('Ticket Deleted', {})).toThrow(/unknown detail-type/);
  });
});
