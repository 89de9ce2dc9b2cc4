// One launcher per data directory. A launcher that was killed outright (SIGKILL, OOM) leaves its
// detached PostgreSQL and Temporal dev server running on that directory; the next launcher stops them
// before starting its own (two Temporal servers on one SQLite file would corrupt it).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ProcessInfo {
  pid: number;
  argv: string[];
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/** Processes whose command line runs our PostgreSQL cluster or our Temporal database in `dataDir`. */
export function leftoversIn(dataDir: string, processes: readonly ProcessInfo[]): ProcessInfo[] {
  const cluster = path.join(dataDir, 'postgres');
  const temporalDb = path.join(dataDir, 'temporal.db');
  return processes.filter(({ argv }) => {
    const exe = path.basename(argv[0] ?? '');
    if (exe === 'postgres') {
      const d = argv.indexOf('-D');
      return d >= 0 && argv[d + 1] === cluster;
    }
    if (exe === 'temporal') {
      const f = argv.indexOf('--db-filename');
      return argv.includes('start-dev') && f >= 0 && argv[f + 1] === temporalDb;
    }
    return false;
  });
}

/** Every process on this machine with its argv (Linux /proc; elsewhere none are found). */
export function listProcesses(): ProcessInfo[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.length > 0) out.push({ pid: Number(entry), argv });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the data directory for this launcher: refuse when another live launcher holds it; when its holder
 * is dead, stop what it left running (SIGINT: PostgreSQL's fast shutdown; the dev server exits cleanly).
 * Returns a release function that removes the lock.
 */
export async function lockDataDir(
  dataDir: string,
  notice: (line: string) => void,
  deps: { list?: () => ProcessInfo[]; waitMs?: number } = {},
): Promise<() => void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'launcher.pid');
  const holder = fs.existsSync(lockFile) ? Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10) : NaN;
  if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
    throw new DataDirLockedError(`another HPC Flow launcher (pid ${holder}) is running on ${dataDir}: stop it, or set HPC_DATA_DIR to another directory`);
  }
  const leftovers = leftoversIn(dataDir, (deps.list ?? listProcesses)());
  if (leftovers.length > 0) {
    notice(`stopping what an earlier launcher left running on ${dataDir}: ${leftovers.map((p) => `${path.basename(p.argv[0])} (pid ${p.pid})`).join(', ')}`);
    for (const p of leftovers) {
      try {
        process.kill(p.pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
    const deadline = Date.now() + (deps.waitMs ?? 20_000);
    while (leftovers.some((p) => alive(p.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    for (const p of leftovers.filter((x) => alive(x.pid))) process.kill(p.pid, 'SIGKILL');
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.rmSync(lockFile);
    } catch {
      // nothing to release
    }
  };
}
