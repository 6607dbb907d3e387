// Shared jest settings: TypeScript through @swc/jest, and the "@lenet/source" export condition (source, never published) so that
// `@lenet/*` imports resolve to each package's src/ without a build.
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@lenet/source', 'node', 'require', 'default'] },
  transform: {
    '^.+\\.[tj]s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  reporters: ['default', require.resolve('./tools/jest-summary-reporter.js')],
};
