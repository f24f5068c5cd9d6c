// The console's configuration: every environment variable it reads, read here once and checked.
// A bad value stops the process at start with a message naming the variable and what is allowed
// (checkConfigOrExit), instead of a listener that crashes later, a limit that is NaN, or a key
// that answers 500 to everything. The README's configuration table lists the same variables.
import { z } from 'zod'

/** A whole number (of `unit`) above 0. */
const count = (unit: string, fallback: number) => {
  const error = `must be a whole number of ${unit}, more than 0`
  return z.coerce.number({ error }).int(error).positive(error).default(fallback)
}
const ms = (fallback: number) => count('milliseconds', fallback)
const positive = (fallback: number) => z.coerce.number({ error: 'must be a number more than 0' }).positive('must be a number more than 0').default(fallback)
/** An on/off switch: `on` by default unless `fallback` says otherwise; `1/0`, `true/false`, `yes/no` also read. */
const toggle = (fallback: boolean) =>
  z
    .enum(['on', 'off', '1', '0', 'true', 'false', 'yes', 'no'], { error: 'must be on or off (also 1/0, true/false, yes/no)' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['on', '1', 'true', 'yes'].includes(v)))
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
const base64Key = (name: string) =>
  z.string().refine((v) => Buffer.from(v.trim(), 'base64').length === 32, `must be 32 bytes in base64 (openssl rand -base64 32), as ${name} is the AES-256 key`)

const schema = z
  .object({
    NODE_ENV: z.string().default('development'),
    PORT: z.coerce
      .number({ error: 'must be a port number from 1 to 65535' })
      .int('must be a port number from 1 to 65535')
      .min(1, 'must be a port number from 1 to 65535')
      .max(65535, 'must be a port number from 1 to 65535')
      .default(3000),
    HOSTNAME: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: optionalText.refine(
      (v) => v === undefined || v.startsWith('file:') || /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(v),
      'must be a SQLite file URL such as file:./data/console.db, or a PostgreSQL URL naming a database, such as postgres://user:password@host:5432/console (cluster mode: docs/cluster.md)',
    ),
    /** Where the log archives and other files live when the database is PostgreSQL (on SQLite: the database file's folder). */
    DATA_DIR: optionalText,
    /**
     * Where retention's log archives go: unset, the data folder (one machine); s3://bucket/prefix, an
     * S3-compatible bucket every node reads alike (cluster mode). With S3_ENDPOINT, AWS_REGION and the
     * AWS credentials (or the SDK's own chain: profile, instance or task role).
     */
    LOG_ARCHIVE_URL: optionalText.refine(
      (v) => v === undefined || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(v),
      'must be s3://bucket or s3://bucket/prefix (a bucket name of 3–63 lower-case letters, digits, dots and hyphens); unset keeps archives in the data folder',
    ),
    /** An S3-compatible server's address (MinIO, Ceph, R2…); unset: AWS's endpoint for AWS_REGION. */
    S3_ENDPOINT: optionalText.refine((v) => v === undefined || /^https?:\/\/[^/]+/.test(v), 'must be an http:// or https:// URL, such as http://minio:9000'),
    /** The bucket in the path (http://host/bucket/key) rather than the host name; on by default when S3_ENDPOINT is set. */
    S3_FORCE_PATH_STYLE: toggle(false).optional(),
    AWS_REGION: optionalText,
    AWS_ACCESS_KEY_ID: optionalText,
    AWS_SECRET_ACCESS_KEY: optionalText,
    REDIS_URL: optionalText.refine((v) => v === undefined || /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL'),
    ENGINE: toggle(true),
    ENGINE_CONCURRENCY: count('executions', 8),
    /** Executions under one root execution at most: nested fan-outs multiply (engine/children.ts). */
    MAX_EXECUTION_TREE: count('executions', 100_000),
    ENGINE_LEASE_MS: ms(30_000),
    CHECKPOINT_INTERVAL_MS: ms(15 * 60_000),
    STALL_AFTER_MS: ms(5 * 60_000),
    /** A worker that stops renewing a task's lease loses it to another worker after this long. */
    TASK_LEASE_MS: ms(30_000),
    SUPERVISION_INTERVAL_MS: ms(1_000),
    ALERT_INTERVAL_MS: ms(15_000),
    STREAM_RECHECK_MS: ms(5_000),
    LOG_RETENTION_DAYS: positive(30),
    DEMO: toggle(true),
    /** Demo executions a minute the demo worker starts; 0: it serves the demo's workflows and starts none. */
    DEMO_RATE: z.coerce.number({ error: 'must be a number, 0 or more' }).min(0, 'must be a number, 0 or more').default(6),
    DEMO_SPEED: positive(1),
    TRUST_PROXY: toggle(false),
    /**
     * Sites whose pages may call the REST API and the watch stream with an API key (CORS), as
     * origins separated by commas: https://app.example.com,http://localhost:5173. None by default:
     * the console's own pages need none. Cookies never ride along cross-site.
     */
    API_CORS_ORIGINS: optionalText.transform((v, ctx) => {
      const origins = (v ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)
      for (const o of origins) {
        let parsed: URL | null = null
        try {
          parsed = new URL(o)
        } catch {
          // reported below
        }
        if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== o.replace(/\/$/, '')) {
          ctx.addIssue({ code: 'custom', message: `${JSON.stringify(o)} is not an origin: expected scheme://host[:port], such as https://app.example.com, separated by commas` })
          return z.NEVER
        }
      }
      return origins.map((o) => o.replace(/\/$/, ''))
    }),
    WEBHOOK_ALLOW_PRIVATE: toggle(false),
    /**
     * The SMTP server email notification channels send through: smtp://user:pass@host:587 (STARTTLS
     * when offered) or smtps://…:465. Unset: email channels' deliveries fail, saying so, and retry.
     */
    SMTP_URL: optionalText.refine((v) => v === undefined || /^smtps?:\/\/[^/]+/.test(v), 'must be an smtp:// or smtps:// URL, such as smtp://user:pass@mail.example.com:587'),
    /** The From of notification emails. */
    SMTP_FROM: optionalText
      .refine((v) => v === undefined || /^[^<>]*<[^@\s]+@[^@\s>]+>$|^[^@\s]+@[^@\s]+$/.test(v), 'must be an address, or a name and <address>')
      .default('Execution console <console@localhost>'),
    BATCH_WAL: toggle(false),
    API_KEY_RATE_LIMIT: count('requests a second', 100),
    /** Live streams (watch, monitor, feed, subscriptions) an API key or a user holds open at once (http/stream-quota.ts). */
    STREAMS_PER_PRINCIPAL: count('streams', 1_000),
    AUTH_RATE_LIMIT: toggle(false),
    AUTH_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
    AUTH_SECURE_COOKIES: toggle(true).optional(),
    CONSOLE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^/]+/.test(v), 'must be the console’s address, such as https://console.example.com'),
    CONSOLE_HOSTS: optionalText,
    ADMIN_EMAIL: optionalText.refine((v) => v === undefined || z.email().safeParse(v).success, 'must be an email address'),
    ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= 8, 'must be at least 8 characters'),
    ENCRYPTION_KEY: optionalText.pipe(base64Key('ENCRYPTION_KEY').optional()),
    ENCRYPTION_OLD_KEYS: optionalText.refine(
      (v) =>
        v === undefined ||
        v
          .split(',')
          .filter(Boolean)
          .every((k) => Buffer.from(k.trim(), 'base64').length === 32),
      'must be comma-separated keys of 32 bytes in base64',
    ),
    ENCRYPTION_KEY_FILE: optionalText,
    XDG_CONFIG_HOME: optionalText,
    /** pino's levels: what the server's JSON log writes, from this level up. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
    /** `json` (one object a line, the default in production) or `pretty` (short lines for a terminal; the default in development). */
    LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
    /** When set, `GET /metrics` wants `Authorization: Bearer <METRICS_TOKEN>`; unset, it answers this host only. */
    METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters (openssl rand -hex 16)'),
    /** On SIGTERM or SIGINT, in-flight requests and running steps get this long before the process ends anyway. */
    SHUTDOWN_TIMEOUT_MS: ms(20_000),
    /** Traces of requests and engine steps are sent here (OTLP over HTTP) when set; none are made otherwise. */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.refine(
      (v) => v === undefined || /^https?:\/\/[^/]+/.test(v),
      'must be an http:// or https:// URL, such as http://otel-collector:4318',
    ),
    OTEL_SERVICE_NAME: z.string().min(1).default('execution-console'),
  })
  .superRefine((c, ctx) => {
    // One half of a key pair would fall back to the SDK's chain for the other: say so at start instead.
    if (Boolean(c.AWS_ACCESS_KEY_ID) !== Boolean(c.AWS_SECRET_ACCESS_KEY))
      ctx.addIssue({
        code: 'custom',
        path: [c.AWS_ACCESS_KEY_ID ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'],
        message: 'must be set with the other: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together (or neither, for the SDK’s profile or role)',
      })
    // Several processes (REDIS_URL): each must seal, open and sign sessions with the same key; one
    // made on first start would be each machine's own.
    if (c.REDIS_URL && !c.ENCRYPTION_KEY && !c.ENCRYPTION_KEY_FILE)
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_KEY'],
        message:
          'must be set, or ENCRYPTION_KEY_FILE, when REDIS_URL is (several console processes): every process must seal, open and sign sessions with the same key (openssl rand -base64 32)',
      })
    // PostgreSQL is cluster mode: a key made on first start would be one node's own, and the
    // values it sealed unreadable to the others.
    else if (c.DATABASE_URL && !c.DATABASE_URL.startsWith('file:') && !c.ENCRYPTION_KEY && !c.ENCRYPTION_KEY_FILE)
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_KEY'],
        message:
          'must be set, or ENCRYPTION_KEY_FILE, when DATABASE_URL is a PostgreSQL URL (cluster mode): every node must seal, open and sign sessions with the same key (openssl rand -base64 32)',
      })
  })

export type Config = z.output<typeof schema>

const SECRETS = new Set(['AWS_SECRET_ACCESS_KEY', 'ENCRYPTION_KEY', 'ENCRYPTION_OLD_KEYS', 'AUTH_SECRET', 'ADMIN_PASSWORD', 'METRICS_TOKEN', 'SMTP_URL'])

/** Every problem of an environment, a line each: the variable, what it is, what is allowed. */
export class ConfigError extends Error {}

/** The configuration an environment gives, or a ConfigError naming every bad variable. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  // An unset switch must stay undefined (AUTH_SECURE_COOKIES' default depends on CONSOLE_URL).
  const given = Object.fromEntries(
    Object.keys(schema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  )
  const parsed = schema.safeParse(given)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0])
    // A secret's value is not repeated into the log.
    // A database URL's password neither.
    const shown = SECRETS.has(name)
      ? `(${String(env[name] ?? '').length} characters)`
      : JSON.stringify(name === 'DATABASE_URL' ? String(env[name] ?? '').replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@') : (env[name] ?? ''))
    return `  ${name}=${shown}: ${issue.message}`
  })
  throw new ConfigError(`the configuration is not valid:\n${lines.join('\n')}`)
}

const globalForConfig = globalThis as unknown as { __consoleConfig?: Config }

/** The process's configuration, read once. */
export function config(): Config {
  return (globalForConfig.__consoleConfig ??= readConfig())
}

/** For tests that change the environment: read it again on next use. */
export function forgetConfig() {
  globalForConfig.__consoleConfig = undefined
}

/** Reads the configuration at start; a bad one ends the process with its message and exit code 78 (EX_CONFIG). */
export function checkConfigOrExit(): Config {
  try {
    return config()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`execution console: ${error.message}`)
    process.exit(78)
  }
}
