/**
 * Exponential backoff with full jitter (sleep = random(0, min(cap, base * 2^attempt))), the AWS
 * Architecture Blog's recommendation: retries of many callers spread out instead of hitting the throttled
 * service in waves.
 */
export interface RetryOptions {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Whether an error is worth another attempt. */
  isRetryable: (error: unknown) => boolean;
  /** Injected so tests neither sleep nor depend on randomness. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function fullJitterDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
) {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export async function withRetries<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt + 1 >= options.maxAttempts || !options.isRetryable(error)) throw error;
      const delay = fullJitterDelay(attempt, options.baseDelayMs, options.maxDelayMs, random);
      options.onRetry?.(error, attempt + 1, delay);
      await sleep(delay);
    }
  }
}

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ServiceQuotaExceededException',
  'InternalServerException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'TimeoutError',
]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** Throttling, quota, 5xx and transient network errors of an AWS SDK v3 call. */
export function isRetryableAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name !== undefined && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code !== undefined && RETRYABLE_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && (status >= 500 || status === 429);
}
