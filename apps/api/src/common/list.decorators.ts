import { applyDecorators } from '@nestjs/common';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { ListSpec } from './list-query';

/** OpenAPI description of a simple-rest list endpoint. */
export function ApiList(spec: ListSpec, type: unknown): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'sort', required: false, description: `JSON ["field","ASC"|"DESC"]; fields: ${spec.sortable.join(', ')}`, example: JSON.stringify(spec.defaultSort) }),
    ApiQuery({ name: 'range', required: false, description: 'JSON [start,end], inclusive', example: '[0,24]' }),
    ApiQuery({ name: 'filter', required: false, description: `JSON object; keys: ${Object.keys(spec.filters).join(', ')}`, example: '{}' }),
    ApiResponse({ status: 200, type: type as never, isArray: true, headers: { 'Content-Range': { description: `${spec.resource} <start>-<end>/<total>`, schema: { type: 'string' } } } }),
  );
}
