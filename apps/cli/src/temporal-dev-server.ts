// Runs `temporal server start-dev` (real server, SQLite or in-memory) with our search attributes and Updates on.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES, searchAttributeFlags } from '@hpc/workflows/contracts/search-attributes';
import { waitUntil } from './net';

export interface DevServerOptions {
  cliPath: string;
  ip?: string;
  port: number;
  /** Web UI port; omit for a headless server (tests). */
  uiPort?: number;
  /** SQLite file for persistence; omit for in-memory. */
  dbFilename?: string;
  namespace?: string;
  /** Further namespaces created beside `namespace`, each with the same search attributes (one per parallel test worker). */
  moreNamespaces?: string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  startTimeoutMs?: number;
  /** Run in its own process group (launcher); tests keep it attached. */
  detached?: boolean;
  /** Receives the server's stdout/stderr; default discards. */
  onOutput?: (chunk: string) => void;
  /** Register HPC Flow's search attributes (default true); false gives the bare namespace a real cluster has. */
  searchAttributes?: boolean;
}

export interface RunningDevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Same dynamic config the SDK's own ephemeral dev server passes (sdk-core ephemeral_server/mod.rs). */
export const DEV_SERVER_DYNAMIC_CONFIG = [
  'frontend.enableServerVersionCheck=false',
  'frontend.enableUpdateWorkflowExecution=true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
];

export function devServerArgs(opts: DevServerOptions): string[] {
  const args = [
    'server', 'start-dev',
    '--ip', opts.ip ?? '127.0.0.1',
    '--port', String(opts.port),
    '--namespace', opts.namespace ?? 'default',
    ...(opts.moreNamespaces ?? []).flatMap((ns) => ['--namespace', ns]),
    '--log-format', 'json',
    '--log-level', opts.logLevel ?? 'warn',
    ...DEV_SERVER_DYNAMIC_CONFIG.flatMap((v) => ['--dynamic-config-value', v]),
    ...(opts.searchAttributes === false ? [] : searchAttributeFlags()),
  ];
  if (opts.uiPort !== undefined) args.push('--ui-ip', opts.ip ?? '127.0.0.1', '--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFilename) args.push('--db-filename', opts.dbFilename);
  return args;
}

export async function startDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  const address = `${ip}:${opts.port}`;
  if (opts.dbFilename) fs.mkdirSync(path.dirname(opts.dbFilename), { recursive: true });

  // Own process group: a terminal Ctrl-C reaches only the launcher, which stops things in order.
  const child = spawn(opts.cliPath, devServerArgs(opts), { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached ?? false });
  let tail = '';
  const onChunk = (buf: Buffer) => {
    const text = buf.toString();
    tail = (tail + text).slice(-4000);
    opts.onOutput?.(text);
  };
  child.stdout?.on('data', onChunk);
  child.stderr?.on('data', onChunk);
  let exited: string | undefined;
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    });
  });

  const stop = async () => {
    if (exited || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exitedPromise;
    clearTimeout(killTimer);
  };

  try {
    await waitUntil(
      `Temporal dev server at ${address}`,
      async () => {
        const connection = await Connection.connect({ address, connectTimeout: 1_000 });
        try {
          for (const ns of [namespace, ...(opts.moreNamespaces ?? [])]) {
            await connection.workflowService.describeNamespace({ namespace: ns });
            if (opts.searchAttributes === false) continue;
            const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: ns });
            const missing = Object.keys(SEARCH_ATTRIBUTES).filter((name) => !customAttributes || !(name in customAttributes));
            if (missing.length) throw new Error(`search attributes not registered yet in ${ns}: ${missing.join(', ')}`);
          }
        } finally {
          await connection.close();
        }
      },
      {
        timeoutMs: opts.startTimeoutMs ?? 30_000,
        abort: () => (spawnError ? spawnError.message : exited ? `${exited}: ${lastLines(tail)}` : undefined),
      },
    );
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    address,
    namespace,
    uiUrl: opts.uiPort !== undefined ? `http://${ip}:${opts.uiPort}` : undefined,
    child,
    stop,
  };
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean).slice(-3);
  return lines.map((line) => {
    try {
      const parsed = JSON.parse(line) as { msg?: string; error?: string };
      return [parsed.msg, parsed.error].filter(Boolean).join(': ');
    } catch {
      return line;
    }
  }).join(' | ') || 'no output';
}
