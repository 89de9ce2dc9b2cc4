// Runs a Node child (api, worker) with its log in a file, restarts it after a crash, gives up on a crash loop.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

export interface SupervisedOptions {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Crashes tolerated within `windowMs` before giving up. */
  maxRestarts?: number;
  windowMs?: number;
  onRestart?: (name: string, reason: string) => void;
  onGiveUp?: (name: string, reason: string) => void;
}

export class SupervisedProcess {
  private child?: ChildProcess;
  private stopping = false;
  private crashes: number[] = [];

  constructor(private readonly opts: SupervisedOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const log = fs.openSync(this.opts.logFile, 'a');
    // Own process group: a terminal Ctrl-C reaches only the launcher, which stops the api before the worker.
    const child = spawn(process.execPath, [this.opts.script], { env: this.opts.env, stdio: ['ignore', log, log], detached: true });
    fs.closeSync(log);
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const reason = `exited with ${signal ?? `code ${code}`}`;
      const now = Date.now();
      this.crashes = [...this.crashes.filter((t) => now - t < (this.opts.windowMs ?? 60_000)), now];
      if (this.crashes.length > (this.opts.maxRestarts ?? 5)) {
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

/** The last lines of a log file, for a one-screen explanation of a crash. */
export function tailFile(file: string, lines = 15): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
