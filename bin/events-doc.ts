// `npm run docs:events`: writes docs/events.md from the events contract (shared/events/events-doc.ts).
import { writeFileSync } from 'node:fs';
import { EVENTS_DOC_PATH, renderEventsDoc } from '../shared/events/events-doc.js';

writeFileSync(EVENTS_DOC_PATH, renderEventsDoc());
console.log(`wrote ${EVENTS_DOC_PATH}`);
