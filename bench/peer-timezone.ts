// Imported first by the benchmark: moment-business-time computes in the process's local zone, so the process
// runs in the zone of the calendar it is compared on (us-central-business) before moment loads.
export const PEER_ZONE = 'America/Chicago';
process.env.TZ = PEER_ZONE;
