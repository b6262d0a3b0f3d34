/**
 * The local Scheduler's wire format: the real service's error shapes (`x-amzn-errortype` + `{"Message"}`) and
 * validation patterns, JSON in and out, so `@aws-sdk/client-scheduler` deserialises what it would in AWS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendAwsJson } from './aws-json-server.js';
import { readBody } from './read-body.js';

export class ApiError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const validation = (message: string) => new ApiError('ValidationException', 400, message);
export const notFound = (message: string) => new ApiError('ResourceNotFoundException', 404, message);

export const ROLE_ARN = /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
export const SQS_ARN = /^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9\-_]+$/;
export const RATE = /^rate\(\s*[1-9]\d*\s+(minute|minutes|hour|hours|day|days)\s*\)$/;
export const CRON = /^cron\(\s*\S+(\s+\S+){5}\s*\)$/;

/** A seeded PRNG: throttling and out-of-order delivery are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The engine's own cached zone check (`Intl.DateTimeFormat` per request was a tenth of this server's CPU). */
export { isValidZone } from '../sla/calendar/zone-offsets.js';

export function patternError(value: unknown, field: string, pattern: string): ApiError {
  return validation(
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
  );
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw validation('Request body is not a JSON object.');
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendAwsJson(res, 'application/json', status, body, headers);
}
