import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENTITIES } from '../entities';
import { PROCESS_REPOSITORIES, REFERENCE_REPOSITORIES } from './index';

/** Global: every entity's TypeORM Repository plus the reference-data and process read-model repositories. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES)],
  providers: [...REFERENCE_REPOSITORIES, ...PROCESS_REPOSITORIES],
  exports: [TypeOrmModule, ...REFERENCE_REPOSITORIES, ...PROCESS_REPOSITORIES],
})
export class RepositoriesModule {}
