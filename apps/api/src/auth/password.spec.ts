import { DEFAULT_PASSWORD_HASH_COST, hashPassword, passwordHashCost, verifyPassword } from './password';

describe('password hashing', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults to RFC 9106\'s second recommended argon2id option', () => {
    const problems: string[] = [];
    expect(passwordHashCost({}, problems, true)).toEqual({ memoryKib: 65_536, iterations: 3, parallelism: 4 });
    expect(DEFAULT_PASSWORD_HASH_COST).toEqual({ memoryKib: 65_536, iterations: 3, parallelism: 4 });
    expect(problems).toEqual([]);
  });

  it('hashes with the cost of the environment, and a hash of another cost still verifies', async () => {
    // This process's cost is read once, on the first hash (jest gives each spec file a fresh module).
    process.env.PASSWORD_HASH_MEMORY_KIB = '1024';
    process.env.PASSWORD_HASH_ITERATIONS = '1';
    process.env.PASSWORD_HASH_PARALLELISM = '1';
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    await expect(verifyPassword(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'wrong horse battery')).resolves.toBe(false);
    // Made at another cost (as by an earlier release): the parameters travel in the hash.
    const argon2 = await import('argon2');
    const older = await argon2.hash('older password', { type: argon2.argon2id, memoryCost: 2048, timeCost: 2, parallelism: 2 });
    await expect(verifyPassword(older, 'older password')).resolves.toBe(true);
    await expect(verifyPassword(null, 'anything')).resolves.toBe(false);
  });
});
