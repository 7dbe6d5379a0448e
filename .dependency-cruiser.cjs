/**
 * The layers, lowest first: domain (pure rules) ← platform (configuration, logging, errors,
 * caches) ← db (PostgreSQL) ← activities ← services ← api ← bin. Workflows stand on the domain
 * alone (they are replayed; types are all they take from elsewhere). dev/, bench/, examples/ and
 * test/ may use everything; production code uses none of them, nor a devDependency.
 * `npm run lint` fails on a wrong-way import or a cycle.
 */
const layers = ['domain', 'platform', 'db', 'activities', 'services', 'api', 'bin'];
const below = (layer) => layers.slice(0, layers.indexOf(layer) + 1);
const folder = (names) => `^(${names.join('|')})/`;
const production = folder(['domain', 'platform', 'db', 'activities', 'services', 'api', 'bin', 'workflows']);

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Modules that import each other cannot be understood, tested or loaded one at a time.',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    ...layers.map((layer) => ({
      name: `${layer}-layer`,
      severity: 'error',
      comment: `${layer}/ may use only the layers below it: ${below(layer).join(', ')}.`,
      from: { path: folder([layer]) },
      to: {
        path: production,
        pathNot: [folder(below(layer)), ...(layer === 'services' || layer === 'api' || layer === 'bin' || layer === 'activities' ? ['^workflows/definitions\\.ts$'] : [])],
        dependencyTypesNot: ['type-only'],
      },
    })),
    {
      name: 'workflows-deterministic',
      severity: 'error',
      comment: 'Workflows are replayed: besides other workflow code they take only pure rules, and types.',
      from: { path: folder(['workflows']) },
      to: { path: production, pathNot: [folder(['workflows', 'domain'])], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'production-not-on-dev',
      severity: 'error',
      comment: 'A production image carries neither dev/, bench/, examples/, test/ nor devDependencies.',
      from: { path: production },
      to: { path: folder(['dev', 'bench', 'examples', 'test']) },
    },
    {
      name: 'production-not-on-dev-packages',
      severity: 'error',
      from: { path: production },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(generated|dist|web)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
