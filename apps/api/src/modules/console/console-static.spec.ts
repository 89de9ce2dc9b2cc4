import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { IMMUTABLE, isHashedAsset, pickEncoding, REVALIDATE, serveConsoleAssets } from './console-static';

describe('console static files', () => {
  let root: string;
  const js = 'console.log("hello hello hello hello hello hello hello hello")';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'console-static-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'assets', 'index-AbCd1234.js'), js);
    writeFileSync(join(root, 'assets', 'index-AbCd1234.js.br'), brotliCompressSync(js));
    writeFileSync(join(root, 'assets', 'index-AbCd1234.js.gz'), gzipSync(js));
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const app = () => express().use(serveConsoleAssets(root)).use((_req, res) => res.status(404).end());

  it('knows hashed assets and picks the encoding the browser accepts', () => {
    expect(isHashedAsset('/assets/index-AbCd1234.js')).toBe(true);
    expect(isHashedAsset('/index.html')).toBe(false);
    expect(pickEncoding('gzip, deflate, br', () => true)).toBe('br');
    expect(pickEncoding('gzip, br;q=0', () => true)).toBe('gzip');
    expect(pickEncoding('br', (s) => s === '.gz')).toBeNull();
    expect(pickEncoding(undefined, () => true)).toBeNull();
  });

  it('sends the brotli twin with the original type, cached for good', async () => {
    const res = await request(app()).get('/assets/index-AbCd1234.js').set('Accept-Encoding', 'br, gzip').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
  });

  it('sends gzip or the plain file when that is all the browser takes, and revalidates unhashed files', async () => {
    const gz = await request(app()).get('/assets/index-AbCd1234.js').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.text).toBe(js);
    const plain = await request(app()).get('/assets/index-AbCd1234.js').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    const icon = await request(app()).get('/favicon.svg');
    expect(icon.headers['cache-control']).toBe(REVALIDATE);
    expect((await request(app()).get('/../etc/passwd')).status).toBe(404);
  });
});
