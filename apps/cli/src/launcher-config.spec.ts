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
    });
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
