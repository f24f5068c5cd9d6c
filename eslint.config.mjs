// Lint: typescript-eslint's recommended rules, React's hooks rules, and the layers of the house
// (../shared/HOUSE.md) as import rules — a file that crosses a boundary fails `npm test`.
// Formatting is Prettier's (eslint-config-prettier turns off the rules it owns).
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** Imports a layer may not make: each pattern is a path as written in an import, relative or aliased. */
const forbid = (message, ...group) => ({ patterns: [{ group, message }] })

export default tseslint.config(
  {
    ignores: [
      'src/generated/**',
      'packages/sdk/dist/**',
      'packages/sdk/src/openapi.ts',
      '.scratch/**',
      '**/.next/**',
      'node_modules/**',
      'test-results/**',
      '.e2e/**',
      '.bench/**',
      'native/**',
      'next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `as never` and friends are how the code says "the type system cannot see this"; keep them visible, not banned.
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // Plain Node scripts (.mjs) see Node's globals.
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly' },
    },
  },
  { files: ['src/**/*.tsx'], plugins: { 'react-hooks': reactHooks }, rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' } },
  // The domain is plain functions and types: it imports nothing of the server around it (only the
  // SDK's guards.ts, a pure module of seed 000's type guards that the console and the SDK share).
  {
    files: ['src/server/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/server/*', '!@/server/domain/*'], message: 'the domain imports nothing of the server: move what it needs into the domain' },
            { regex: '^\\.\\./(?!\\.\\./\\.\\./packages/sdk/src/guards$)', message: 'the domain imports nothing of the server: move what it needs into the domain' },
          ],
        },
      ],
    },
  },
  // Transports reach data only through the front door's scope, never the database.
  {
    files: ['src/server/api/**', 'src/server/rest/**', 'src/server/http/**', 'src/app/**', 'src/components/**', 'server.ts'],
    rules: {
      'no-restricted-imports': ['error', forbid('a transport reads and writes through the scope (src/server/http/scope.ts), not the database', '**/db/*', '@/server/db/*')],
    },
  },
  // The write path stays a folder of small modules (issue 15 carved it out of one 1,400-line file).
  { files: ['src/server/services/executions/**'], rules: { 'max-lines': ['error', { max: 320, skipBlankLines: true, skipComments: true }] } },
  { files: ['src/server/engine/**'], rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] } },
  // Authentication does not reach into the write path.
  {
    files: ['src/server/auth/**'],
    rules: { 'no-restricted-imports': ['error', forbid('auth identifies principals; changes go through the services', '**/services/executions', '@/server/services/executions')] },
  },
  // The engine drives executions through the execution service; the statements it runs itself
  // (due executions, leases, the reads of a run) are the queue store's, its one file that
  // reaches the database.
  {
    files: ['src/server/engine/**'],
    ignores: ['src/server/engine/queue-store.ts'],
    rules: { 'no-restricted-imports': ['error', forbid('the engine goes through the execution service, not the database', '../db/*', '@/server/db/*')] },
  },
  // The browser's code imports nothing that runs only on the server.
  {
    files: ['src/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        forbid('components run in the browser: use the tRPC client, not the server', '**/server/services/*', '**/server/db/*', '@/server/services/*', '@/server/db/*'),
      ],
    },
  },
  prettier,
)
