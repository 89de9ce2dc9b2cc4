// Lint keeps the workflow sandbox deterministic and the layers apart (ARCHITECTURE.md, import rules).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'admin-ui/dist/**', '.data/**', '.tools/**', 'coverage/**', 'bench-results/**', 'test/e2e/artifacts/**', 'reports/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // Nest DI and ValidationPipe read emitted decorator metadata: a type-only import of a DTO or an
    // injected class erases it, so the rule must not rewrite imports in decorated files.
    files: ['apps/**/*.ts', 'activities/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'workflow code must not import Node built-ins' })),
        patterns: [
          { group: ['typeorm', 'typeorm/*', 'pg', '@nestjs/*', 'argon2'], message: 'workflow code must not import the ORM, Nest or native modules' },
          { group: ['**/activities', '**/activities/*', '**/activities/**'], allowTypeImports: true, message: 'import activities only as `import type`' },
          { group: ['**/apps/**', '**/admin-ui/**'], message: 'workflow code must not import the applications' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'use sleep() or condition() from @temporalio/workflow' }, { name: 'setInterval', message: 'use sleep() from @temporalio/workflow' }],
    },
  },
  {
    // The domain is imported by the API and the console: it imports nothing outside itself.
    files: ['workflows/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../*', '@temporalio/*', '@nestjs/*', 'typeorm'], message: 'workflows/domain imports nothing outside itself' }] }],
    },
  },
  {
    files: ['admin-ui/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/apps/**', '**/activities/**', '**/workflows/engine/**', '**/workflows/contracts/**', '@temporalio/*', '@nestjs/*', 'typeorm'], message: 'the console imports only workflows/domain' },
      ] }],
    },
  },
);
