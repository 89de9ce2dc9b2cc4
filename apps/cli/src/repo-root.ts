import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the nearest directory upwards holding the hpc-flow package.json (works from src and dist). */
export function findRepoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'hpc-flow') return dir;
      } catch {
        // an unreadable manifest is not ours; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the hpc-flow repository root above ${start}`);
    dir = parent;
  }
}
