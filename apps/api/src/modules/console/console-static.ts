// Serves the built console: hashed assets are cached for good (`immutable`), everything else is
// revalidated (index.html names the current hashes), and the build's pre-compressed .br/.gz twins are
// sent to browsers that accept them, so nothing is compressed per request.
import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Vite names every built asset by its content hash under /assets/. */
export const isHashedAsset = (path: string) => /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(path);

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** The best pre-compressed twin the client accepts: brotli, then gzip, else none. */
export function pickEncoding(acceptEncoding: string | undefined, has: (suffix: '.br' | '.gz') => boolean): 'br' | 'gzip' | null {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((p) => p.trim().split(';'))
    .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
    .map(([name]) => name.toLowerCase());
  if (accepted.includes('br') && has('.br')) return 'br';
  if ((accepted.includes('gzip') || accepted.includes('*')) && has('.gz')) return 'gzip';
  return null;
}

export function serveConsoleAssets(root: string): RequestHandler {
  const files = express.static(root, {
    index: false,
    setHeaders: (res, path) => {
      const served = `/${path.slice(root.length + 1).split(sep).join('/')}`.replace(/\.(br|gz)$/, '');
      res.setHeader('Cache-Control', isHashedAsset(served) ? IMMUTABLE : REVALIDATE);
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = normalize(join(root, decodeURIComponent(req.path)));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return files(req, res, next);
    const encoding = pickEncoding(req.headers['accept-encoding'], (suffix) => existsSync(file + suffix));
    res.setHeader('Vary', 'Accept-Encoding');
    if (!encoding) return files(req, res, next);
    // The twin keeps the original's type; `send` leaves a Content-Type it finds already set.
    res.type(extname(file));
    res.setHeader('Content-Encoding', encoding);
    const original = req.url;
    req.url = `${req.path}${encoding === 'br' ? '.br' : '.gz'}`;
    return files(req, res, (err?: unknown) => {
      req.url = original;
      next(err);
    });
  };
}
