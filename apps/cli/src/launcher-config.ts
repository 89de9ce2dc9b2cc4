// What the launcher reads from the environment, beyond the API's own config (validated by loadConfig).
import * as path from 'node:path';

export interface LauncherSettings {
  port: number;
  /** Where the embedded PostgreSQL cluster, the Temporal SQLite file and logs live. */
  dataDir: string;
  /** External PostgreSQL; undefined = embedded. */
  databaseUrl?: string;
  /** External Temporal; undefined = start a dev server. */
  temporalAddress?: string;
  /** Explicit dev-server ports; undefined = reuse the persisted ones or pick free ones. */
  temporalPort?: number;
  temporalUiPort?: number;
  production: boolean;
  /** V8 old-space limits (MiB) the launcher gives the api and the worker (`--max-old-space-size`). */
  heapMb: { api: number; worker: number };
}

/**
 * Default heap limits. Without one, V8 sizes the heap from the machine's memory (about 4 GiB here) and grows it
 * lazily, so a process's footprint says more about the machine than about the product; with one, V8 collects
 * before it grows past the limit and a leak fails fast (the supervisor restarts the process) instead of swelling.
 */
export const DEFAULT_HEAP_MB = { api: 192, worker: 384 } as const;

/** The node arguments that apply a heap limit: one place for the launcher and the bench. */
export function heapArgs(mb: number): string[] {
  return [`--max-old-space-size=${mb}`];
}

/** HPC_API_HEAP_MB and HPC_WORKER_HEAP_MB, or the defaults. */
export function heapLimits(env: NodeJS.ProcessEnv): { api: number; worker: number } {
  return { api: heapVar(env, 'HPC_API_HEAP_MB', DEFAULT_HEAP_MB.api), worker: heapVar(env, 'HPC_WORKER_HEAP_MB', DEFAULT_HEAP_MB.worker) };
}

function heapVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 64 || n > 65536) throw new LauncherConfigError(`${name} must be a whole number of MiB between 64 and 65536 (got "${raw}")`);
  return n;
}

export class LauncherConfigError extends Error {
  override name = 'LauncherConfigError';
}

function portVar(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new LauncherConfigError(`${name} must be a port number between 1 and 65535 (got "${raw}")`);
  return n;
}

export function launcherSettings(env: NodeJS.ProcessEnv, repoRoot: string): LauncherSettings {
  const dataDir = env.HPC_DATA_DIR?.trim() ? path.resolve(repoRoot, env.HPC_DATA_DIR.trim()) : path.join(repoRoot, '.data');
  return {
    port: portVar(env, 'PORT') ?? 3000,
    dataDir,
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    temporalAddress: env.TEMPORAL_ADDRESS?.trim() || undefined,
    temporalPort: portVar(env, 'TEMPORAL_PORT'),
    temporalUiPort: portVar(env, 'TEMPORAL_UI_PORT'),
    production: env.NODE_ENV === 'production',
    heapMb: heapLimits(env),
  };
}

/** Ports chosen on a first run, kept so the Temporal address and UI URL stay the same across restarts. */
export interface PersistedPorts {
  temporalPort?: number;
  temporalUiPort?: number;
}

/**
 * Picks a dev-server port: an explicit one must be free (else the caller reports it); otherwise the
 * persisted one, then the conventional default, then any free port.
 */
export async function choosePort(
  name: string,
  explicit: number | undefined,
  candidates: Array<number | undefined>,
  isFree: (port: number) => Promise<boolean>,
  freePort: () => Promise<number>,
): Promise<number> {
  if (explicit !== undefined) {
    if (!(await isFree(explicit))) throw new LauncherConfigError(portTakenMessage(name, explicit));
    return explicit;
  }
  for (const port of candidates) if (port !== undefined && (await isFree(port))) return port;
  return freePort();
}

export function portTakenMessage(variable: string, port: number): string {
  return `port ${port} is already in use (${variable}): stop whatever listens there (\`ss -ltnp | grep :${port}\`) or set ${variable} to a free port`;
}
