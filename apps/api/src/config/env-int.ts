// One reader of integer settings from the environment, for loadConfig and for the modules that own a setting
// (the password hash cost): a bad value is pushed to `problems`, naming the variable and the rule.
export type Env = Record<string, string | undefined>;

/** The integer `name` holds, or `fallback` when unset or blank; out of [min, max] or not an integer: a problem. */
export function envInt(env: Env, problems: string[], name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return n;
}
