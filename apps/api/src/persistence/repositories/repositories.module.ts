import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENTITIES } from '../entities';
import { REFERENCE_REPOSITORIES } from './index';

/** Global: every entity's TypeORM Repository plus the reference-data repositories. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES)],
  providers: [...REFERENCE_REPOSITORIES],
  exports: [TypeOrmModule, ...REFERENCE_REPOSITORIES],
})
export class RepositoriesModule {}
