// The one rule for a submission's dedupe key, shared by the API (which sends it with an anonymous answer) and the
// reminders activity (which derives who has not answered yet without storing it anywhere).
// Anonymous kinds: a keyed hash of (case, organisation, onePer values) whose key only the server processes hold
// (derived from JWT_SECRET), so the database and the Temporal history hold no link from an answer to anyone;
// other kinds: the organisation and the values in clear (the engine builds the same string).
import { createHmac } from 'node:crypto';

/** The HMAC key of anonymous submission keys, from the server secret. */
export function anonymousKeySecret(serverSecret: string): Buffer {
  return createHmac('sha256', serverSecret).update('hpc-flow:anonymous-submissions').digest();
}

/** The dedupe key of an organisation's submission for these onePer values (in the kind's onePer order). */
export function submissionKey(opts: { anonymous: boolean; secret: Buffer; processId: string; organisationId: string; values: readonly string[] }): string {
  if (!opts.anonymous) return [opts.organisationId, ...opts.values].join('|');
  return createHmac('sha256', opts.secret).update(`${opts.processId}|${opts.organisationId}|${opts.values.join('|')}`).digest('hex');
}
