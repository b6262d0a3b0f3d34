/** The local components' flags: a bad port or webhook URL stops `npm start` with the flag's name and why. */
import { describe, expect, it } from 'vitest';
import { booleanFlag, portFlag, urlFlag } from '../../../shared/local/component-flags.js';

describe('component flags', () => {
  it('ports: the default when absent, 0..65535 otherwise, a RangeError naming the flag', () => {
    expect(portFlag({}, 'events-port', 8007)).toBe(8007);
    expect(portFlag({ 'events-port': '0' }, 'events-port', 8007)).toBe(0);
    expect(portFlag({ 'events-port': '9100' }, 'events-port', 8007)).toBe(9100);
    expect(() => portFlag({ 'events-port': '70000' }, 'events-port', 8007)).toThrow(
      /--events-port expects a port/,
    );
    expect(() => portFlag({ 'events-port': true }, 'events-port', 8007)).toThrow(RangeError);
  });

  it('webhook URLs: http(s) only', () => {
    expect(urlFlag({}, 'events-webhook')).toBeUndefined();
    expect(urlFlag({ 'events-webhook': 'http://127.0.0.1:9000/hook' }, 'events-webhook')).toBe(
      'http://127.0.0.1:9000/hook',
    );
    expect(() => urlFlag({ 'events-webhook': 'ftp://x/y' }, 'events-webhook')).toThrow(/--events-webhook/);
    expect(() => urlFlag({ 'events-webhook': 'not a url' }, 'events-webhook')).toThrow(RangeError);
    expect(() => urlFlag({ 'events-webhook': true }, 'events-webhook')).toThrow(RangeError);
  });

  it('on/off flags', () => {
    expect(booleanFlag({ 'duplicate-timers': true }, 'duplicate-timers')).toBe(true);
    expect(booleanFlag({ 'duplicate-timers': 'false' }, 'duplicate-timers')).toBe(false);
    expect(booleanFlag({}, 'duplicate-timers')).toBe(false);
  });
});
