/** Unit tests are pure; integration and end-to-end tests start the real Temporal server and PostgreSQL. */
const esmOnly = ['jose', 'file-type', 'strtok3', 'token-types', '@tokenizer/inflate', 'uint8array-extras', '@borewit/text-codec'].join('|');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The suites that need a Temporal cluster run in the cluster suite (jest.cluster.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }],
    // jose and file-type (with the packages it reads through) ship only ES modules, which Node
    // loads with require() since 20.19 but Jest's module system needs as CommonJS.
    [`/node_modules/(${esmOnly})/.+\\.js$`]: ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
  // file-type's export for Node offers only `import` and `module-sync`, conditions Jest does not resolve.
  moduleNameMapper: { '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
  testTimeout: 120000,
  verbose: true,
};
