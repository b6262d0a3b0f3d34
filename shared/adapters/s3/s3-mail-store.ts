/**
 * The mail bucket in S3: raw MIME written by the SES receipt rule's S3 action, attachments written by
 * the inbound-email Lambda under `attachments/`. One client per module (cold start), bucket from env.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { RawMailStore } from '../../inbound/ports.js';
import { ENV, getOptionalStringFromEnv } from '../../runtime/env.js';
import { localEndpointConfig } from '../local-endpoint.js';
import { withoutSdkLogFilter } from '../sdk-client.js';

/** S3 in AWS; an S3-compatible endpoint when `S3_ENDPOINT` is set (local tooling). */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const endpoint = getOptionalStringFromEnv(ENV.s3Endpoint, env);
  return withoutSdkLogFilter(
    new S3Client(endpoint ? { ...localEndpointConfig(endpoint, env), forcePathStyle: true } : {}),
  );
}

export class S3MailStore implements RawMailStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async getRawMail(key: string): Promise<Uint8Array | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return result.Body ? await result.Body.transformToByteArray() : undefined;
    } catch (error) {
      // S3 says NoSuchKey only to a caller that may list the bucket (the stack grants s3:ListBucket); an
      // AccessDenied is rethrown: it may be a broken grant, which must alarm rather than reject every mail.
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async putAttachment(key: string, body: Uint8Array, contentType: string): Promise<string> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        // Attachments are customer data: the bucket encrypts by default; never served inline from S3.
        ContentDisposition: 'attachment',
      }),
    );
    return key;
  }
}
