// The Temporal UI calls the codec endpoint from its own origin (e.g. http://localhost:8233), with an
// X-Namespace header and, when configured, the user's bearer token and credentials: answer its preflight.
import type { NextFunction, Request, Response } from 'express';

export const DEFAULT_TEMPORAL_UI_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];

/** `TEMPORAL_UI_ORIGINS` (comma separated; default the local dev server's UI). */
export function temporalUiOrigins(env: Record<string, string | undefined> = process.env): string[] {
  const raw = env.TEMPORAL_UI_ORIGINS?.trim();
  return raw ? raw.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean) : DEFAULT_TEMPORAL_UI_ORIGINS;
}

export function temporalCodecCors(origins: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    if (origin && origins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.append('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
