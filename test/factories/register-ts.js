// Minimal TypeScript require hook (swc, same options as jest) so tests and scripts can run TS entry
// points in a child process: `node -r ./test/factories/register-ts.js apps/worker/src/main.ts`.
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function registerTs(module, filename) {
  const source = require('node:fs').readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      baseUrl: require('node:path').resolve(__dirname, '..', '..'),
      paths: { '@hpc/workflows/*': ['workflows/*'], '@hpc/activities/*': ['activities/*'] },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
