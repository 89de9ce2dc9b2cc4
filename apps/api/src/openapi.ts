// `npm run openapi`: writes docs/openapi.json from the app's decorators, without a database or Temporal
// (Nest's preview mode builds the module graph without instantiating providers).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { buildOpenApiDocument, serialiseOpenApi } from './common/openapi';
import { loadConfig } from './config/app-config';

async function main(): Promise<void> {
  // Only the route table matters here; the database URL is never connected to in preview mode.
  const config = loadConfig({ DATABASE_URL: 'postgresql://openapi@localhost:5432/unused', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix('api');
  const target = resolve(process.argv[2] ?? 'docs/openapi.json');
  writeFileSync(target, serialiseOpenApi(buildOpenApiDocument(app)));
  await app.close();
  console.log(`wrote ${target}`);
}

main().catch((err: unknown) => {
  console.error(`openapi: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
