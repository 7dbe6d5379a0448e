/**
 * The cluster suite: the engine against a real Temporal cluster (dev/temporal-cluster.ts: the
 * server built from source on PostgreSQL, 4 history shards, mutual TLS) instead of the CLI's dev
 * server. It runs the integration tests of the plan's life — lifecycle, review, the ladder,
 * extensions, proposals, digests on a Temporal Schedule — the fault drills, and the tests only a
 * cluster can run (test/cluster: TLS refusals, a history and a matching service restarted
 * mid-ladder, workers and APIs side by side). `npm test` runs it after the main suite.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: [
    '<rootDir>/test/integration/plan-lifecycle.test.ts',
    '<rootDir>/test/integration/review.test.ts',
    '<rootDir>/test/integration/escalation.test.ts',
    '<rootDir>/test/integration/extension.test.ts',
    '<rootDir>/test/integration/proposals.test.ts',
    '<rootDir>/test/integration/notice-digests.test.ts',
    '<rootDir>/test/drills/fault-drills.test.ts',
    '<rootDir>/test/cluster/*.test.ts',
  ],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
};
