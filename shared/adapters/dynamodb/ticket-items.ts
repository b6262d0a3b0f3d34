/**
 * The ticket's items on the single table (docs/data-model.md): the ticket item and the rows of its partition
 * (events, comments), to and from the plain records the ticket use cases work with.
 */
import type { Comment, Requester, Ticket, TicketHistoryEvent } from '../../tickets/ticket.js';
import { iso, keys } from './keys.js';

export type Item = Record<string, unknown>;

export function ticketToItem(ticket: Ticket): Item {
  const item: Item = {
    PK: keys.ticketPk(ticket.tenantId, ticket.id),
    SK: keys.ticketSk,
    entity: 'ticket',
    tenantId: ticket.tenantId,
    ticketId: ticket.id,
    reference: ticket.reference,
    version: ticket.version,
    subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    requester: ticket.requester,
    ...(ticket.participants?.length ? { participants: ticket.participants } : {}),
    language: ticket.language,
    channel: ticket.channel,
    type: ticket.type,
    assignee: ticket.assignee,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(ticket.updatedAt),
    createdBy: ticket.createdBy,
    originMessageId: ticket.originMessageId,
    slaSubject: ticket.slaSubject,
    slaEvents: ticket.slaEvents,
    escalationLevel: ticket.escalationLevel,
    timersOwed: ticket.timersOwed,
    GSI1PK: keys.allTickets(ticket.tenantId),
    GSI1SK: keys.instantSk(ticket.createdAt, ticket.id),
    GSI2PK: keys.byStatus(ticket.tenantId, ticket.status),
    GSI2SK: keys.instantSk(ticket.createdAt, ticket.id),
  };
  // DynamoDB has no empty sets: an absent attribute means "none acted on yet".
  if (ticket.timersActed.length > 0) item.timersActed = new Set(ticket.timersActed);
  if (ticket.nextDueAt !== null) {
    item.nextDueAt = ticket.nextDueAt;
    item.GSI3PK = keys.due(ticket.tenantId);
    item.GSI3SK = keys.instantSk(ticket.nextDueAt, ticket.id);
  }
  if (ticket.attentionAt !== null) {
    item.attentionAt = ticket.attentionAt;
    item.GSI4PK = keys.attention(ticket.tenantId);
    item.GSI4SK = keys.instantSk(ticket.attentionAt, ticket.id);
  }
  return item;
}

export function ticketFromItem(item: Item): Ticket {
  const ticket: Ticket = {
    tenantId: item.tenantId as string,
    id: item.ticketId as string,
    reference: item.reference as string,
    version: item.version as number,
    subject: item.subject as string,
    description: item.description as string,
    priority: item.priority as string,
    status: item.status as Ticket['status'],
    requester: item.requester as Ticket['requester'],
    ...(Array.isArray(item.participants) ? { participants: item.participants as Requester[] } : {}),
    channel: item.channel as Ticket['channel'],
    assignee: (item.assignee as string | null | undefined) ?? null,
    createdAt: Date.parse(item.createdAt as string),
    updatedAt: Date.parse(item.updatedAt as string),
    createdBy: item.createdBy as Ticket['createdBy'],
    slaSubject: item.slaSubject as Ticket['slaSubject'],
    slaEvents: (item.slaEvents as Ticket['slaEvents']) ?? [],
    escalationLevel: (item.escalationLevel as number) ?? 0,
    timersOwed: (item.timersOwed as Ticket['timersOwed']) ?? {},
    timersActed: item.timersActed instanceof Set ? [...(item.timersActed as Set<string>)].sort() : [],
    nextDueAt: typeof item.nextDueAt === 'number' ? item.nextDueAt : null,
    attentionAt: typeof item.attentionAt === 'number' ? item.attentionAt : null,
  };
  if (typeof item.language === 'string') ticket.language = item.language;
  if (typeof item.type === 'string') ticket.type = item.type as Ticket['type'];
  if (typeof item.originMessageId === 'string') ticket.originMessageId = item.originMessageId;
  return ticket;
}

/** A row in its ticket's partition (an event, a comment): the keys, the entity name, then the record itself. */
function ticketPartitionItem(
  entity: string,
  sk: string,
  record: { tenantId: string; ticketId: string },
): Item {
  return { PK: keys.ticketPk(record.tenantId, record.ticketId), SK: sk, entity, ...record };
}

export function eventToItem(event: TicketHistoryEvent): Item {
  return {
    ...ticketPartitionItem('event', keys.eventSk(event.version, event.seq), event),
    at: iso(event.at),
  };
}

export function eventFromItem(item: Item): TicketHistoryEvent {
  return {
    tenantId: item.tenantId as string,
    ticketId: item.ticketId as string,
    version: item.version as number,
    seq: item.seq as number,
    type: item.type as string,
    at: Date.parse(item.at as string),
    actor: item.actor as TicketHistoryEvent['actor'],
    visibility: item.visibility as TicketHistoryEvent['visibility'],
    data: (item.data as Record<string, unknown>) ?? {},
  };
}

export function commentToItem(comment: Comment): Item {
  return {
    ...ticketPartitionItem('comment', keys.commentSk(comment.createdAt, comment.id), comment),
    createdAt: iso(comment.createdAt),
  };
}

export function commentFromItem(item: Item): Comment {
  const { PK: _pk, SK: _sk, entity: _entity, ...rest } = item;
  return { ...(rest as unknown as Comment), createdAt: Date.parse(item.createdAt as string) };
}
