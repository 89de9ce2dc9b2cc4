// Supervision of the launcher's services with real child processes: a service killed with SIGKILL comes back,
// a restart that fails is retried, a crash loop gives up once, and a stopped service stays stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { heapArgs } from './launcher-config';
import { childExit, CrashLoopGuard, SupervisedProcess, SupervisedService } from './supervisor';

interface FakeServer {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A real process standing in for the dev server or PostgreSQL: it runs until killed (or exits at once). */
function spawnServer(exitAtOnce = false): Promise<FakeServer> {
  const child = spawn(process.execPath, ['-e', exitAtOnce ? 'process.exit(3)' : 'setInterval(() => undefined, 1000)'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () =>
      resolve({
        child,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const done = childExit(child);
          child.kill('SIGTERM');
          await done;
        },
      }),
    );
  });
}

async function until(ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('CrashLoopGuard', () => {
  it('gives up on the (max+1)th crash within the window, and forgets crashes older than the window', () => {
    const guard = new CrashLoopGuard(2, 1_000);
    expect(guard.crashed(0)).toBe(false);
    expect(guard.crashed(100)).toBe(false);
    expect(guard.crashed(200)).toBe(true);
    const slow = new CrashLoopGuard(2, 1_000);
    expect([slow.crashed(0), slow.crashed(600), slow.crashed(1_200), slow.crashed(1_800)]).toEqual([false, false, false, false]);
  });
});

describe('SupervisedService', () => {
  const services: SupervisedService<FakeServer>[] = [];
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop()));
  });

  function supervise(start: () => Promise<FakeServer>, events: string[], maxRestarts = 3) {
    const s = new SupervisedService<FakeServer>({
      name: 'dev server',
      start,
      exited: (server) => childExit(server.child),
      maxRestarts,
      windowMs: 60_000,
      restartDelayMs: 20,
      onRestart: (name, reason) => events.push(`restart ${name}: ${reason}`),
      onRestarted: (name) => events.push(`back ${name}`),
      onGiveUp: (name, reason) => events.push(`give up ${name}: ${reason}`),
    });
    services.push(s);
    return s;
  }

  it('restarts a service killed with SIGKILL (a new process), as often as it dies', async () => {
    const events: string[] = [];
    const s = supervise(() => spawnServer(), events);
    const first = await s.start();
    first.child.kill('SIGKILL');
    await until(() => s.restartCount === 1);
    const second = s.service!;
    expect(second.child.pid).not.toBe(first.child.pid);
    expect(second.child.exitCode).toBeNull();
    second.child.kill('SIGKILL');
    await until(() => s.restartCount === 2);
    expect(events).toEqual(['restart dev server: exited with SIGKILL', 'back dev server', 'restart dev server: exited with SIGKILL', 'back dev server']);
  });

  it('retries a restart that fails (e.g. the port still held), and it counts toward the guard', async () => {
    const events: string[] = [];
    let calls = 0;
    const s = supervise(async () => {
      calls += 1;
      if (calls === 2) throw new Error('port 7233 is taken');
      return spawnServer();
    }, events);
    (await s.start()).child.kill('SIGKILL');
    await until(() => s.restartCount === 1);
    expect(calls).toBe(3);
    expect(events).toEqual(['restart dev server: exited with SIGKILL', 'restart dev server: failed to restart: port 7233 is taken', 'back dev server']);
  });

  it('gives up once on a crash loop (more than maxRestarts crashes within the window), and starts nothing more', async () => {
    const events: string[] = [];
    let calls = 0;
    const s = supervise(() => {
      calls += 1;
      return spawnServer(true);
    }, events, 2);
    await s.start();
    await until(() => events.some((e) => e.startsWith('give up')));
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(3);
    expect(events.filter((e) => e.startsWith('give up'))).toEqual(['give up dev server: exited with code 3']);
  });

  it('a service stopped on purpose is not restarted', async () => {
    const events: string[] = [];
    const s = supervise(() => spawnServer(), events);
    const first = await s.start();
    await s.stop();
    expect(first.child.signalCode).toBe('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toEqual([]);
    expect(s.restartCount).toBe(0);
  });

  it('the first start failing is the caller\'s error, not a restart', async () => {
    const events: string[] = [];
    const s = supervise(() => Promise.reject(new Error('no binary')), events);
    await expect(s.start()).rejects.toThrow('no binary');
    expect(events).toEqual([]);
  });
});

describe('SupervisedProcess', () => {
  it('starts the script with its node arguments (the heap limit reaches V8)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpc-supervised-'));
    const script = path.join(dir, 'report.js');
    const out = path.join(dir, 'heap.txt');
    fs.writeFileSync(script, `require('fs').writeFileSync(${JSON.stringify(out)}, String(require('v8').getHeapStatistics().heap_size_limit));`);
    const p = new SupervisedProcess({ name: 'api', script, nodeArgs: heapArgs(96), env: process.env, logFile: path.join(dir, 'api.log'), maxRestarts: 0 });
    p.start();
    await until(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').length > 0);
    await p.stop();
    const limitMb = Number(fs.readFileSync(out, 'utf8')) / 2 ** 20;
    // old space 96 MiB plus V8's young generation: far below the default limit of a machine with gigabytes
    expect(limitMb).toBeGreaterThanOrEqual(96);
    expect(limitMb).toBeLessThan(160);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
