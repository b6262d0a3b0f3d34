// The SLA engine's public surface. Calendar/clock modules first; the policy modules are listed below them.
export * from './calendar.js';
export * from './calendar-schema.js';
export * from './calendars.js';
export * from './duration.js';
export * from './errors.js';
export * from './explain.js';
export * from './holidays.js';
export * from './instant.js';
// Policies, presets and the milestone engine (engine-policy).
export * from './milestone-fold.js';
export * from './milestones.js';
export * from './new-ticket-due.js';
export * from './policy.js';
export * from './policy-schema.js';
export * from './presets/index.js';
export * from './release.js';
export * from './spans.js';
export * from './types.js';
