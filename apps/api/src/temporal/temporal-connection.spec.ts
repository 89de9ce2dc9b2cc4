import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { temporalConnectionOptions } from './temporal-connection';

describe('Temporal connection options', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpc-tls-'));
  const file = (name: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, `-----BEGIN ${name}-----\n`);
    return p;
  };
  const base = { address: 'temporal.internal:7233', tlsCertPath: null, tlsKeyPath: null, apiKey: null };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is plain without TLS settings, and TLS with only the API key', () => {
    expect(temporalConnectionOptions(base, {})).toEqual({ address: 'temporal.internal:7233' });
    expect(temporalConnectionOptions({ ...base, apiKey: 'k' }, {})).toEqual({ address: 'temporal.internal:7233', apiKey: 'k', tls: true });
  });

  it('takes a self-hosted server CA and server name beside the mTLS client pair', () => {
    const options = temporalConnectionOptions({ ...base, tlsCertPath: file('CERT'), tlsKeyPath: file('KEY') }, { TEMPORAL_TLS_CA_PATH: file('CA'), TEMPORAL_TLS_SERVER_NAME: 'temporal.cluster.local' });
    expect(options.tls).toEqual({
      clientCertPair: { crt: Buffer.from('-----BEGIN CERT-----\n'), key: Buffer.from('-----BEGIN KEY-----\n') },
      serverRootCACertificate: Buffer.from('-----BEGIN CA-----\n'),
      serverNameOverride: 'temporal.cluster.local',
    });
  });

  it('names the variable of an unreadable file or a bad server name', () => {
    expect(() => temporalConnectionOptions(base, { TEMPORAL_TLS_CA_PATH: path.join(dir, 'missing.pem') })).toThrow(`TEMPORAL_TLS_CA_PATH ${path.join(dir, 'missing.pem')} cannot be read: ENOENT`);
    expect(() => temporalConnectionOptions(base, { TEMPORAL_TLS_SERVER_NAME: 'bad name' })).toThrow('TEMPORAL_TLS_SERVER_NAME must be a host name such as temporal.internal (got "bad name")');
  });
});
