/**
 * The same port over a folder, for the local runtime: the SMTP listener writes raw mail to
 * `<root>/inbound/<id>` exactly where the S3 action would put the object, and attachments land beside it.
 * Keys are checked to stay inside the root (they embed mail-supplied file names).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { RawMailStore } from '../../inbound/ports.js';

export class FolderMailStore implements RawMailStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  #path(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new RangeError(`Key escapes the mail folder: ${key}`);
    return path;
  }

  async getRawMail(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.#path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Writes raw mail (the local stand-in for the receipt rule's S3 action). */
  async putRawMail(key: string, body: Uint8Array): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  }

  async putAttachment(key: string, body: Uint8Array, _contentType: string): Promise<string> {
    await this.putRawMail(key, body);
    return key;
  }
}
