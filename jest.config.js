/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, isolatedModules: true } }],
  },
  // The suite is heavy on native work; two workers match this machine.
  maxWorkers: 2,
  testTimeout: 60000,
  setupFilesAfterEnv: ['<rootDir>/test/support/after-file.ts'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
