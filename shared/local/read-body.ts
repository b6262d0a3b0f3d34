/**
 * Reading a request body in the local servers (the API stand-in, the local Scheduler): the whole body as text,
 * or `BodyTooLargeError` past `maxBytes`.
 */
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, maxBytes = Number.POSITIVE_INFINITY): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > maxBytes;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      // Keep draining (storing nothing) rather than destroying the socket: the client then reads our 413
      // instead of a connection reset. Past 16x the limit it is not a client that wants an answer.
      if (tooLarge) {
        chunks.length = 0;
        if (size > 16 * maxBytes) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      tooLarge ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}
