// moment-business-time (v2) set up as the equivalent of us-central-business: Mon-Fri 08:00-17:00 in the
// process zone (America/Chicago, see peer-timezone.ts) with the same US public holidays.
import { createRequire } from 'node:module';
import type { Moment } from 'moment';
import { publicHolidays } from '../shared/sla/holidays.js';

const require = createRequire(import.meta.url);
const moment = require('moment') as typeof import('moment');
require('moment-business-time');

interface BusinessMoment extends Moment {
  addWorkingTime(amount: number, unit: 'minutes'): BusinessMoment;
  workingDiff(other: Moment, unit: 'minutes'): number;
}

export function setUpPeer(years: number[]): void {
  const day = ['08:00:00', '17:00:00'];
  const holidays = years.flatMap((year) => publicHolidays('US', undefined, year).map((h) => h.date));
  moment.updateLocale('en', {
    workinghours: { 0: null, 1: day, 2: day, 3: day, 4: day, 5: day, 6: null },
    holidays,
  } as never);
}

export function peerDue(start: number, minutes: number): number {
  return (moment(start) as BusinessMoment).addWorkingTime(minutes, 'minutes').valueOf();
}

export function peerElapsedMinutes(start: number, end: number): number {
  return (moment(end) as BusinessMoment).workingDiff(moment(start), 'minutes');
}
