/**
 * Case numbers handed out from blocks reserved ahead, per tenant, by one warm process (a Lambda instance, the
 * local runtime). The counter round trip used to sit on every `POST /tickets` before its transaction (on
 * DynamoDB Local about 1.5x a raw PutItem of the 5x budget); now a process reserves `blockSize` numbers with one
 * `UpdateItem ADD`, and reserves the next block while the create that took the last number writes its ticket
 * (`settle()`: the create waits for both, so no work outlives the request a Lambda answers). Only a process's
 * first create of a tenant waits for the counter.
 *
 * Numbers stay unique per tenant (the counter only grows, and the ticket's `ref` item is written on condition
 * that it does not exist); they are no longer gap-free or in creation order across processes: an instance that
 * retires leaves the rest of its block unused (up to `2 * blockSize - 1` numbers), and two instances hand out
 * from different blocks at once. A failed transaction already left a gap (docs/data-model.md).
 */
export interface TicketNumberReserver {
  /** Reserves `count` consecutive numbers of the tenant atomically; resolves to the highest of them. */
  reserveTicketNumbers(tenantId: string, count: number): Promise<number>;
}

/** 10: a retired instance skips at most 19 numbers; the counter is read once per 10 creates. */
export const CASE_NUMBER_BLOCK = 10;

interface Block {
  next: number;
  last: number;
}

export class CaseNumbers {
  readonly #reserver: TicketNumberReserver;
  readonly #blockSize: number;
  readonly #blocks = new Map<string, Block[]>();
  readonly #reserving = new Map<string, Promise<void>>();

  constructor(reserver: TicketNumberReserver, blockSize = CASE_NUMBER_BLOCK) {
    if (!Number.isInteger(blockSize) || blockSize < 1)
      throw new RangeError(`invalid block size ${blockSize}`);
    this.#reserver = reserver;
    this.#blockSize = blockSize;
  }

  /** The tenant's next case number; starts reserving the next block when this one is used up. */
  async next(tenantId: string): Promise<number> {
    for (;;) {
      const blocks = this.#blocks.get(tenantId) ?? [];
      const block = blocks[0];
      if (block && block.next <= block.last) {
        const number = block.next++;
        if (block.next > block.last) {
          blocks.shift();
          if (blocks.length === 0) void this.#reserve(tenantId).catch(() => undefined);
        }
        return number;
      }
      await this.#reserve(tenantId);
    }
  }

  /** Resolves when no reservation is in flight (a failed one is retried by the next `next()`). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#reserving.values()]);
  }

  #reserve(tenantId: string): Promise<void> {
    const running = this.#reserving.get(tenantId);
    if (running) return running;
    const reservation = this.#reserver
      .reserveTicketNumbers(tenantId, this.#blockSize)
      .then((last) => {
        const blocks = this.#blocks.get(tenantId) ?? [];
        blocks.push({ next: last - this.#blockSize + 1, last });
        this.#blocks.set(tenantId, blocks);
      })
      .finally(() => this.#reserving.delete(tenantId));
    this.#reserving.set(tenantId, reservation);
    return reservation;
  }
}
