// `npm start` rebuilds the console only when a source it depends on is newer than admin-ui/dist.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepoRoot } from './repo-root';

/** Newest modification time under `paths` (files or directories, recursively); 0 when none exist. */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

export function consoleIsStale(repoRoot: string): boolean {
  const built = path.join(repoRoot, 'admin-ui', 'dist', 'index.html');
  if (!fs.existsSync(built)) return true;
  const inputs = ['admin-ui/src', 'admin-ui/index.html', 'admin-ui/public', 'admin-ui/vite.config.ts', 'workflows/domain', 'package-lock.json'];
  return newestMtime(inputs.map((p) => path.join(repoRoot, p))) > fs.statSync(built).mtimeMs;
}

if (require.main === module) {
  const repoRoot = findRepoRoot();
  if (!consoleIsStale(repoRoot)) {
    process.stdout.write('[hpc-flow] console build is up to date (admin-ui/dist)\n');
  } else {
    const res = spawnSync('npm', ['run', '--silent', 'build:ui'], { cwd: repoRoot, stdio: 'inherit' });
    process.exit(res.status ?? 1);
  }
}
