// A request id on every response (X-Request-Id) and in every 503 body, so an operator can find the failed
// Temporal call in the API's log from what a user reports.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const storage = new AsyncLocalStorage<string>();

/** A caller's own id (a proxy's) is kept when it is short and plain; anything else is replaced. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** The id of the request being handled, or undefined outside one. */
export function currentRequestId(): string | undefined {
  return storage.getStore();
}

@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const id = requestIdFrom(req.headers['x-request-id']);
    res.setHeader(REQUEST_ID_HEADER, id);
    storage.run(id, next);
  }
}
