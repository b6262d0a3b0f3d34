/**
 * Who is copied on a ticket (CC): staff add and remove participants through the API. A participant sees the
 * ticket like its requester, gets the requester's mail in Cc and may reply by mail (access.ts,
 * shared/notifications/recipients.ts); removing one ends all three at once, since each reads the ticket's current
 * `participants`. Both changes are public history events (customers see who was copied on their ticket).
 */
import type { Principal } from '../auth/principal.js';
import type { Tenant } from '../tenants/tenant.js';
import { ticketPeople, withoutDuplicates } from './access.js';
import { copyRefusal, staffDirectoryOf } from './copy-rules.js';
import { ForbiddenActionError, InvalidInputError, ParticipantNotFoundError } from './errors.js';
import type { Requester } from './ticket.js';
import { type TicketResult, type TicketView, toTicketView } from './ticket-views.js';
import type { MutationOptions, TicketWriter } from './ticket-writer.js';

/** The most people a ticket carries besides its requester (each gets the requester's mail). */
export const MAX_PARTICIPANTS = 20;

export class ParticipantCommands {
  readonly #writer: TicketWriter;
  readonly #tenant: (tenantId: string) => Promise<Tenant>;
  readonly #supportDomain: string | undefined;

  constructor(deps: {
    writer: TicketWriter;
    tenant: (tenantId: string) => Promise<Tenant>;
    /** Our inbound mail domain: its addresses are support addresses, never participants. */
    supportDomain?: string;
  }) {
    this.#writer = deps.writer;
    this.#tenant = deps.tenant;
    this.#supportDomain = deps.supportDomain?.toLowerCase();
  }

  /** Refuses staff and support addresses (copy-rules.ts): customers would see them, and mail would loop back to us. */
  async #assertCopyable(tenantId: string, people: Requester[]): Promise<void> {
    const tenant = await this.#tenant(tenantId);
    const inboundDomain = tenant.inboundAddress?.split('@')[1]?.toLowerCase();
    const directory = {
      ...staffDirectoryOf(tenant),
      supportDomains: [this.#supportDomain, inboundDomain].filter((d): d is string => !!d),
    };
    people.forEach((person, i) => {
      const refusal = copyRefusal(person.email, '', directory);
      if (refusal) throw new InvalidInputError(`participants.${i}.email`, `${person.email} ${refusal}`);
    });
  }

  /** Staff copy people on a ticket (CC): they then see it, get the requester's mail and may reply by mail. */
  async addParticipants(
    actor: Principal,
    ticketId: string,
    people: Requester[],
    options: MutationOptions = {},
  ): Promise<TicketResult> {
    if (actor.role === 'customer') throw new ForbiddenActionError('only staff may add participants');
    // An Idempotency-Key replays the first answer (same body) or is a 422 (another body), as for comments.
    const replay = await this.#writer.replay<TicketResult>(actor, 'addParticipants', options);
    if (replay) return replay;
    await this.#assertCopyable(actor.tenantId, people);
    const committed = await this.#writer.mutate(actor, ticketId, 'addParticipants', options, (ticket) => {
      const current = ticket.participants ?? [];
      const added = withoutDuplicates(people, ticketPeople(ticket));
      if (added.length === 0) return null;
      if (current.length + added.length > MAX_PARTICIPANTS) {
        throw new InvalidInputError(
          'participants',
          `a ticket has at most ${MAX_PARTICIPANTS} participants (it has ${current.length})`,
        );
      }
      return {
        slaEvents: [],
        patch: { participants: [...current, ...added] },
        events: [
          {
            type: 'participants.added',
            visibility: 'public',
            data: { emails: added.map((p) => p.email) },
          },
        ],
      };
    });
    if (committed.replayed) return committed.replayed as TicketResult;
    return {
      ticket: toTicketView(committed.ticket, committed.snapshot, committed.policy, actor),
      replayed: false,
    };
  }

  /**
   * Staff take someone off a ticket: from then on they no longer see it, get no more of its mail, and their mail
   * on it is a stranger's (recorded as a rejection). The requester is not a participant and stays.
   */
  async removeParticipant(actor: Principal, ticketId: string, email: string): Promise<TicketView> {
    if (actor.role === 'customer') throw new ForbiddenActionError('only staff may remove participants');
    const wanted = email.toLowerCase();
    const committed = await this.#writer.mutate(actor, ticketId, 'removeParticipant', {}, (ticket) => {
      if (ticket.requester.email.toLowerCase() === wanted) {
        throw new InvalidInputError(
          'email',
          `${email} is the requester, not a participant: it cannot be removed`,
        );
      }
      const current = ticket.participants ?? [];
      const removed = current.filter((p) => p.email.toLowerCase() === wanted);
      if (removed.length === 0) throw new ParticipantNotFoundError(ticket.reference, email);
      return {
        slaEvents: [],
        patch: { participants: current.filter((p) => p.email.toLowerCase() !== wanted) },
        events: [
          {
            type: 'participants.removed',
            visibility: 'public',
            data: { emails: removed.map((p) => p.email) },
          },
        ],
      };
    });
    return toTicketView(committed.ticket, committed.snapshot, committed.policy, actor);
  }
}
