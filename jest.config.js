/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tmp/'],
  // Each integration file compiles and boots its own Strapi (useStrapi in tests/helpers/strapi.ts) in
  // beforeAll; a boot includes the migrations and the seed import.
  testTimeout: 120000,
};
