/**
 * The components `npm start` runs besides DynamoDB Local and the API, in start order. The timers helper adds
 * the local Scheduler, aws-ses-v2-local, the stream poller and `POST /_local/clock`; the inbound-mail helper
 * the SMTP listener. Each entry is a factory so every runtime gets fresh instances.
 */
import type { LocalComponent } from './component.js';
import { inboundMailComponent } from './smtp-component.js';

export type LocalComponentFactory = () => LocalComponent;

export const DEFAULT_COMPONENTS: LocalComponentFactory[] = [inboundMailComponent];

export function defaultComponents(): LocalComponent[] {
  return DEFAULT_COMPONENTS.map((make) => make());
}
