/**
 * Configuration from environment variables, parsed once. Every default runs the embedded
 * setup on one machine; production sets DATABASE_URL and TEMPORAL_ADDRESS.
 */
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65_535);

export const configSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Where the embedded default keeps its data: the Temporal SQLite file and the PGlite database. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** A real PostgreSQL. When unset, `npm start` runs an embedded PostgreSQL (PGlite). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_PG_PORT: port.default(54329),
  /** A running Temporal frontend (host:port). When unset, `npm start` runs a Temporal dev server. */
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('plan-engine'),
  /** Path to the `temporal` CLI; otherwise looked up on PATH and in Go's bin folder. */
  TEMPORAL_CLI: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** A cluster that requires TLS: its CA (PEM), and for mutual TLS this client's certificate and key (PEM files). */
  TEMPORAL_TLS_CA_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().min(1).optional(),
  /** The name the server's certificate carries, when it is not TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** An API key for a cluster that requires one (sent as a bearer token; implies TLS). */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /**
   * Signs every command the API sends to a workflow, and the worker takes no other: the API and
   * every worker need the same one. Unset, `npm start` makes one and keeps it in DATA_DIR; the
   * API and the worker alone refuse to start without it.
   */
  WORKFLOW_COMMAND_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  /** When a deadline day ends in Vietnam's time zone. */
  END_OF_WORKDAY: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM').default('17:00'),
  /** A JSON file of announced holiday schedules that adds to or replaces the shipped ones. */
  HOLIDAY_SCHEDULES_FILE: z.string().min(1).optional(),
  /** The most assignments (task occurrence × unit) one plan may create: a province of 1,000 communes fits 50 fanned-out tasks. */
  MAX_PLAN_ASSIGNMENTS: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  /** Where reminders and escalations are mailed from; without SMTP_URL they are recorded as not sent. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Without SMTP_URL, `npm start` receives the mail itself on this port and saves it under DATA_DIR/mail. */
  MAIL_CATCHER_PORT: port.default(2525),
  MAIL_FROM: z.string().min(3).default('"Theo dõi kế hoạch" <no-reply@plan-engine.local>'),
  /** The province's document system: every notice is also POSTed here, signed with WEBHOOK_SECRET. */
  WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The address people use to reach the API, for links in notices. */
  PUBLIC_URL: z.url().default('http://127.0.0.1:3000'),
  /** Load the two example plans into an empty database at start. */
  LOAD_EXAMPLES: z.stringbool().default(true),
  /**
   * Signs bearer tokens (HS256); every API replica needs the same one. Unset, `npm start`
   * makes one and keeps it in DATA_DIR; the API alone refuses to start without it.
   */
  AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Failed sign-ins allowed per username and address in LOGIN_WINDOW_MINUTES. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
  /** Failed sign-ins allowed per address in LOGIN_WINDOW_MINUTES, whatever the usernames tried. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Web origins allowed to call the API from a browser, comma-separated; empty: same origin only. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.url({ error: 'each origin must be a URL' }))),
  /** How long an Idempotency-Key's first answer is kept for retries. */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** A request with an Idempotency-Key that has not answered in this long is taken as lost with its process. */
  IDEMPOTENCY_LOCK_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  /** Where the worker serves the Temporal SDK's Prometheus metrics (`host:port`); unset, it serves none. */
  WORKER_METRICS_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port').optional(),
  /**
   * Workflows a worker keeps in memory between their tasks; one evicted is replayed from its
   * (short) history when it next has work, which costs several times the task itself. Each
   * cached workflow takes about 70 KB of the workflow thread's heap (one shared V8 context, no
   * Zod in the bundle), which the heap cap (WORKER_NODE_FLAGS, 512 MB) bounds: 2,000 leave it
   * room, and the worker under 1 GiB through a fan-out of 30,000.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(2_000),
  /**
   * How old the dashboard's and the plan list's figures may be, in seconds: requests meanwhile
   * share one computation (0: always fresh). A change made through the same API process clears them.
   */
  DASHBOARD_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /**
   * How long an API process may use a signed-in account's row (role, unit, active, token
   * version) without reading it again, in seconds: never longer. 0, the default, reads it on
   * every request, so a sign-out, password change or deactivation ends tokens at once on every
   * process; more lets other processes accept ended tokens for up to this long.
   */
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(0),
  /**
   * What Prometheus sends as `Authorization: Bearer …` to read GET /metrics (an admin's token or
   * API key is accepted too). Unset, only admins read the metrics.
   */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Behind a load balancer, how many proxies to trust for the client's address (rate limits). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Where evidence files are kept without an object store: a folder, by default DATA_DIR/files. */
  FILES_DIR: z.string().min(1).optional(),
  /** An S3-compatible object store for evidence files; set, it replaces the folder. */
  FILES_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
  /** The store's address, for a server other than AWS's (Versity, Ceph, Garage…). */
  FILES_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  FILES_S3_REGION: z.string().min(1).default('us-east-1'),
  FILES_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  FILES_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Bucket in the path (`endpoint/bucket/key`) rather than the host name, as most self-hosted servers want. */
  FILES_S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  /** The largest evidence file taken, in bytes (25 MB). */
  FILES_MAX_BYTES: z.coerce.number().int().min(1).max(2 * 1024 ** 3 - 1).default(25 * 1024 ** 2),
  /** The most files one report (a submission or an activity) carries. */
  FILES_MAX_PER_REPORT: z.coerce.number().int().min(1).max(200).default(20),
  /** `production` (the container image) refuses the test-only settings below. */
  NODE_ENV: z.string().optional(),
  /**
   * Test-only: the worker's escalation ladder counts a working day as this many seconds, so
   * drills, tests and the benchmark see a whole ladder in seconds without a field in the plan
   * schema. A production configuration refuses it.
   */
  TEST_LADDER_WORKING_DAY_SECONDS: z.coerce.number().positive().max(86_400).optional(),
  /**
   * Test-only, with TEST_LADDER_WORKING_DAY_SECONDS: the real instant at which the compressed
   * office clock's first day (TEST_OFFICE_CLOCK_DATE) begins, so a test knows when its Saturday
   * falls. Unset: when the worker reads its configuration, on today's date.
   */
  TEST_OFFICE_CLOCK_ORIGIN: z.iso.datetime({ offset: true, error: 'must be an ISO date and time with its offset' }).optional(),
  TEST_OFFICE_CLOCK_DATE: z.iso.date({ error: 'must be a date written YYYY-MM-DD' }).optional(),
});

export type Config = z.infer<typeof configSchema>;

const checkedConfigSchema = configSchema.refine((config) => !config.WEBHOOK_URL || config.WEBHOOK_SECRET, {
  path: ['WEBHOOK_SECRET'],
  message: 'is required when WEBHOOK_URL is set',
}).refine((config) => !config.TEMPORAL_TLS_CERT_FILE === !config.TEMPORAL_TLS_KEY_FILE, {
  path: ['TEMPORAL_TLS_KEY_FILE'],
  message: 'a client certificate (TEMPORAL_TLS_CERT_FILE) and its key go together',
}).refine((config) => !config.FILES_S3_ACCESS_KEY_ID === !config.FILES_S3_SECRET_ACCESS_KEY, {
  path: ['FILES_S3_SECRET_ACCESS_KEY'],
  message: 'an access key id (FILES_S3_ACCESS_KEY_ID) and its secret go together',
}).refine((config) => !config.FILES_S3_ENDPOINT || config.FILES_S3_BUCKET, {
  path: ['FILES_S3_BUCKET'],
  message: 'is required when FILES_S3_ENDPOINT is set',
}).refine((config) => config.NODE_ENV !== 'production' || config.TEST_LADDER_WORKING_DAY_SECONDS === undefined, {
  path: ['TEST_LADDER_WORKING_DAY_SECONDS'],
  message: 'is for drills and tests only, and refused with NODE_ENV=production',
}).refine((config) => config.TEST_LADDER_WORKING_DAY_SECONDS !== undefined || (config.TEST_OFFICE_CLOCK_ORIGIN === undefined && config.TEST_OFFICE_CLOCK_DATE === undefined), {
  path: ['TEST_OFFICE_CLOCK_ORIGIN'],
  message: 'applies only with TEST_LADDER_WORKING_DAY_SECONDS',
});

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`WEBHOOK_URL=`, or Compose's `${WEBHOOK_URL:-}`) means "not set".
  const parsed = checkedConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

export const embeddedDatabaseUrl = (config: Config): string =>
  `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/postgres`;

/** The database the processes use: the configured one, else the embedded one the launcher serves. */
export const databaseUrl = (config: Config): string => config.DATABASE_URL ?? embeddedDatabaseUrl(config);

export const temporalAddress = (config: Config): string =>
  config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;

export const dataPath = (config: Config, ...parts: string[]): string => path.resolve(config.DATA_DIR, ...parts);

/** WORKFLOW_COMMAND_SECRET, which the API and the worker cannot run without. */
export function commandSecret(config: Config): string {
  if (!config.WORKFLOW_COMMAND_SECRET) throw new ConfigError('invalid configuration: WORKFLOW_COMMAND_SECRET: is required to sign and check the commands sent to workflows');
  return config.WORKFLOW_COMMAND_SECRET;
}
