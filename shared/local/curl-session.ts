/**
 * The ready-to-paste curl session `npm start` prints (the e2e test runs exactly this text with bash). It walks
 * the `enterprise-support` demo tenant, whose customers may request escalation: open, list, reply, pause,
 * resume, escalate, history.
 */

export const SESSION_TENANT = 'enterprise-support';
export const SESSION_START = '# ----8<---- SLA Sentinel curl session';
export const SESSION_END = '# ----8<---- end';

export interface SessionTokens {
  customer: string;
  agent: string;
  admin: string;
}

export function curlSession(apiUrl: string, tokens: SessionTokens): string {
  const json = `-H 'Content-Type: application/json'`;
  const curl = 'curl -sS --fail-with-body';
  const as = (who: string) => `-H "Authorization: Bearer $${who}"`;
  return [
    SESSION_START,
    `export API=${apiUrl}`,
    `export CUSTOMER='${tokens.customer}'`,
    `export AGENT='${tokens.agent}'`,
    `export ADMIN='${tokens.admin}'`,
    '',
    '# 1. A customer opens a ticket: the answer carries the case number and the live SLA',
    `TICKET=$(${curl} -X POST "$API/tickets" ${as('CUSTOMER')} ${json} -H "Idempotency-Key: demo-$RANDOM" \\`,
    `  -d '{"subject":"VPN drops every hour","description":"Since Monday the VPN disconnects hourly.","priority":"high"}' \\`,
    `  | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).id') && echo "ticket $TICKET"`,
    "# 2. Agents list the tenant's tickets, newest first",
    `${curl} "$API/tickets?limit=5" ${as('AGENT')}; echo`,
    '# 3. An agent replies in public: firstResponse is met',
    `${curl} -X POST "$API/tickets/$TICKET/comments" ${as('AGENT')} ${json} -d '{"body":"Looking into it. Which client version?"}'; echo`,
    '# 4. ...and waits for the customer: the clocks pause',
    `${curl} -X PATCH "$API/tickets/$TICKET" ${as('AGENT')} ${json} -d '{"status":"pending_customer"}'; echo`,
    '# 5. The customer answers: the ticket is open again and the clocks resume',
    `${curl} -X POST "$API/tickets/$TICKET/comments" ${as('CUSTOMER')} ${json} -d '{"body":"Version 5.2 on Windows 11."}'; echo`,
    '# 6. The customer asks for the next escalation level',
    `${curl} -X POST "$API/tickets/$TICKET/escalations" ${as('CUSTOMER')} ${json} -d '{"reason":"It blocks the whole sales team"}'; echo`,
    '# 7. The whole history: who did what, when, and every SLA change',
    `${curl} "$API/tickets/$TICKET/events" ${as('AGENT')}; echo`,
    '# The tenant itself (admins)',
    `${curl} "$API/tenants/${SESSION_TENANT}" ${as('ADMIN')}; echo`,
    SESSION_END,
  ].join('\n');
}

/** The session's text between the markers, out of a whole banner. */
export function extractCurlSession(banner: string): string | null {
  const start = banner.indexOf(SESSION_START);
  const end = banner.indexOf(SESSION_END);
  return start >= 0 && end > start ? banner.slice(start, end + SESSION_END.length) : null;
}
