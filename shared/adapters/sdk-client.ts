/**
 * What every AWS SDK client we build has in common, applied by each client factory.
 *
 * The SDK's logger middleware (`loggerMiddleware`, on every client) calls `logger?.info?.({ input:
 * inputFilterSensitiveLog(input), output: outputFilterSensitiveLog(output) })` after every call. The default
 * logger is a no-op *with* an `info` method, so the arguments are still evaluated: both filters walk the whole
 * request and response against the operation's schema to mask sensitive members, and the result is thrown away.
 * On a stream read of ticket images that walk was the largest single cost in the local stream consumers' profile.
 * We never hand a client a logger (Powertools logs what we need, with its own redaction), so the middleware is
 * removed rather than fed.
 */
interface WithMiddlewareStack {
  middlewareStack: { remove(toRemove: string): boolean };
}

export const SDK_LOGGER_MIDDLEWARE = 'loggerMiddleware';

export function withoutSdkLogFilter<C extends WithMiddlewareStack>(client: C): C {
  client.middlewareStack.remove(SDK_LOGGER_MIDDLEWARE);
  return client;
}
