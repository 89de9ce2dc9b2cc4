// Password hashing (argon2id). A dummy verify for unknown users keeps login timing uniform.
import * as argon2 from 'argon2';
import { envInt, type Env } from '../config/env-int';

/** What one argon2id hash costs: memory in KiB, passes over it, and lanes. */
export interface PasswordHashCost {
  memoryKib: number;
  iterations: number;
  parallelism: number;
}

/** RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes): the default everywhere. */
export const DEFAULT_PASSWORD_HASH_COST: PasswordHashCost = Object.freeze({ memoryKib: 65_536, iterations: 3, parallelism: 4 });

/** OWASP's floor for argon2id (19 MiB, 2 passes); production refuses a cost below it. */
export const PRODUCTION_MIN_PASSWORD_HASH_COST = Object.freeze({ memoryKib: 19_456, iterations: 2 });

/**
 * The hash cost PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_ITERATIONS and PASSWORD_HASH_PARALLELISM ask for (each
 * defaults to DEFAULT_PASSWORD_HASH_COST's); every problem is pushed to `problems`, naming the variable and the
 * rule. Existing hashes keep verifying whatever the cost: each hash carries its own parameters.
 */
export function passwordHashCost(env: Env, problems: string[], isProduction: boolean): PasswordHashCost {
  const read = (name: string, fallback: number, min: number, max: number): number => envInt(env, problems, name, fallback, min, max);
  const parallelism = read('PASSWORD_HASH_PARALLELISM', DEFAULT_PASSWORD_HASH_COST.parallelism, 1, 16);
  // argon2 needs at least 8 KiB per lane.
  const memoryKib = read('PASSWORD_HASH_MEMORY_KIB', DEFAULT_PASSWORD_HASH_COST.memoryKib, 8 * parallelism, 4_194_304);
  const iterations = read('PASSWORD_HASH_ITERATIONS', DEFAULT_PASSWORD_HASH_COST.iterations, 1, 100);
  if (isProduction && (memoryKib < PRODUCTION_MIN_PASSWORD_HASH_COST.memoryKib || iterations < PRODUCTION_MIN_PASSWORD_HASH_COST.iterations)) {
    problems.push(
      `PASSWORD_HASH_MEMORY_KIB and PASSWORD_HASH_ITERATIONS must be at least ${PRODUCTION_MIN_PASSWORD_HASH_COST.memoryKib} and ${PRODUCTION_MIN_PASSWORD_HASH_COST.iterations} when NODE_ENV=production (got ${memoryKib} and ${iterations})`,
    );
  }
  return { memoryKib, iterations, parallelism };
}

let cost: PasswordHashCost | null = null;

/** This process's cost, from its environment (checked at start by loadConfig, which names a bad value). */
function currentCost(): PasswordHashCost {
  if (!cost) {
    const problems: string[] = [];
    const found = passwordHashCost(process.env, problems, process.env.NODE_ENV === 'production');
    if (problems.length > 0) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
    cost = found;
  }
  return cost;
}

export function hashPassword(password: string): Promise<string> {
  const { memoryKib, iterations, parallelism } = currentCost();
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: memoryKib, timeCost: iterations, parallelism });
}

let dummyHash: Promise<string> | null = null;

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('dummy-password-for-timing');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
