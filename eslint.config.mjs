// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const CONTEXTS = ['identity', 'tenancy', 'catalog', 'ordering', 'payments', 'notifications'];

const boundary = (context) => [
  {
    group: CONTEXTS.filter((c) => c !== context).flatMap((c) => [
      `@silkcart/${c}/*`,
      `**/libs/${c}/**`,
      `../../${c}/**`,
    ]),
    message: 'Import another context only through its index (@silkcart/<context>).',
  },
  { group: ['**/apps/**'], message: 'Libraries never import from the apps.' },
];
const noFramework = {
  group: ['@nestjs/*', 'typeorm', 'fastify'],
  message: 'The domain layer imports no framework.',
};

/** A context reaches another only through its index.ts; its domain layer imports no framework. */
const contextBoundaries = CONTEXTS.flatMap((context) => [
  {
    files: [`libs/${context}/src/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: boundary(context) }] },
  },
  {
    files: [`libs/${context}/src/domain/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [...boundary(context), noFramework] }] },
  },
]);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...contextBoundaries,
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
