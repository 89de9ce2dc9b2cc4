import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataDirLockedError, leftoversIn, lockDataDir } from './leftovers';

describe('leftoversIn', () => {
  const dir = '/srv/hpc/.data';
  it('finds our PostgreSQL cluster and our Temporal database, and nothing else', () => {
    const found = leftoversIn(dir, [
      { pid: 1, argv: ['/x/native/bin/postgres', '-D', '/srv/hpc/.data/postgres', '-p', '5999'] },
      { pid: 2, argv: ['/x/.tools/venv/bin/temporal', 'server', 'start-dev', '--db-filename', '/srv/hpc/.data/temporal.db'] },
      { pid: 3, argv: ['/usr/lib/postgresql/15/bin/postgres', '-D', '/var/lib/postgresql/15/main'] },
      { pid: 4, argv: ['/x/temporal', 'server', 'start-dev', '--db-filename', '/other/.data/temporal.db'] },
      { pid: 5, argv: ['node', 'dist/apps/api/src/main.js'] },
    ]);
    expect(found.map((p) => p.pid)).toEqual([1, 2]);
  });
});

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpc-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a data directory held by a live launcher', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(path.join(dir, 'launcher.pid'), String(other.pid));
      await expect(lockDataDir(dir, () => undefined, { list: () => [] })).rejects.toThrow(DataDirLockedError);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over from a dead launcher, stops what it left running, and releases the lock', async () => {
    fs.writeFileSync(path.join(dir, 'launcher.pid'), '999999999');
    const orphan = spawn(process.execPath, ['-e', 'process.on("SIGINT", () => process.exit(0)); setTimeout(() => {}, 30000)']);
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise((r) => orphan.once('exit', r));
    const notices: string[] = [];
    const release = await lockDataDir(dir, (l) => notices.push(l), {
      list: () => [{ pid: orphan.pid!, argv: ['/x/temporal', 'server', 'start-dev', '--db-filename', path.join(dir, 'temporal.db')] }],
      waitMs: 5_000,
    });
    await exited;
    expect(notices[0]).toContain(`temporal (pid ${orphan.pid})`);
    expect(fs.readFileSync(path.join(dir, 'launcher.pid'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'launcher.pid'))).toBe(false);
  });
});
