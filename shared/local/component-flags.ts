/**
 * Reading a component's own command-line flags (`ctx.flags`): one place for what a port or an on/off flag
 * accepts, so every component answers a bad value the same way (a RangeError naming the flag).
 */
import type { LocalRuntimeContext } from './component.js';

export function portFlag(flags: LocalRuntimeContext['flags'], name: string, fallback: number): number {
  const value = flags[name];
  if (value === undefined) return fallback;
  const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw new RangeError(`--${name} expects a port number (0-65535, 0 = any free port)`);
  return port;
}

export function booleanFlag(flags: LocalRuntimeContext['flags'], name: string): boolean {
  const value = flags[name];
  return value === true || value === 'true' || value === '1';
}

/** An http(s) URL, or undefined when the flag is absent. */
export function urlFlag(flags: LocalRuntimeContext['flags'], name: string): string | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new RangeError(`--${name} expects an http(s) URL`);
  return url.toString();
}

/** A whole number of seconds (0-86400), 0 when the flag is absent. */
export function secondsFlag(flags: LocalRuntimeContext['flags'], name: string): number {
  const value = flags[name];
  if (value === undefined) return 0;
  const seconds = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 0 && seconds <= 86_400))
    throw new RangeError(`--${name} expects a number of seconds (0-86400)`);
  return seconds;
}
