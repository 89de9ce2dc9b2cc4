// The OpenAPI document, built once from the app's decorators and completed here: every operation declares
// its error responses with the one error body, authentication is the bearer scheme (never an Authorization
// parameter), and no parameter is listed twice. The same function serves /api/docs-json and writes
// docs/openapi.json (npm run openapi), so the committed spec and the served one can be compared.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorCode } from './errors';

/** Operation marker set by @Public(); removed from the finished document. */
export const PUBLIC_EXTENSION = 'x-public';
export const BEARER_SCHEME = 'bearer';

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Bad request: the message names each field or parameter and the rule it breaks',
  401: 'Missing, invalid, expired or revoked token (or an inactive account)',
  403: 'The caller lacks the role or scope for this action',
  404: 'No such resource',
  409: 'Conflicts with the current state (for example, the task is no longer open)',
  413: 'Request body larger than the configured limit',
  422: 'An Idempotency-Key replayed with a different request',
  503: 'A dependency (PostgreSQL or Temporal) is unavailable or did not answer in time; the message says whether to retry',
};
const PUBLIC_ERRORS = [400, 404, 409, 422, 503];
const PROTECTED_ERRORS = [400, 401, 403, 404, 409, 422, 503];

const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    message: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      example: ['comment must not contain control characters (U+0000)'],
    },
    code: { type: 'string', enum: Object.values(ErrorCode) },
    details: { type: 'object', additionalProperties: true },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Operation = {
  parameters?: { name: string; in: string; description?: string }[];
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  [PUBLIC_EXTENSION]?: boolean;
};

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('HPC Flow API')
      .setDescription('Durable workflows with human approval steps for the humanitarian programme cycle. Log in with POST /api/auth/login, then Authorize with the token.')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
      .build(),
  );
  return finaliseOpenApi(document);
}

/** Complete every operation in place (see the file comment) and return the document. */
export function finaliseOpenApi(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.ErrorBody = ERROR_BODY_SCHEMA as never;
  document.security = [{ [BEARER_SCHEME]: [] }];
  for (const path of Object.keys(document.paths).sort()) {
    const item = document.paths[path] as Record<string, Operation>;
    for (const method of METHODS) {
      const op = item[method];
      if (op) finaliseOperation(op, method);
    }
  }
  return document;
}

function finaliseOperation(op: Operation, method: string): void {
  const isPublic = op[PUBLIC_EXTENSION] === true;
  delete op[PUBLIC_EXTENSION];
  op.security = isPublic ? [] : [{ [BEARER_SCHEME]: [] }];

  // One entry per (location, case-insensitive name), the described one kept; the token is the security scheme.
  const seen = new Map<string, NonNullable<Operation['parameters']>[number]>();
  for (const p of op.parameters ?? []) {
    if (p.in === 'header' && p.name.toLowerCase() === 'authorization') continue;
    const key = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    const kept = seen.get(key);
    if (!kept || (!kept.description && p.description)) seen.set(key, p);
  }
  if (op.parameters) op.parameters = [...seen.values()];

  op.responses ??= {};
  const statuses = [...(isPublic ? PUBLIC_ERRORS : PROTECTED_ERRORS)];
  if (op.requestBody || method === 'post' || method === 'put' || method === 'patch') statuses.push(413);
  for (const status of Object.keys(op.responses).map(Number)) {
    if (status >= 400 && !statuses.includes(status)) statuses.push(status);
  }
  for (const status of statuses) {
    const existing = op.responses[String(status)];
    op.responses[String(status)] = {
      description: existing?.description || ERROR_RESPONSES[status] || 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };
  }
}

/** Stable text for docs/openapi.json. */
export function serialiseOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
