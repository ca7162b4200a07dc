// Shared jest options: TypeScript sources run as native ESM through SWC, so
// ESM-only dependencies (jose, openid-client, oauth4webapi, oauth2-mock-server)
// import without a CommonJS bridge. Jest itself must run with
// `--experimental-vm-modules` (the root `pnpm test` script passes it).
export function preset(overrides = {}) {
  return {
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: false } },
          module: { type: 'es6' },
          sourceMaps: 'inline',
        },
      ],
    },
    // Sources import siblings as `./x.js` (NodeNext style); map them back to the .ts file.
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
    ...overrides,
  };
}
