// The console is served by the API at `/` (same origin); in development the dev server proxies /api.
// A plain config object (no `vite` import): the root tsconfig resolves modules the CommonJS way and
// cannot see vite's ESM-only types; Vite's own oxc transform compiles TSX with the automatic runtime.
import path from 'node:path';

const apiPort = process.env.API_PORT ?? process.env.PORT ?? '3104';

export default {
  root: path.resolve(__dirname),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: path.resolve(__dirname, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      // rolldown 1.3 compress breaks react-admin's login route (blank page); mangle + whitespace are safe.
      output: { minify: { compress: false, mangle: true, codegen: { removeWhitespace: true } } },
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
