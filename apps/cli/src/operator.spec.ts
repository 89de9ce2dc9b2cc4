import { adminInputProblems } from './admin';
import { findPgTool, libpqEnv, restoreList, toolMajor } from './backup';
import { flag } from './args';
import { displayHost, listenHost } from './listen-host';

describe('listen host', () => {
  it('binds loopback outside production and every interface in production, unless HOST says otherwise', () => {
    expect(listenHost({})).toBe('127.0.0.1');
    expect(listenHost({ NODE_ENV: 'development' })).toBe('127.0.0.1');
    expect(listenHost({ NODE_ENV: 'production' })).toBe('0.0.0.0');
    expect(listenHost({ HOST: '0.0.0.0' })).toBe('0.0.0.0');
    expect(listenHost({ NODE_ENV: 'production', HOST: '127.0.0.1' })).toBe('127.0.0.1');
    expect(() => listenHost({ HOST: 'example.org' })).toThrow('HOST must be an IP address such as 127.0.0.1 or 0.0.0.0, or localhost (got "example.org")');
    expect(displayHost('0.0.0.0')).toBe('localhost');
    expect(displayHost('10.0.0.5')).toBe('10.0.0.5');
  });
});

describe('admin input', () => {
  it('names the field and the rule', () => {
    expect(adminInputProblems({ username: 'alice', displayName: 'Alice', password: 'correct horse battery' })).toEqual([]);
    expect(adminInputProblems({ username: '-x', displayName: ' ', password: 'short' })).toEqual([
      'username may contain only letters, digits, dots, dashes and underscores, starting with a letter or digit',
      'display name must be 1 to 200 characters',
      'password must be at least 12 characters',
    ]);
    expect(adminInputProblems({ username: 'a', displayName: 'A', password: 'x'.repeat(12) })).toEqual(['username must be 2 to 64 characters']);
  });
});

describe('backup helpers', () => {
  it('drops only the public schema entries from the restore list', () => {
    const toc = ['; comment', '5; 2615 2200 SCHEMA - public pg_database_owner', '3385; 0 0 COMMENT - SCHEMA public pg_database_owner', '215; 1259 18409 TABLE public users postgres'].join('\n');
    expect(restoreList(toc)).toBe('; comment\n215; 1259 18409 TABLE public users postgres');
  });

  it('picks a pg_dump at least as new as the server, and says what it found otherwise', async () => {
    expect(toolMajor('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)')).toBe(15);
    expect(toolMajor('pg_restore (PostgreSQL) 18.1')).toBe(18);
    expect(toolMajor('something else')).toBeNull();
    const env = { PATH: '/nonexistent', PG_BIN_DIR: '/nonexistent-bin' };
    await expect(findPgTool('pg_dump', 99, env)).rejects.toThrow(/^pg_dump 99 or newer is needed for this PostgreSQL 99 server and .*apt-get install postgresql-client-99/);
  });

  it('moves the password out of the connection string', () => {
    const { env, dbname } = libpqEnv('postgresql://hpc:s%40cret@db:5432/hpcflow');
    expect(env.PGPASSWORD).toBe('s@cret');
    expect(dbname).toBe('postgresql://hpc@db:5432/hpcflow');
  });
});

describe('command line', () => {
  it('reads --name value and --name=value', () => {
    expect(flag(['--username', 'alice', '--display-name=Alice Ouma'], 'username')).toBe('alice');
    expect(flag(['--username', 'alice', '--display-name=Alice Ouma'], 'display-name')).toBe('Alice Ouma');
    expect(flag([], 'since')).toBeUndefined();
  });
});
