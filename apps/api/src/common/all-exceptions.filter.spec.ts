import type { ArgumentsHost } from '@nestjs/common';
import { BadRequestException, NotFoundException } from '@nestjs/common';
import express from 'express';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter, mapDatabaseError } from './all-exceptions.filter';
import { AppException, ERROR_CODE_STATUS, ErrorCode } from './errors';
import { RequestBodyRejected } from './input-guards';

describe('AllExceptionsFilter', () => {
  const filter = new AllExceptionsFilter();

  it('answers an error as JSON even where the route had set a CSV download\'s headers', async () => {
    const app = express();
    app.get('/export.csv', (req, res) => {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="export.csv"');
      const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
      filter.catch(AppException.validation('operationId must be a UUID'), host);
    });
    const res = await request(app).get('/export.csv');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: ['operationId must be a UUID'], code: 'VALIDATION_FAILED' });
  });

  it('maps every error code to a status', () => {
    for (const code of Object.values(ErrorCode)) expect(ERROR_CODE_STATUS[code]).toBeGreaterThanOrEqual(400);
  });

  it('keeps AppException codes, messages and details', () => {
    expect(filter.toBody(AppException.conflict('task is no longer open', { decidedBy: 'hc' }))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'task is no longer open',
      code: 'CONFLICT',
      details: { decidedBy: 'hc' },
    });
    expect(filter.toBody(AppException.validation('name must be a string'))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['name must be a string'],
      code: 'VALIDATION_FAILED',
    });
  });

  it('passes Nest HTTP exceptions through', () => {
    expect(filter.toBody(new NotFoundException('Cannot GET /api/nope'))).toMatchObject({ statusCode: 404, message: 'Cannot GET /api/nope' });
    expect(filter.toBody(new BadRequestException(['x must be a string']))).toMatchObject({ statusCode: 400, message: ['x must be a string'], code: 'VALIDATION_FAILED' });
  });

  it('maps constraint violations without leaking SQL', () => {
    const unique = new QueryFailedError('INSERT INTO users ...', [], Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'users_username_key' }));
    expect(filter.toBody(unique)).toEqual({ statusCode: 409, error: 'Conflict', message: 'username already exists', code: 'CONFLICT' });
    expect(mapDatabaseError({ code: '23503', constraint: 'users_organisation_id_fkey' })).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'organisationId does not reference an existing record',
    });
    expect(mapDatabaseError({ code: '23502', column: 'display_name' })?.message).toBe('displayName is required');
  });

  it('says why body-parser refused a body: not JSON, too large, too deep', () => {
    expect(filter.toBody(Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' }))).toMatchObject({ statusCode: 400, message: 'request body is not valid JSON' });
    expect(filter.toBody(Object.assign(new Error('too large'), { status: 413, type: 'entity.too.large', limit: 1024 }))).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body must not be larger than 1024 bytes',
      code: 'BAD_REQUEST',
    });
    expect(filter.toBody(new RequestBodyRejected('request body nests deeper than 32 levels'))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'request body nests deeper than 32 levels',
      code: 'BAD_REQUEST',
    });
  });

  it('answers 503 (retry) when PostgreSQL is restarting or unreachable, and 400 for a NUL that got past the edge', () => {
    const restarting = new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    expect(filter.toBody(restarting)).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'the database is unavailable; retry shortly', code: 'DEPENDENCY_UNAVAILABLE' });
    expect(filter.toBody(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })).statusCode).toBe(503);
    expect(filter.toBody(new Error('Connection terminated unexpectedly')).statusCode).toBe(503);
    expect(mapDatabaseError({ code: '22021', column: 'comment' })).toEqual({ status: 400, code: 'VALIDATION_FAILED', message: 'comment must not contain control characters (U+0000)' });
  });

  it('hides unknown errors behind a generic 500', () => {
    const other = new QueryFailedError('SELECT secret FROM t', [], Object.assign(new Error('relation "t" does not exist'), { code: '42P01' }));
    expect(filter.toBody(other)).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal server error', code: 'INTERNAL' });
    expect(filter.toBody(new Error('boom at /srv/app.js:12'))).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal server error', code: 'INTERNAL' });
  });
});
