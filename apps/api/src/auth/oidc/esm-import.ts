// openid-client is published as ES modules only, and this code is compiled to CommonJS, where TypeScript
// rewrites `import()` to `require()`. A Function body is not rewritten, so Node runs a real dynamic import.
import { pathToFileURL } from 'node:url';

const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/**
 * Imports an ES-module package by its resolved file URL (so it resolves from here, not from the working
 * directory). Jest runs the code in a VM without an ES-module loader (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG)
 * and compiles these packages to CommonJS instead (jest.config.js): only there is `require` used.
 */
export async function importEsm<T>(pkg: string): Promise<T> {
  const url = pathToFileURL(require.resolve(pkg)).href;
  try {
    return (await nativeImport(url)) as T;
  } catch (err) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest only, see above
    if ((err as { code?: string }).code === 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') return require(pkg) as T;
    throw err;
  }
}

export type OpenidClient = typeof import('openid-client');

let loaded: Promise<OpenidClient> | null = null;

export function loadOpenidClient(): Promise<OpenidClient> {
  loaded ??= importEsm<OpenidClient>('openid-client');
  return loaded;
}
