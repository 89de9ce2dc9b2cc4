// Supervision of everything the launcher runs: the api and the worker (Node children with their log in a file) and
// the embedded Temporal dev server and PostgreSQL (SupervisedService): each is restarted after a crash, with one
// crash-loop guard (more than `maxRestarts` crashes within `windowMs` and the launcher gives up).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

export interface SupervisedOptions {
  name: string;
  script: string;
  /** Node's own arguments before the script (e.g. the heap limit). */
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Crashes tolerated within `windowMs` before giving up. */
  maxRestarts?: number;
  windowMs?: number;
  onRestart?: (name: string, reason: string) => void;
  onGiveUp?: (name: string, reason: string) => void;
}

/** Counts crashes in a sliding window: the same guard for every supervised piece. */
export class CrashLoopGuard {
  private crashes: number[] = [];

  constructor(
    private readonly maxRestarts = 5,
    private readonly windowMs = 60_000,
  ) {}

  /** Records a crash; true when there were more than `maxRestarts` within the window (give up). */
  crashed(now = Date.now()): boolean {
    this.crashes = [...this.crashes.filter((t) => now - t < this.windowMs), now];
    return this.crashes.length > this.maxRestarts;
  }
}

export class SupervisedProcess {
  private child?: ChildProcess;
  private stopping = false;
  private readonly guard: CrashLoopGuard;

  constructor(private readonly opts: SupervisedOptions) {
    this.guard = new CrashLoopGuard(opts.maxRestarts ?? 5, opts.windowMs ?? 60_000);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const log = fs.openSync(this.opts.logFile, 'a');
    // Own process group: a terminal Ctrl-C reaches only the launcher, which stops the api before the worker.
    const child = spawn(process.execPath, [...(this.opts.nodeArgs ?? []), this.opts.script], { env: this.opts.env, stdio: ['ignore', log, log], detached: true });
    fs.closeSync(log);
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const reason = `exited with ${signal ?? `code ${code}`}`;
      if (this.guard.crashed()) {
        this.opts.onGiveUp?.(this.opts.name, reason);
        return;
      }
      this.opts.onRestart?.(this.opts.name, reason);
      // A short pause so a crash loop does not spin the CPU; Temporal keeps every process's state meanwhile.
      setTimeout(() => !this.stopping && this.start(), 1_000);
    });
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

/** A running service the launcher started (the Temporal dev server, PostgreSQL). */
export interface StoppableService {
  stop(): Promise<void>;
}

export interface SupervisedServiceOptions<T extends StoppableService> {
  name: string;
  /** Starts the service (the same port and data every time, so the api and the worker reconnect). */
  start: () => Promise<T>;
  /** Resolves with a reason (`exited with SIGKILL`) when the started service exits. */
  exited: (service: T) => Promise<string>;
  maxRestarts?: number;
  windowMs?: number;
  restartDelayMs?: number;
  onRestart?: (name: string, reason: string) => void;
  onRestarted?: (name: string, service: T) => void;
  onGiveUp?: (name: string, reason: string) => void;
}

/**
 * Restarts a crashed service the way SupervisedProcess restarts the api and the worker: after a pause, with the
 * same crash-loop guard; a restart that fails counts as a crash and is tried again until the guard gives up.
 */
export class SupervisedService<T extends StoppableService> {
  private current?: T;
  private stopping = false;
  private readonly guard: CrashLoopGuard;
  private restarts = 0;

  constructor(private readonly opts: SupervisedServiceOptions<T>) {
    this.guard = new CrashLoopGuard(opts.maxRestarts ?? 5, opts.windowMs ?? 60_000);
  }

  /** The first start: its failure is the caller's (a service that never came up is a startup error). */
  async start(): Promise<T> {
    const service = await this.opts.start();
    this.adopt(service);
    return service;
  }

  get service(): T | undefined {
    return this.current;
  }

  get restartCount(): number {
    return this.restarts;
  }

  private adopt(service: T): void {
    this.current = service;
    void this.opts.exited(service).then((reason) => this.crashed(service, reason));
  }

  private crashed(service: T, reason: string): void {
    if (this.stopping || service !== this.current) return;
    if (this.guard.crashed()) {
      this.opts.onGiveUp?.(this.opts.name, reason);
      return;
    }
    this.opts.onRestart?.(this.opts.name, reason);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    setTimeout(() => void this.restart(), this.opts.restartDelayMs ?? 1_000);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    let service: T;
    try {
      service = await this.opts.start();
    } catch (err) {
      if (this.stopping) return;
      const reason = `failed to restart: ${err instanceof Error ? err.message : String(err)}`;
      if (this.guard.crashed()) {
        this.opts.onGiveUp?.(this.opts.name, reason);
        return;
      }
      this.opts.onRestart?.(this.opts.name, reason);
      this.scheduleRestart();
      return;
    }
    if (this.stopping) {
      await service.stop();
      return;
    }
    this.restarts += 1;
    this.adopt(service);
    this.opts.onRestarted?.(this.opts.name, service);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.current?.stop();
  }
}

/** `exited with SIGKILL` / `exited with code 1` once the child exits (at once if it already has). */
export function childExit(child: ChildProcess): Promise<string> {
  const reason = () => `exited with ${child.signalCode ?? `code ${child.exitCode}`}`;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(reason());
  return new Promise((resolve) => child.once('exit', () => resolve(reason())));
}

/** The last lines of a log file, for a one-screen explanation of a crash. */
export function tailFile(file: string, lines = 15): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
