/**
 * Unit tests sit beside the code (*.spec.ts), with the few repository checks in test/*.spec.ts;
 * e2e tests in test/ (*.e2e-spec.ts) hit real services.
 */
const moduleNameMapper = {
  '^@silkcart/shared$': '<rootDir>/libs/shared/src',
  '^@silkcart/shared/(.*)$': '<rootDir>/libs/shared/src/$1',
  '^@silkcart/(identity|tenancy|catalog|ordering|payments|notifications)$': '<rootDir>/libs/$1/src',
};
const common = {
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/test/support/jest-transform.js' },
  transformIgnorePatterns: [],
  moduleNameMapper,
  testEnvironment: 'node',
  // ESM-only packages (file-type) export under `module-sync`; the transform makes them CommonJS.
  testEnvironmentOptions: { customExportConditions: ['node', 'require', 'module-sync', 'default'] },
};

module.exports = {
  // A leaked handle must not hang CI: report it (detectOpenHandles locally) but exit.
  forceExit: true,
  // Global: Jest reads testTimeout from the root config, not from a project's.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    // test/*.spec.ts: repository checks that need no database (generated clients, manifests).
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
