// One decorator for every CSV download: the header it is served with and what the OpenAPI document says it
// returns, so the two cannot disagree (fuzzing found CSV served where the spec promised nothing, i.e. JSON).
import { applyDecorators, Header } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export function CsvResponse(description: string): MethodDecorator {
  return applyDecorators(Header('Content-Type', CSV_CONTENT_TYPE), ApiOkResponse({ description, content: { 'text/csv': { schema: { type: 'string' } } } }));
}
