/**
 * The S3 mail store's reading of a missing raw mail, through the real S3 client against a local endpoint that
 * answers GetObject the way S3 documents it (API reference, GetObject, "Permissions"): a key that does not
 * exist is `404 NoSuchKey` to a caller allowed `s3:ListBucket` and `403 AccessDenied` to anyone else. The
 * store must report the first as missing (the handler rejects it as `raw-mail-missing`) and let the second
 * fail (a broken grant alarms instead of quietly rejecting every mail). The stack grants `s3:ListBucket`
 * (test/cdk/stack.test.ts), so in AWS a missing raw mail is the first case.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../shared/adapters/local-endpoint.js';
import { S3MailStore } from '../../../shared/adapters/s3/s3-mail-store.js';

const BUCKET = 'mail-bucket';
const objects = new Map([['inbound/present', 'From: a@b.example\r\n\r\nhello']]);
/** Whether the caller may list the bucket: decides 404 or 403 for a missing key, as in S3. */
let callerMayList = true;
let server: Server;
let endpoint: string;

function s3Error(code: string, message: string, key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Key>${key}</Key><RequestId>local</RequestId><HostId>local</HostId></Error>`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
    const key = path.slice(`/${BUCKET}/`.length);
    const body = req.method === 'GET' && path.startsWith(`/${BUCKET}/`) ? objects.get(key) : undefined;
    if (body !== undefined) {
      res.writeHead(200, { 'content-type': 'message/rfc822', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const [status, code, message] = callerMayList
      ? [404, 'NoSuchKey', 'The specified key does not exist.']
      : [403, 'AccessDenied', 'Access Denied'];
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(s3Error(code, message, key));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

function store(): S3MailStore {
  const client = new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
  });
  return new S3MailStore(client, BUCKET);
}

describe('S3MailStore.getRawMail', () => {
  it('reads a raw mail that is there', async () => {
    const bytes = await store().getRawMail('inbound/present');
    expect(new TextDecoder().decode(bytes)).toBe(objects.get('inbound/present'));
  });

  it('with s3:ListBucket (as the stack grants): a missing key is missing, so the handler rejects it', async () => {
    callerMayList = true;
    await expect(store().getRawMail('inbound/gone')).resolves.toBeUndefined();
  });

  it('without s3:ListBucket: S3 says AccessDenied, and the store fails rather than guess', async () => {
    callerMayList = false;
    await expect(store().getRawMail('inbound/gone')).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    callerMayList = true;
  });
});
