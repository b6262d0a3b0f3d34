/**
 * The HTTP plumbing the local AWS stand-ins (the Scheduler and EventBridge endpoints) share: listen on a loopback
 * port and answer in the AWS JSON protocols' shape (a request id on every answer), so the SDK clients parse
 * them as they parse AWS's own.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a server for `handle` on `host:port` (port 0: any free one); resolves to it and its endpoint URL. */
export async function listenLocally(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
  host = '127.0.0.1',
): Promise<{ server: Server; endpoint: string }> {
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, endpoint: `http://${host}:${(server.address() as AddressInfo).port}` };
}

/** One JSON answer: `contentType` is the protocol's (`application/json` REST, `application/x-amz-json-1.1`). */
export function sendAwsJson(
  res: ServerResponse,
  contentType: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}
