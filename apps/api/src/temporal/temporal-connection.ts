// Connection settings for Temporal from the validated config, shared by the API client and the worker.
import { readFileSync } from 'node:fs';
import type { AppConfig } from '../config/app-config';

type TemporalSettings = Pick<AppConfig['temporal'], 'address' | 'tlsCertPath' | 'tlsKeyPath' | 'apiKey'>;

/** Assignable to both `@temporalio/client` ConnectionOptions and `@temporalio/worker` NativeConnectionOptions. */
export interface TemporalConnectionSettings {
  address: string;
  tls?: boolean | { clientCertPair: { crt: Buffer; key: Buffer } };
  apiKey?: string;
}

export function temporalConnectionOptions(config: AppConfig | TemporalSettings): TemporalConnectionSettings {
  const t: TemporalSettings = 'temporal' in config ? config.temporal : config;
  const options: TemporalConnectionSettings = { address: t.address };
  if (t.tlsCertPath && t.tlsKeyPath) {
    options.tls = { clientCertPair: { crt: readFileSync(t.tlsCertPath), key: readFileSync(t.tlsKeyPath) } };
  }
  if (t.apiKey) {
    options.apiKey = t.apiKey;
    options.tls ??= true; // API keys are only accepted over TLS (Temporal Cloud)
  }
  return options;
}
