// Prometheus metrics (prom-client), served at GET /metrics (http/ops.ts). One registry for the
// process, kept on globalThis: Next's bundle (the REST and tRPC handlers, the runtime) and
// server.ts load this module separately, and both must count into the same series.
//
// Labels stay bounded: requests by route template (http/route-template.ts), never the raw path;
// engine steps and the queue by workflow (definitions are few); webhooks by outcome only.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Seconds: from a fast API read to a slow page or a long step. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const STEP_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800]

/** What is read from the database at each scrape (the queue), set by the runtime. */
export interface QueueSample {
  workflow: string
  depth: number
  oldestAgeSeconds: number
}

function create() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'console_' })
  let sampleQueue: (() => QueueSample[]) | undefined
  const queueDepth = new Gauge({
    name: 'console_queue_depth',
    help: 'Executions queued and not yet started, by workflow ("" for executions reported by services, not run by a workflow).',
    labelNames: ['workflow'] as const,
    registers: [registry],
  })
  const queueAge = new Gauge({
    name: 'console_queue_oldest_age_seconds',
    help: 'Age of the oldest queued execution, by workflow.',
    labelNames: ['workflow'] as const,
    registers: [registry],
  })
  // Both gauges are read at scrape time, in one query (see setQueueSampler).
  const collectQueue = () => {
    if (!sampleQueue) return
    queueDepth.reset()
    queueAge.reset()
    for (const s of sampleQueue()) {
      queueDepth.set({ workflow: s.workflow }, s.depth)
      queueAge.set({ workflow: s.workflow }, s.oldestAgeSeconds)
    }
  }
  return {
    registry,
    httpRequests: new Counter({
      name: 'console_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'console_http_request_duration_seconds',
      help: 'Time from a request to the end of its answer, by method, route template and status code (streams excluded).',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    httpInFlight: new Gauge({ name: 'console_http_requests_in_flight', help: 'Requests being answered now (streams excluded).', registers: [registry] }),
    openStreams: new Gauge({
      name: 'console_open_streams',
      help: 'Open watch streams and worker connections, by kind (sse, sse-monitor, sse-feed, websocket, worker).',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    queueDepth,
    queueAge,
    collectQueue,
    setQueueSampler(sampler: (() => QueueSample[]) | undefined) {
      sampleQueue = sampler
    },
    engineStepDuration: new Histogram({
      name: 'console_engine_step_duration_seconds',
      help: 'Engine steps run in this process, from start to outcome, by workflow and outcome (finished, failed, interrupted…).',
      labelNames: ['workflow', 'outcome'] as const,
      buckets: STEP_BUCKETS,
      registers: [registry],
    }),
    webhookAttempts: new Counter({
      name: 'console_webhook_attempts_total',
      help: 'Webhook delivery attempts, by outcome (succeeded, retry, gone, failed: out of retries).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    webhookFailures: new Counter({
      name: 'console_webhook_failures_total',
      help: 'Webhook attempts that did not succeed (an error, a timeout or a non-2xx answer).',
      registers: [registry],
    }),
    commitBatchSize: new Histogram({
      name: 'console_commit_batch_size',
      help: 'Changes committed together by the write path (group commit), one observation a transaction.',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers: [registry],
    }),
  }
}

export type ConsoleMetrics = ReturnType<typeof create>

const globalForMetrics = globalThis as unknown as { __consoleMetrics?: ConsoleMetrics }

/** The process's metrics (made on first use). */
export function metrics(): ConsoleMetrics {
  return (globalForMetrics.__consoleMetrics ??= create())
}

/** The exposition text and its content type, the queue read first. */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  const m = metrics()
  try {
    m.collectQueue()
  } catch {
    // A database that cannot be read shows as not ready (/api/ready); the other series still answer.
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() }
}
