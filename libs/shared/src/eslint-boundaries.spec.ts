import { ESLint, type Linter } from 'eslint';
import { join } from 'node:path';

/**
 * The dependency map in eslint.config.mjs, proved on planted imports: each case lints one
 * line as if it were the named file, with the repository's own configuration.
 */
const root = join(__dirname, '../../..');
let eslint: ESLint;

beforeAll(async () => {
  // ESLint loads its config file with import(), which Jest refuses without
  // --experimental-vm-modules; the same file, loaded through Jest's transform, is handed over.
  const file = join(root, 'eslint.config.mjs');
  const config = ((await import(file)) as { default: Linter.Config[] }).default;
  eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });
});

async function restrictedImports(filePath: string, from: string): Promise<string[]> {
  const code = `import { x } from '${from}';\nexport const y = x;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('boundaries between libraries (eslint no-restricted-imports)', () => {
  it.each([
    [
      'a context imports none after it in the chain',
      'libs/catalog/src/application/x.ts',
      '@silkcart/ordering',
    ],
    [
      'identity, first in the chain, imports no context',
      'libs/identity/src/x.ts',
      '@silkcart/tenancy',
    ],
    ['no context imports a subscriber', 'libs/ordering/src/x.ts', '@silkcart/notifications'],
    [
      'a subscriber too goes through the index',
      'libs/notifications/src/x.ts',
      '@silkcart/ordering/src/infrastructure/order.repository',
    ],
    ['the kernel imports no context', 'libs/shared/src/x.ts', '@silkcart/catalog'],
    ['the kernel imports no app', 'libs/shared/src/x.ts', '../../../apps/api/src/app.module'],
    [
      'a context imports no app',
      'libs/ordering/src/application/x.ts',
      '../../../../apps/api/src/bootstrap',
    ],
    [
      'another context only through its index',
      'libs/payments/src/x.ts',
      '@silkcart/ordering/src/application/ordering.facade',
    ],
    [
      'nor into its files by path',
      'libs/ordering/src/application/x.ts',
      '../../../catalog/src/infrastructure/stock.repository',
    ],
    [
      'api/ imports no infrastructure/',
      'libs/catalog/src/api/x.ts',
      '../infrastructure/product.repository',
    ],
    ['not even a type', 'libs/ordering/src/api/x.ts', '../infrastructure/order.repository'],
    ['domain/ imports no framework', 'libs/catalog/src/domain/x.ts', '@nestjs/common'],
    [
      'the worker imports no code of the api app',
      'apps/worker/src/x.ts',
      '../../api/src/http/access.guard',
    ],
    [
      'the worker reaches a context only through its index',
      'apps/worker/src/x.ts',
      '@silkcart/ordering/src/ordering.module',
    ],
  ])('refuses: %s (%s imports %s)', async (_rule, file, from) => {
    expect(await restrictedImports(file, from)).not.toEqual([]);
  });

  it.each([
    [
      'a context imports one before it in the chain',
      'libs/ordering/src/application/x.ts',
      '@silkcart/catalog',
    ],
    ['payments imports every context of the chain', 'libs/payments/src/x.ts', '@silkcart/identity'],
    [
      'a subscriber imports any context of the chain',
      'libs/notifications/src/x.ts',
      '@silkcart/ordering',
    ],
    ['api/ goes through application/', 'libs/catalog/src/api/x.ts', '../application/catalog.views'],
    [
      'infrastructure/ uses application/ views',
      'libs/ordering/src/infrastructure/x.ts',
      '../application/ordering.views',
    ],
    ['every library imports the kernel', 'libs/identity/src/domain/x.ts', '@silkcart/shared'],
    [
      'the worker composes contexts by their index',
      'apps/worker/src/x.ts',
      '@silkcart/notifications',
    ],
  ])('allows: %s (%s imports %s)', async (_rule, file, from) => {
    expect(await restrictedImports(file, from)).toEqual([]);
  });
});
