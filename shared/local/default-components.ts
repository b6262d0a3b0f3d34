/**
 * The components `npm start` runs besides DynamoDB Local and the API, in start order. The timers come first:
 * aws-ses-v2-local and the notification handler must be in place before the SMTP listener accepts a mail, so a
 * mail-opened ticket is acknowledged like any other. The events (local EventBridge, fed from the stream) only
 * need the table. The portal (served at `/`) comes last: it needs only the HTTP server. Each entry is a factory so every runtime gets fresh
 * instances.
 */
import type { LocalComponent } from './component.js';
import { eventsComponent } from './events-component.js';
import { portalComponent } from './portal-component.js';
import { inboundMailComponent } from './smtp-component.js';
import { timersComponent } from './timers-component.js';

export type LocalComponentFactory = () => LocalComponent;

export const DEFAULT_COMPONENTS: LocalComponentFactory[] = [
  () => timersComponent(),
  eventsComponent,
  inboundMailComponent,
  portalComponent,
];

export function defaultComponents(): LocalComponent[] {
  return DEFAULT_COMPONENTS.map((make) => make());
}
