import { choosePort, LauncherConfigError, launcherSettings, portTakenMessage } from './launcher-config';

describe('launcherSettings', () => {
  it('defaults to PORT 3000, .data in the repo, embedded PostgreSQL and Temporal', () => {
    expect(launcherSettings({}, '/repo')).toEqual({
      port: 3000,
      dataDir: '/repo/.data',
      databaseUrl: undefined,
      temporalAddress: undefined,
      temporalPort: undefined,
      temporalUiPort: undefined,
      production: false,
      heapMb: { api: 192, worker: 384 },
    });
  });

  it('takes the api and worker heap limits from the environment, and names the variable of a bad one', () => {
    expect(launcherSettings({ HPC_API_HEAP_MB: '256', HPC_WORKER_HEAP_MB: '1024' }, '/repo').heapMb).toEqual({ api: 256, worker: 1024 });
    expect(() => launcherSettings({ HPC_WORKER_HEAP_MB: '12.5' }, '/repo')).toThrow(
      new LauncherConfigError('HPC_WORKER_HEAP_MB must be a whole number of MiB between 64 and 65536 (got "12.5")'),
    );
    expect(() => launcherSettings({ HPC_API_HEAP_MB: '32' }, '/repo')).toThrow(/HPC_API_HEAP_MB must be a whole number of MiB between 64 and 65536/);
  });

  it('takes external services and a relative data dir from the environment', () => {
    const s = launcherSettings(
      { PORT: '3102', HPC_DATA_DIR: '.data-h2', DATABASE_URL: 'postgresql://u@db/x', TEMPORAL_ADDRESS: 'temporal:7233', NODE_ENV: 'production' },
      '/repo',
    );
    expect(s).toMatchObject({ port: 3102, dataDir: '/repo/.data-h2', databaseUrl: 'postgresql://u@db/x', temporalAddress: 'temporal:7233', production: true });
  });

  it('names the variable of a bad port', () => {
    expect(() => launcherSettings({ TEMPORAL_UI_PORT: '70000' }, '/repo')).toThrow(
      new LauncherConfigError('TEMPORAL_UI_PORT must be a port number between 1 and 65535 (got "70000")'),
    );
  });
});

describe('choosePort', () => {
  const freePort = async () => 40000;

  it('refuses an explicit port that is taken, naming the variable', async () => {
    await expect(choosePort('TEMPORAL_PORT', 7233, [], async () => false, freePort)).rejects.toThrow(portTakenMessage('TEMPORAL_PORT', 7233));
  });

  it('prefers the persisted port, then the default, then any free port', async () => {
    const taken = new Set([7233]);
    const isFree = async (p: number) => !taken.has(p);
    await expect(choosePort('TEMPORAL_PORT', undefined, [41000, 7233], isFree, freePort)).resolves.toBe(41000);
    await expect(choosePort('TEMPORAL_PORT', undefined, [undefined, 7234], isFree, freePort)).resolves.toBe(7234);
    await expect(choosePort('TEMPORAL_PORT', undefined, [undefined, 7233], isFree, freePort)).resolves.toBe(40000);
  });
});
