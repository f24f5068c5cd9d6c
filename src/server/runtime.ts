// What runs beside the web server in the console's process: the engine (it runs the workflows
// registered as templates; workers in services' own processes run their steps), supervision,
// webhooks, alerts, retention — and, unless DEMO=off, the demo worker as a process of its own
// (demo/worker-process.ts): the console's process runs none of the demo's code. Started once by
// src/instrumentation.ts.
import { config } from './config'
import { databaseTarget } from './db/database-url.mjs'
import { listen, QUEUE_CHANNEL } from './db/postgres/notify'
import { attachEngine, getServices } from './context'
import { getWriter } from './db/writer'
import { systemClock } from './lib/clock'
import { whenListening } from './lib/listening'
import { createEngine, type Engine } from './engine/engine'
import { createWebhookDelivery } from './webhooks/delivery'
import { createNotificationDelivery } from './notifications/delivery'
import { reencryptAll } from './security/rotate'
import { unknownKeyIds } from './security/crypto'
import { backfillFingerprints } from './services/failures'
import { createSupervisor } from './supervision/supervisor'
import { getReader } from './db/reader'
import { logger } from './ops/log'
import { metrics } from './ops/metrics'
import { onShutdown } from './ops/shutdown'
import { asDuty, asOneOff, createDutyHolder } from './ops/duties'

/** Log retention runs at start, then this often. */
const RETENTION_EVERY_MS = 6 * 3_600_000

const globalForRuntime = globalThis as unknown as { __consoleRuntime?: Promise<Engine | null> }

export function startRuntime(): Promise<Engine | null> {
  globalForRuntime.__consoleRuntime ??= (async () => {
    const cfg = config()
    const log = logger('runtime')
    // The services the built-in workflows belong to, and their organisations (the first admin is
    // made an admin of each): with the demo workload off too, since the engine runs those
    // workflows either way and the catalog is what executions over the API name. Written through
    // the write path's connection, in one transaction each.
    const { ensureCatalog, upgradeDemoHistory } = await import('./built-in/install')
    ensureCatalog(getWriter(), Date.now())
    const upgraded = upgradeDemoHistory(getWriter())
    if (upgraded) log.info({ upgraded }, `demo history: ${upgraded} executions of earlier demo workflows now belong to the workflows that run them`)

    const services = await getServices()
    // Values the newest executions hold that no configured key opens: said once, now, rather than
    // as each of those executions fails to open its context later.
    const sealedWithOthers = unknownKeyIds(
      getReader()
        .all<{ context: string | null; result: string | null; errorMessage: string | null }>(
          'SELECT "context", "result", "errorMessage" FROM "Execution" ORDER BY "createdAt" DESC, "id" DESC LIMIT 1000',
          [],
        )
        .flatMap((r) => [r.context, r.result, r.errorMessage]),
    )
    if (sealedWithOthers.length)
      log.error(
        { keyIds: sealedWithOthers },
        `encryption: this database holds values sealed with key ${sealedWithOthers.join(', ')}, which this process does not have; they cannot be opened. Start with the key they were sealed with (ENCRYPTION_KEY or ENCRYPTION_KEY_FILE; ENCRYPTION_OLD_KEYS for a rotated one) — was the database prepared or seeded with another key?`,
      )
    // Duties one process at a time carries out when several share the database (ops/duties.ts);
    // a lone process holds them all. Given back on shutdown, so another process takes them at once.
    const duties = createDutyHolder(getWriter())
    // The first start makes an admin of every organisation (ADMIN_EMAIL, ADMIN_PASSWORD).
    const admin = await services.access.users.ensureAdmin({ email: cfg.ADMIN_EMAIL, password: cfg.ADMIN_PASSWORD })
    if (admin) {
      log.warn(
        { email: admin.email },
        admin.password
          ? `first start: created admin ${admin.email} with password ${admin.password}  (shown this once; set ADMIN_PASSWORD to choose it)`
          : `first start: created admin ${admin.email} with the password in ADMIN_PASSWORD`,
      )
    }
    // Failures written before failure groups existed are grouped too (once, in the background).
    void asOneOff(duties, 'failures.backfill', 60_000, () => backfillFingerprints(getWriter()))
      .then((n) => n && log.info({ grouped: n }, `failures: grouped ${n} earlier failures`))
      .catch((error) => log.error({ err: error }, 'failures: grouping earlier failures failed'))
    // Supervision of every execution the engine does not hold (outside services' included): with
    // the engine off too, since services then drive every execution over the API.
    const supervisor = createSupervisor({
      store: getWriter(),
      executions: services.executions,
      clock: systemClock,
      silenceMs: cfg.STALL_AFTER_MS,
      checkpointEveryMs: cfg.CHECKPOINT_INTERVAL_MS,
      pollMs: cfg.SUPERVISION_INTERVAL_MS,
      alerts: services.executionAlerts,
      recovery: services.recovery,
      // A FALLBACK strategy's workflow starts on this process's engine (once it runs).
      startFallback: async (workflow, start) => ({ id: (await services.workflows.start(workflow, start)).$id }),
      duties,
    })
    supervisor.start()
    // Per-execution alerts are measured as their executions' events commit, too (not only each round).
    services.executionAlerts.listen(services.bus)
    // Notifications (email, Slack-compatible webhooks) from their outbox, linking to CONSOLE_URL;
    // reviews coming due are looked for every minute.
    const notifications = createNotificationDelivery({
      store: getWriter(),
      baseUrl: cfg.CONSOLE_URL ?? `http://localhost:${cfg.PORT}`,
      smtpUrl: cfg.SMTP_URL,
      from: cfg.SMTP_FROM,
      allowPrivate: cfg.WEBHOOK_ALLOW_PRIVATE,
    })
    notifications.start()
    services.notifications.onQueued(notifications.wake)
    const reviewSweep = setInterval(
      asDuty(duties, 'notifications.reviews', 180_000, () => {
        try {
          services.notifications.sweep()
        } catch (error) {
          log.error({ err: error }, 'notifications: looking for reviews due failed')
        }
      }),
      60_000,
    )
    reviewSweep.unref()
    // The queue's depth and age by workflow, read at each scrape of /metrics.
    metrics().setQueueSampler(() => queueSample(getReader(), Date.now()))
    // On shutdown (server.ts, ops/shutdown.ts), after every part below has stopped: what is
    // still batched commits, and the connections close (the write-ahead log copied back).
    onShutdown('flush', 'database', async () => {
      await new Promise((r) => setImmediate(r))
      duties.releaseAll()
      getWriter().close()
      getReader().close()
      const bus = services.bus as { close?: () => Promise<void> }
      await Promise.allSettled([bus.close?.(), services.redis?.quit()])
    })
    if (!cfg.ENGINE) {
      onShutdown('runtime', 'supervision', async () => {
        clearInterval(reviewSweep)
        await Promise.all([supervisor.stop(), notifications.stop()])
      })
      return null
    }
    const engine = createEngine({
      store: getWriter(),
      executions: services.executions,
      bus: services.bus,
      workflows: [],
      concurrency: cfg.ENGINE_CONCURRENCY,
      leaseMs: cfg.ENGINE_LEASE_MS,
      checkpointEveryMs: cfg.CHECKPOINT_INTERVAL_MS,
      maxTree: cfg.MAX_EXECUTION_TREE,
      recovery: services.recovery,
      // PostgreSQL: work another node makes due is heard at its COMMIT (db/postgres/notify.ts).
      wakeUps:
        getWriter().dialect === 'postgres'
          ? (wake) => {
              const listener = listen(databaseTarget(), QUEUE_CHANNEL, wake)
              return () => void listener.close()
            }
          : undefined,
    })
    await engine.start()
    attachEngine(engine)
    const webhooks = createWebhookDelivery({ store: getWriter(), bus: services.bus, allowPrivate: cfg.WEBHOOK_ALLOW_PRIVATE })
    webhooks.start()
    // Alert rules are measured on an interval (ALERT_INTERVAL_MS, 15 s by default).
    const alerting = setInterval(
      asDuty(duties, 'alerts', cfg.ALERT_INTERVAL_MS * 3, () => void services.alerts.evaluate().catch((error) => log.error({ err: error }, 'alerts: evaluation failed'))),
      cfg.ALERT_INTERVAL_MS,
    )
    // Task instances: lapsed leases go to other workers, overdue tasks time out (docs/workers.md).
    const taskSweep = setInterval(
      asDuty(duties, 'tasks.sweep', 5_000, () => void services.tasks.sweep().catch((error) => log.error({ err: error }, 'tasks: sweep failed'))),
      1_000,
    )
    // Log retention: lines older than LOG_RETENTION_DAYS move to compressed archives (at start, then every 6 hours).
    const retentionMs = cfg.LOG_RETENTION_DAYS * 86_400_000
    // (Its lease outlasts the interval: the process that archives keeps doing so while it lives.)
    const runRetention = asDuty(
      duties,
      'retention',
      RETENTION_EVERY_MS + 600_000,
      () =>
        void services.retention.archive(retentionMs).then(
          (moved) => {
            if (moved.lines) log.info(moved, `retention: archived ${moved.lines} log lines of ${moved.executions} executions`)
          },
          (error: unknown) => log.error({ err: error }, 'retention: archiving logs failed'),
        ),
    )
    runRetention()
    const retention = setInterval(runRetention, RETENTION_EVERY_MS)
    // After a key rotation, values sealed with the old key are sealed again in the background.
    if (cfg.ENCRYPTION_OLD_KEYS) {
      void asOneOff(duties, 'encryption.reseal', 60_000, () => reencryptAll(getWriter(), { archives: services.retention.archives }))
        .then((done) => {
          if (!done) return // another process re-seals
          const { changed, unopened } = done
          if (changed) log.info({ changed }, `encryption: re-sealed ${changed} values with the current key`)
          if (unopened)
            log.warn({ unopened }, `encryption: ${unopened} values look sealed but open with no configured key (text sent that way, or a key no longer given); left as they are`)
        })
        .catch((error) => log.error({ err: error }, 'encryption: re-sealing failed'))
    }
    // The demo worker connects over HTTP: it starts once the console listens.
    const { startDemoWorker } = await import('./demo/worker-process')
    const stopDemo = cfg.DEMO ? whenListening().then(() => startDemoWorker(services, cfg)) : Promise.resolve(async () => {})
    // On shutdown the engine stops claiming, interrupts its running steps and hands their leases
    // back (another node takes them at once, not after ENGINE_LEASE_MS); the rest stops with it.
    onShutdown('runtime', 'engine', async () => {
      clearInterval(alerting)
      clearInterval(taskSweep)
      clearInterval(retention)
      clearInterval(reviewSweep)
      services.tasks.stop()
      await Promise.all([(await stopDemo)(), engine.stop(), webhooks.stop(), supervisor.stop(), notifications.stop()])
      log.info({ workerId: engine.workerId }, 'engine stopped; its leases are released')
    })
    log.info({ workerId: engine.workerId }, `engine ${engine.workerId} started${!cfg.DEMO ? '' : `; the demo worker starts ${cfg.DEMO_RATE} executions a minute`}`)
    return engine
  })()
  return globalForRuntime.__consoleRuntime
}

/** Queued executions by workflow: how many, and how long the oldest has waited (for /metrics). */
export function queueSample(reader: { all<T>(sql: string, params: readonly unknown[]): T[] }, now: number) {
  return reader
    .all<{ workflow: string; depth: number; oldest: number | string }>(
      `SELECT COALESCE("workflowDefinitionId", '') AS workflow, COUNT(*) AS depth, MIN("createdAt") AS oldest FROM "Execution" WHERE "status" = 'queued' GROUP BY 1`,
      [],
    )
    .map((r) => ({ workflow: r.workflow, depth: r.depth, oldestAgeSeconds: Math.max(0, (now - (typeof r.oldest === 'number' ? r.oldest : Date.parse(r.oldest))) / 1000) }))
}
