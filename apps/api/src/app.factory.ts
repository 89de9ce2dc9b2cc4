// Builds the fully configured API (not listening): used by main.ts, the launcher and every HTTP test.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { serveConsoleAssets } from './modules/console/console-static';
import { ApiMetrics } from './modules/metrics/api-metrics';
import { activeTracing, tracingMiddleware } from './temporal/tracing';
import { AppException } from './common/errors';
import { jsonDepthVerifier, RejectControlCharactersPipe } from './common/input-guards';
import { buildOpenApiDocument } from './common/openapi';
import { type AppConfig, loadConfig } from './config/app-config';

export interface CreateAppOptions {
  /** Extra environment variables layered over process.env (tests: e.g. LOGIN_RATE_LIMIT). */
  env?: Record<string, string | undefined>;
}

/** admin-ui/dist next to the code, found by walking up from this file (works from src and dist). */
export function findConsoleDist(config: AppConfig): string | null {
  if (config.consoleDistPath) return existsSync(join(config.consoleDistPath, 'index.html')) ? config.consoleDistPath : null;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'admin-ui', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = dirname(dir);
  }
  const cwdCandidate = resolve('admin-ui', 'dist');
  return existsSync(join(cwdCandidate, 'index.html')) ? cwdCandidate : null;
}

export async function createApp(options: CreateAppOptions = {}): Promise<INestApplication> {
  const config = loadConfig({ ...process.env, ...options.env });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.set('query parser', 'simple'); // flat string query params: no qs nesting surprises in filters
  app.set('trust proxy', config.trustProxy); // req.ip is the client's only behind a configured proxy

  // With OTEL_* set, every request is a span the Temporal calls it makes continue (apps/api/src/temporal/tracing.ts).
  const tracing = activeTracing();
  if (tracing) app.use(tracingMiddleware(tracing));
  // Every request is timed for /api/metrics, labelled by the route it matched.
  app.use(app.get(ApiMetrics).middleware());
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new RejectControlCharactersPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => AppException.validation(flattenValidationErrors(errors)),
    }),
  );
  // Size and depth are checked on the raw bytes, before JSON.parse and before any route (login included).
  // (Nest skips its own parsers when these, named jsonParser/urlencodedParser, are present.)
  app.use(express.json({ limit: config.bodyLimitBytes, verify: jsonDepthVerifier(config.jsonMaxDepth) }));
  app.use(express.urlencoded({ limit: config.bodyLimitBytes, extended: false, parameterLimit: 200 }));

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // MUI (emotion) and swagger-ui inject style elements at runtime
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept-Language'],
      exposedHeaders: ['Content-Range'],
      maxAge: 600,
    });
  }

  // Built on the first request for it (then kept), not at every start: scanning every route and DTO took about
  // 0.3 s of CPU per API start, paid by each API instance and each test suite that never reads the docs.
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json', swaggerOptions: { persistAuthorization: true } });

  const consoleDist = findConsoleDist(config);
  if (consoleDist) {
    const serveConsole = serveConsoleAssets(consoleDist);
    // Runs before Nest's routes: without the /api check every API request paid a file-system lookup.
    app.use((req: Request, res: Response, next: NextFunction) => (isApiPath(req.path) ? next() : serveConsole(req, res, next)));
    const indexHtml = join(consoleDist, 'index.html');
    // SPA fallback: any non-API GET that accepts HTML gets the console's index.html
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      if (isApiPath(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexHtml);
    });
  }
  return app;
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/** Nest's default messages, but nested ones as `parent.0.child must be …` so they name the full path. */
export function flattenValidationErrors(errors: ValidationErrorLike[], prefix = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push(prefix && message.startsWith(e.property) ? `${prefix}.${message}` : message);
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, path));
  }
  return out;
}
