// Connection settings for Temporal from the validated config, shared by the API client and the worker.
import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config/app-config';

type TemporalSettings = Pick<AppConfig['temporal'], 'address' | 'tlsCertPath' | 'tlsKeyPath' | 'apiKey'>;

export interface TemporalTlsSettings {
  clientCertPair?: { crt: Buffer; key: Buffer };
  /** A self-hosted cluster's own CA (its server certificate is not signed by a public one). */
  serverRootCACertificate?: Buffer;
  /** The name in the server certificate when it differs from TEMPORAL_ADDRESS's host. */
  serverNameOverride?: string;
}

/** Assignable to both `@temporalio/client` ConnectionOptions and `@temporalio/worker` NativeConnectionOptions. */
export interface TemporalConnectionSettings {
  address: string;
  tls?: boolean | TemporalTlsSettings;
  apiKey?: string;
}

export class TemporalTlsConfigError extends Error {
  override name = 'TemporalTlsConfigError';
}

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new TemporalTlsConfigError(`${variable} ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * TEMPORAL_TLS_CERT_PATH/KEY_PATH (mTLS client pair), TEMPORAL_TLS_CA_PATH and TEMPORAL_TLS_SERVER_NAME
 * (self-hosted server CA and name; either one turns TLS on), TEMPORAL_API_KEY (Temporal Cloud; implies TLS).
 */
export function temporalConnectionOptions(config: AppConfig | TemporalSettings, env: NodeJS.ProcessEnv = process.env): TemporalConnectionSettings {
  const t: TemporalSettings = 'temporal' in config ? config.temporal : config;
  const options: TemporalConnectionSettings = { address: t.address };
  const tls: TemporalTlsSettings = {};
  if (t.tlsCertPath && t.tlsKeyPath) {
    tls.clientCertPair = { crt: readPem('TEMPORAL_TLS_CERT_PATH', t.tlsCertPath), key: readPem('TEMPORAL_TLS_KEY_PATH', t.tlsKeyPath) };
  }
  const caPath = env.TEMPORAL_TLS_CA_PATH?.trim();
  if (caPath) tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA_PATH', caPath);
  const serverName = env.TEMPORAL_TLS_SERVER_NAME?.trim();
  if (serverName) {
    if (!/^[A-Za-z0-9.-]+$/.test(serverName)) throw new TemporalTlsConfigError(`TEMPORAL_TLS_SERVER_NAME must be a host name such as temporal.internal (got "${serverName}")`);
    tls.serverNameOverride = serverName;
  }
  if (Object.keys(tls).length) options.tls = tls;
  if (t.apiKey) {
    options.apiKey = t.apiKey;
    options.tls ??= true; // API keys are only accepted over TLS (Temporal Cloud)
  }
  return options;
}
