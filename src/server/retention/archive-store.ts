// Where log archives live (retention/logs.ts writes them, the logs API reads them back): a folder
// under the data folder (the default, one machine) or an S3-compatible bucket (LOG_ARCHIVE_URL=
// s3://bucket/prefix), which every node of a cluster reads alike. One interface, two stores.
//
// An archive is recorded (LogArchive.path) by its location: `archive/logs/…` (relative to the data
// folder, as before) or `s3://bucket/prefix/logs/…`. So archives written before a switch of store
// stay readable after it, and a node that is not configured for the store an archive is in says
// so instead of reading nothing.
import { mkdirSync, openSync, fsyncSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import type { Config } from '../config'
import { ServiceError } from '../services/errors'
import { logger } from '../ops/log'

export interface ArchiveStore {
  /** The folder or s3://bucket/prefix, for messages. */
  readonly where: string
  /** The location recorded for an archive's key (`logs/<execution>/<first>-<last>.jsonl.gz`). */
  locate(key: string): string
  /** Whether a recorded location is in this store. */
  holds(location: string): boolean
  put(location: string, data: Buffer): Promise<void>
  get(location: string): Promise<Buffer>
  delete(location: string): Promise<void>
  /** Locations of the archives whose keys start with `prefix`. */
  list(prefix?: string): Promise<string[]>
  /** Throws, saying why, when the store cannot be written (readiness). */
  check(): Promise<void>
}

/** The store new archives go to, and the store of any recorded location. */
export interface ArchiveStores {
  current: ArchiveStore
  of(location: string): ArchiveStore
}

// A store's failures name the folder or bucket, the object and the cause: for the operator, who
// reads them in the server's log. Whoever else meets one (a viewer reading logs, a key, an
// organisation's admin archiving) is told what failed, not where (callerFacing).
const STORE_FAILURE = Symbol.for('execution-console.archiveStoreFailure')

/** A failure of the archive store, in the operator's words (see callerFacing). */
export function storeFailure(message: string): ServiceError {
  return Object.assign(new ServiceError('UNAVAILABLE', message), { [STORE_FAILURE]: true })
}

/**
 * `error` as told to an API caller: a store's failure becomes `what` and that the store is not
 * available, its detail written to the server's log; anything else stays as it is.
 */
export function callerFacing(error: unknown, what: string): unknown {
  if (!ServiceError.is(error) || !(error as unknown as Record<symbol, unknown>)[STORE_FAILURE]) return error
  logger('archives').error({ detail: error.message }, `${what}: ${error.message}`)
  return new ServiceError('UNAVAILABLE', `${what}: the log archive store is not available now (the console's log says why); try again later`)
}

/** A store's failure: what was done, where, the cause, and what to look at. Changes nothing. */
export function storeError(store: ArchiveStore, doing: string, error: unknown): ServiceError {
  if (ServiceError.is(error)) return error
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; errors?: unknown[] }
  // A refused connection reaches us as an AggregateError (one per address tried) with no message of its own.
  const code = e.code ?? (e.errors?.[0] as { code?: string } | undefined)?.code
  const cause = [e.name && e.name !== 'Error' ? e.name : undefined, code, e.message].filter(Boolean).join(': ') || String(error)
  const status = e.$metadata?.httpStatusCode
  const hint =
    code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH)$/.test(code)
      ? 'the store is unreachable: is S3_ENDPOINT right and the server up?'
      : e.name === 'TimeoutError' || e.name === 'RequestTimeout'
        ? 'the store did not answer in time'
        : e.name === 'NoSuchBucket'
          ? 'the bucket does not exist: create it, or correct LOG_ARCHIVE_URL'
          : status === 403 || /AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|Forbidden/.test(e.name ?? '')
            ? 'access denied: check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and the bucket policy'
            : code === 'EACCES' || code === 'EPERM'
              ? 'permission denied on the folder'
              : undefined
  return storeFailure(`log archive store ${store.where}: ${doing} failed: ${cause}${hint ? ` (${hint})` : ''}`)
}

/** Runs `op`, turning any failure into the store's clear error. */
async function guarded<T>(store: ArchiveStore, doing: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (error) {
    throw storeError(store, doing, error)
  }
}

/** Archives under `<dataDir>/archive`, each written to a temporary file, synced, then renamed in place. */
export function createFolderStore(dataDir: string): ArchiveStore {
  const file = (location: string) => join(dataDir, location)
  const store: ArchiveStore = {
    where: join(dataDir, 'archive'),
    locate: (key) => `archive/${key}`,
    holds: (location) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(location),
    put: (location, data) =>
      guarded(store, `writing ${location}`, async () => {
        const target = file(location)
        mkdirSync(dirname(target), { recursive: true })
        const tmp = `${target}.tmp`
        writeFileSync(tmp, data)
        const fd = openSync(tmp, 'r')
        fsyncSync(fd)
        closeSync(fd)
        renameSync(tmp, target)
      }),
    get: (location) => guarded(store, `reading ${location}`, async () => readFileSync(file(location))),
    delete: (location) => guarded(store, `deleting ${location}`, async () => rmSync(file(location), { force: true })),
    list: (prefix = '') =>
      guarded(store, 'listing archives', async () => {
        const root = join(dataDir, 'archive')
        if (!existsSync(root)) return []
        return (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
          .filter((d) => d.isFile() && !d.name.endsWith('.tmp'))
          .map((d) => relative(root, join(d.parentPath, d.name)).split(sep).join('/'))
          .filter((key) => key.startsWith(prefix))
          .sort()
          .map((key) => store.locate(key))
      }),
    check: async () => {},
  }
  return store
}

export interface S3StoreOptions {
  /** s3://bucket/prefix (the prefix may be empty). */
  url: string
  /** An S3-compatible server (MinIO, Ceph, R2…); unset: AWS's endpoint for the region. */
  endpoint?: string
  region?: string
  /** bucket in the path (http://host/bucket/key), as MinIO-like servers want; default: on with an endpoint. */
  forcePathStyle?: boolean
  /** Unset: the SDK's own chain (AWS_* variables, profile, instance or task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/** Parses s3://bucket/prefix; throws naming what is wrong. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url)
  if (!m)
    throw new Error(`${JSON.stringify(url)} is not an S3 location: expected s3://bucket or s3://bucket/prefix (a bucket name of 3–63 lower-case letters, digits, dots and hyphens)`)
  return { bucket: m[1]!, prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, '') }
}

/** Archives as objects of a bucket, through the AWS SDK (loaded on first use). */
export function createS3Store(options: S3StoreOptions): ArchiveStore {
  const { bucket, prefix } = parseS3Url(options.url)
  const base = `s3://${bucket}/`
  const keyOf = (location: string) => location.slice(base.length)
  let client: Promise<{ s3: import('@aws-sdk/client-s3').S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | undefined
  const connect = () =>
    (client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        endpoint: options.endpoint,
        region: options.region ?? 'us-east-1',
        forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
        credentials: options.credentials,
        maxAttempts: 3,
        // A store that does not answer fails the archive run (and the read) within seconds, not minutes.
        requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
        // Checksums only where S3 requires them: S3-compatible servers do not all read the SDK's
        // newer trailing checksums, and an archive is gzip, whose own CRC-32 gunzip verifies.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    })))
  const store: ArchiveStore = {
    where: `s3://${bucket}${prefix ? `/${prefix}` : ''}`,
    locate: (key) => `${base}${prefix ? `${prefix}/` : ''}${key}`,
    holds: (location) => location.startsWith(base),
    put: (location, data) =>
      guarded(store, `writing ${location}`, async () => {
        const { s3, sdk } = await connect()
        await s3.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: keyOf(location), Body: data, ContentType: 'application/gzip' }))
      }),
    get: (location) =>
      guarded(store, `reading ${location}`, async () => {
        const { s3, sdk } = await connect()
        const out = await s3.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: keyOf(location) }))
        return Buffer.from(await out.Body!.transformToByteArray())
      }),
    delete: (location) =>
      guarded(store, `deleting ${location}`, async () => {
        const { s3, sdk } = await connect()
        await s3.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: keyOf(location) }))
      }),
    list: (keyPrefix = '') =>
      guarded(store, 'listing archives', async () => {
        const { s3, sdk } = await connect()
        const locations: string[] = []
        let token: string | undefined
        do {
          const page = await s3.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix ? `${prefix}/` : ''}${keyPrefix}`, ContinuationToken: token }))
          for (const o of page.Contents ?? []) if (o.Key) locations.push(`${base}${o.Key}`)
          token = page.IsTruncated ? page.NextContinuationToken : undefined
        } while (token)
        return locations.sort()
      }),
    check: () =>
      guarded(store, 'reaching the bucket', async () => {
        const { s3, sdk } = await connect()
        await s3.send(new sdk.HeadBucketCommand({ Bucket: bucket }))
      }),
  }
  return store
}

/**
 * The folder store under `dataDir`, and the bucket when `s3` is given (then the store new archives
 * go to). A location in neither is a configuration error, named.
 */
export function createArchiveStores(options: { dataDir: string; s3?: S3StoreOptions }): ArchiveStores {
  const folder = createFolderStore(options.dataDir)
  const bucket = options.s3 ? createS3Store(options.s3) : undefined
  return {
    current: bucket ?? folder,
    of(location) {
      if (bucket?.holds(location)) return bucket
      if (folder.holds(location)) return folder
      throw storeFailure(
        `log archive ${location} is in a store this console is not configured for (LOG_ARCHIVE_URL is ${bucket ? bucket.where : 'not set: archives go to the data folder'}); set LOG_ARCHIVE_URL, S3_ENDPOINT and the AWS credentials of that bucket to read it`,
      )
    },
  }
}

/** The bucket LOG_ARCHIVE_URL names (with S3_ENDPOINT, AWS_REGION, the AWS credentials, S3_FORCE_PATH_STYLE), if any. */
export function bucketOptions(cfg: Config): S3StoreOptions | undefined {
  if (!cfg.LOG_ARCHIVE_URL) return undefined
  return {
    url: cfg.LOG_ARCHIVE_URL,
    endpoint: cfg.S3_ENDPOINT,
    region: cfg.AWS_REGION,
    forcePathStyle: cfg.S3_FORCE_PATH_STYLE,
    credentials: cfg.AWS_ACCESS_KEY_ID && cfg.AWS_SECRET_ACCESS_KEY ? { accessKeyId: cfg.AWS_ACCESS_KEY_ID, secretAccessKey: cfg.AWS_SECRET_ACCESS_KEY } : undefined,
  }
}

/** The stores the configuration names: the data folder, and the bucket of LOG_ARCHIVE_URL when set. */
export function archiveStoresFromConfig(cfg: Config, dataDir: string): ArchiveStores {
  return createArchiveStores({ dataDir, s3: bucketOptions(cfg) })
}
