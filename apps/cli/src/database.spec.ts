import { checkDatabase, databaseUrlFor, redactUrl } from './database';

describe('database URL helpers', () => {
  it('points the same server at another database, keeping credentials and options', () => {
    expect(databaseUrlFor('postgresql://u:p%40ss@db:5433/postgres?sslmode=require', 'hpcflow_test_1_2')).toBe(
      'postgresql://u:p%40ss@db:5433/hpcflow_test_1_2?sslmode=require',
    );
  });
  it('hides the password in messages', () => {
    expect(redactUrl('postgresql://u:secret@db:5432/x')).toBe('postgresql://u:***@db:5432/x');
    expect(redactUrl('postgresql://u@db:5432/x')).toBe('postgresql://u@db:5432/x');
  });
  it('rejects a malformed DATABASE_URL with the expected shape', async () => {
    await expect(checkDatabase('not a url')).rejects.toThrow('DATABASE_URL is not a valid URL (expected postgresql://user:password@host:port/database)');
  });
  it('names the redacted URL and the cause when nothing answers', async () => {
    await expect(checkDatabase('postgresql://u:secret@127.0.0.1:1/x')).rejects.toThrow(/^cannot connect to DATABASE_URL postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: .*ECONNREFUSED/);
  });
});
