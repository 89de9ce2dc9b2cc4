import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { consoleIsStale } from './build-ui-if-stale';

describe('consoleIsStale', () => {
  let root: string;
  const touch = (rel: string, mtimeSec: number) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'x');
    fs.utimesSync(file, mtimeSec, mtimeSec);
  };
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'hpc-ui-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is stale without a build', () => {
    touch('admin-ui/src/App.tsx', 1000);
    expect(consoleIsStale(root)).toBe(true);
  });
  it('is fresh when the build is newer than every input', () => {
    touch('admin-ui/src/App.tsx', 1000);
    touch('workflows/domain/roles.ts', 1000);
    touch('admin-ui/dist/index.html', 2000);
    expect(consoleIsStale(root)).toBe(false);
  });
  it('is stale when a console source or the shared domain changed after the build', () => {
    touch('admin-ui/dist/index.html', 2000);
    touch('workflows/domain/roles.ts', 3000);
    expect(consoleIsStale(root)).toBe(true);
  });
});
