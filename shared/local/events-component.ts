/**
 * The SLA events as a local runtime component (`DEFAULT_COMPONENTS`): the local EventBridge PutEvents endpoint
 * on 127.0.0.1:8007, the real events consumer (`publishTicketEvents`, the same code the events Lambda runs, in
 * the runtime's stream-consumers worker, off the API's event loop) with the real EventBridge publisher pointed at that endpoint, and
 * `GET /_local/events` on the API's own port listing what the bus received.
 *
 * Flags: `--events-port N` (0: a free port), `--events-webhook URL` (forward every event there, as the stack's
 * API destination does with CDK context `webhookUrl`).
 */
import type { LocalComponent, LocalRequest } from './component.js';
import { portFlag, urlFlag } from './component-flags.js';
import {
  type LocalEventBridgeServer,
  type StoredBusEvent,
  startLocalEventBridge,
} from './eventbridge-server.js';
import type { StreamConsumer } from './stream-consumers.js';

export const LOCAL_EVENTS_PORT = 8007;
export const LOCAL_EVENT_BUS = 'sla-sentinel-events';
export const EVENTS_PATH = '/_local/events';

export interface LocalEventsComponent extends LocalComponent {
  /** The local EventBridge once started; tests reach in here. */
  readonly server: LocalEventBridgeServer | undefined;
  /** Publishes whatever the table's stream still holds, then waits for the webhook forwards. */
  settle(): Promise<void>;
}

/** `GET /_local/events[?tenantId=&ticketId=&detailType=]`: the events the bus received, oldest first. */
function filterEvents(events: StoredBusEvent[], query: LocalRequest['query']): StoredBusEvent[] {
  return events.filter(({ event }) => {
    const detail = (event.detail ?? {}) as { tenantId?: string; ticket?: { id?: string } };
    return (
      (query.detailType === undefined || event['detail-type'] === query.detailType) &&
      (query.tenantId === undefined || detail.tenantId === query.tenantId) &&
      (query.ticketId === undefined || detail.ticket?.id === query.ticketId)
    );
  });
}

export function eventsComponent(): LocalEventsComponent {
  let server: LocalEventBridgeServer | undefined;
  let consumer: StreamConsumer | undefined;
  const stops: (() => Promise<void> | void)[] = [];
  const settle = async () => {
    await consumer?.drain();
    await server?.drain();
  };
  return {
    name: 'events',
    get server() {
      return server;
    },
    settle,
    async start(ctx) {
      const port = portFlag(ctx.flags, 'events-port', LOCAL_EVENTS_PORT);
      const webhookUrl = urlFlag(ctx.flags, 'events-webhook');
      const started = await startLocalEventBridge({
        clock: ctx.clock,
        port,
        buses: [LOCAL_EVENT_BUS],
        ...(webhookUrl ? { webhookUrl } : {}),
      });
      server = started.server;
      const bus = started.server;
      stops.push(() => bus.stop());
      ctx.env.EVENTBRIDGE_ENDPOINT = started.endpoint;
      ctx.env.EVENT_BUS_NAME = LOCAL_EVENT_BUS;

      // The same wiring as the sla-events Lambda (shared/composition/sla-events.ts), in the runtime's
      // stream-consumers worker, publishing to this endpoint.
      const events = await ctx.streamConsumers.add('events', {
        kind: 'events',
        eventBridgeEndpoint: started.endpoint,
        eventBusName: LOCAL_EVENT_BUS,
      });
      consumer = events;

      ctx.addRoute({
        method: 'GET',
        path: EVENTS_PATH,
        handle: async (request) => {
          await settle();
          const events = filterEvents(bus.list(), request.query);
          const webhook = webhookUrl
            ? { webhook: { url: webhookUrl, deadLetters: bus.webhookDeadLetters } }
            : {};
          return { status: 200, body: { events, ...webhook } };
        },
      });
      ctx.addBannerLines(
        `EventBridge          ${started.endpoint}   (PutEvents, bus ${LOCAL_EVENT_BUS}; events received: GET ${ctx.apiUrl}${EVENTS_PATH})` +
          (webhookUrl ? `   forwarded to ${webhookUrl}` : ''),
      );
    },
    async stop() {
      for (const stop of stops.reverse().splice(0)) await stop();
      consumer = undefined;
      server = undefined;
    },
  };
}
