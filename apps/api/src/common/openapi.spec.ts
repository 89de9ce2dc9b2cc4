import type { OpenAPIObject } from '@nestjs/swagger';
import { finaliseOpenApi, PUBLIC_EXTENSION } from './openapi';

function doc(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/auth/login': { post: { [PUBLIC_EXTENSION]: true, responses: { '200': { description: 'ok' }, '401': { description: 'invalid username or password' } } } as never },
      '/api/tasks/{id}/decision': {
        post: {
          parameters: [
            { name: 'id', in: 'path', required: true },
            { name: 'idempotency-key', in: 'header', required: false },
            { name: 'Idempotency-Key', in: 'header', required: false, description: 'Repeat a request safely' },
            { name: 'Authorization', in: 'header', required: false },
          ],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
  } as OpenAPIObject;
}

describe('finaliseOpenApi', () => {
  const d = finaliseOpenApi(doc());
  const login = d.paths['/api/auth/login'].post!;
  const decide = d.paths['/api/tasks/{id}/decision'].post!;
  const ref = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };

  it('declares every error response with the error body, keeping declared descriptions', () => {
    expect(Object.keys(decide.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '422', '503']);
    expect(decide.responses['409']).toEqual({ description: expect.stringContaining('Conflicts'), content: ref });
    expect(login.responses['401']).toEqual({ description: 'invalid username or password', content: ref });
    expect(d.components!.schemas!.ErrorBody).toMatchObject({ required: ['statusCode', 'error', 'message'] });
  });

  it('uses the bearer scheme, not an Authorization parameter; public routes need none', () => {
    expect(decide.security).toEqual([{ bearer: [] }]);
    expect(login.security).toEqual([]);
    expect(login).not.toHaveProperty(PUBLIC_EXTENSION);
    expect(login.responses).not.toHaveProperty('403');
  });

  it('lists each parameter once, keeping the described one', () => {
    expect(decide.parameters).toEqual([
      { name: 'id', in: 'path', required: true },
      { name: 'Idempotency-Key', in: 'header', required: false, description: 'Repeat a request safely' },
    ]);
  });
});
