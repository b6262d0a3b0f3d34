import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '../../../shared/sla/types.js';
import { ForbiddenActionError, InvalidTransitionError } from '../../../shared/tickets/errors.js';
import {
  allowedTransitions,
  assertTransition,
  canTransition,
  statusAfterReply,
} from '../../../shared/tickets/state-machine.js';

describe('ticket status transitions', () => {
  it('lets a ticket be worked, paused, resolved, reopened and closed', () => {
    expect(canTransition('new', 'open')).toBe(true);
    expect(canTransition('open', 'pending_customer')).toBe(true);
    expect(canTransition('pending_customer', 'open')).toBe(true);
    expect(canTransition('open', 'resolved')).toBe(true);
    expect(canTransition('resolved', 'open')).toBe(true);
    expect(canTransition('resolved', 'closed')).toBe(true);
  });

  it('keeps closed final and makes every ticket pass through resolved before closing', () => {
    for (const to of TICKET_STATUSES) expect(canTransition('closed', to)).toBe(false);
    for (const from of ['new', 'open', 'pending_customer'] as const)
      expect(canTransition(from, 'closed')).toBe(false);
    expect(allowedTransitions('closed')).toEqual([]);
  });

  it('never allows going back to new', () => {
    for (const from of TICKET_STATUSES) expect(canTransition(from, 'new')).toBe(false);
  });

  it('names the refused transition and what is allowed', () => {
    expect(() => assertTransition('closed', 'open', 'agent')).toThrow(InvalidTransitionError);
    expect(() => assertTransition('open', 'closed', 'agent')).toThrow(
      /allowed from open: pending_customer, resolved/,
    );
  });

  it('lets customers only resolve or reopen', () => {
    expect(() => assertTransition('open', 'resolved', 'customer')).not.toThrow();
    expect(() => assertTransition('resolved', 'open', 'customer')).not.toThrow();
    expect(() => assertTransition('open', 'pending_customer', 'customer')).toThrow(ForbiddenActionError);
    expect(() => assertTransition('resolved', 'closed', 'customer')).toThrow(ForbiddenActionError);
  });

  it('moves a ticket on replies', () => {
    expect(statusAfterReply('new', 'agent')).toBe('open');
    expect(statusAfterReply('open', 'agent')).toBeNull();
    expect(statusAfterReply('pending_customer', 'customer')).toBe('open');
    expect(statusAfterReply('resolved', 'customer')).toBe('open');
    expect(statusAfterReply('open', 'customer')).toBeNull();
    expect(statusAfterReply('pending_customer', 'agent')).toBeNull();
  });
});
