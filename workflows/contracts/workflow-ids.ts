// Task ids are URL-safe: `<processId>~<stepId>~<n>` (+ `~<member>` for fan-out and ballot tasks).
// Process ids are business ids built by each process folder (workflows/processes/<type>/index.ts).

const SAFE = /[^A-Za-z0-9._-]/g;

/** A member key made URL-safe (sector ids, organisation and user ids are already). */
export function safeKey(key: string): string {
  return key.replace(SAFE, '-');
}

export function taskId(processId: string, stepId: string, n: number, member?: string | null): string {
  return member ? `${processId}~${stepId}~${n}~${safeKey(member)}` : `${processId}~${stepId}~${n}`;
}

/**
 * The process id a task id belongs to. Reads both the URL-safe form and the old `<processId>/<stepId>/<n>`
 * form (tasks opened before task ids became URL-safe), so a link to an old task still resolves.
 */
export function processIdOfTask(id: string): string | null {
  if (typeof id !== 'string') return null;
  if (id.includes('~')) {
    const parts = id.split('~');
    if (parts.length < 3 || parts.length > 4 || !parts[0] || !parts[1] || !/^\d+$/.test(parts[2])) return null;
    return parts[0];
  }
  const parts = id.split('/');
  if (parts.length !== 3 || !parts[0] || !parts[1] || !/^\d+$/.test(parts[2])) return null;
  return parts[0];
}
