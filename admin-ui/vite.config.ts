// The console is served by the API at `/` (same origin); in development the dev server proxies /api.
// A plain config object (no `vite` import): the root tsconfig resolves modules the CommonJS way and
// cannot see vite's ESM-only types; Vite's own oxc transform compiles TSX with the automatic runtime.
import * as fs from 'node:fs';
import path from 'node:path';
import * as zlib from 'node:zlib';

/** Writes a .br and a .gz twin beside every text asset, so the API serves compressed files without compressing per request. */
function precompress(): { name: string; apply: 'build'; closeBundle(): void } {
  const outDir = path.resolve(__dirname, 'dist');
  return {
    name: 'hpc-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
        const raw = fs.readFileSync(file);
        if (raw.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
      }
    },
  };
}

// Vite keeps a NODE_ENV it finds, and jest (the browser suite builds the console) sets NODE_ENV=test:
// React's development build (twice the size) would ship. A build is a production build.
if (process.argv.includes('build')) process.env.NODE_ENV = 'production';

const apiPort = process.env.API_PORT ?? process.env.PORT ?? '3104';

export default {
  root: path.resolve(__dirname),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompress()],
  build: {
    outDir: path.resolve(__dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      // rolldown 1.3 compress breaks react-admin's login route (blank page); mangle + whitespace are safe.
      output: {
        minify: { compress: false, mangle: true, codegen: { removeWhitespace: true } },
        // Libraries in their own long-lived chunks: a console release re-downloads only its own code.
        advancedChunks: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'mui', test: /node_modules[\\/](@mui|@emotion|stylis|@popperjs|react-transition-group|clsx)[\\/]/ },
            { name: 'react-admin', test: /node_modules[\\/](react-admin|ra-[\w-]+|@tanstack|react-router|react-router-dom|react-hook-form|lodash|inflection|query-string|jsonexport|react-dropzone|react-error-boundary|dompurify|node-polyglot)[\\/]/ },
          ],
        },
      },
      // MUI and react-router mark modules "use client"; meaningless in a client-only bundle.
      onwarn(warning: { code?: string }, warn: (w: unknown) => void) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: Number(process.env.UI_PORT ?? 5173),
    proxy: { '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: true } },
  },
};
