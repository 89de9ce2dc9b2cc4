// UsersService without a database: the order of checks on create (found by fuzzing: a duplicate username
// answered 409 only after a full argon2 hash, ~1.5 s of CPU per request on a loaded machine).
import type { Actor } from '@hpc/workflows/domain';
import { hashPassword } from '../../auth/password';
import type { UserStateService } from '../../auth/user-state.service';
import type { AppConfig } from '../../config/app-config';
import type { OperationsRepository, OrganisationsRepository, UsersRepository } from '../../persistence/repositories';
import { UsersService } from './users.service';

jest.mock('../../auth/password', () => ({ hashPassword: jest.fn(async (p: string) => `hashed:${p}`) }));

const admin = { id: 'a', roles: ['admin'] } as unknown as Actor;
const dto = { username: 'Taken', displayName: 'Someone', password: 'long-enough-1', roles: ['auditor'] } as never;

function service(taken: boolean) {
  const inserted: unknown[] = [];
  const users = {
    usernameTaken: jest.fn(async () => taken),
    insert: jest.fn(async (u: Record<string, unknown>) => {
      inserted.push(u);
      return { id: 'new', createdAt: new Date(0), updatedAt: new Date(0), ...u };
    }),
  } as unknown as UsersRepository;
  const organisations = { findById: async () => null, findByIds: async () => [] } as unknown as OrganisationsRepository;
  const operations = { findByIds: async () => [], missingIds: async () => [] } as unknown as OperationsRepository;
  const svc = new UsersService({ isProduction: false } as AppConfig, users, organisations, operations, {} as UserStateService);
  return { svc, users, inserted };
}

describe('UsersService.create', () => {
  beforeEach(() => jest.mocked(hashPassword).mockClear());

  it('answers 409 for a taken username before hashing the password', async () => {
    const { svc, inserted } = service(true);
    await expect(svc.create(admin, dto)).rejects.toMatchObject({ status: 409, message: 'username already exists' });
    expect(hashPassword).not.toHaveBeenCalled();
    expect(inserted).toEqual([]);
  });

  it('hashes and inserts a free username', async () => {
    const { svc, users, inserted } = service(false);
    await expect(svc.create(admin, dto)).resolves.toMatchObject({ id: 'new', username: 'Taken' });
    expect(users.usernameTaken).toHaveBeenCalledWith('Taken');
    expect(hashPassword).toHaveBeenCalledTimes(1);
    expect(inserted).toHaveLength(1);
  });
});
