// A service integrating with the console through the SDK as installed from its packed tarball
// (test/sdk.test.ts compiles this with module node16 and strict settings, outside the workspace,
// and runs it against a console it started). It prints one `RESULT <json>` line of what it saw,
// then watches an execution across a console restart and prints `EVENTS <json>`.
import { createClient, ConflictError, NotFoundError, ValidationError, type Execution, type WatchMessage } from '@execution-console/sdk'

const url = process.env.CONSOLE_URL!
const apiKey = process.env.API_KEY!
const tag = `sdk-${process.pid}`

// What the transport saw: statuses of every answer, and one create whose answer is lost.
const statuses: number[] = []
let loseNextCreateAnswer = false
const $ = createClient({
  url,
  apiKey,
  retries: 6,
  fetch: async (input, init) => {
    const response = await fetch(input, init)
    statuses.push(response.status)
    if (loseNextCreateAnswer && init?.method === 'POST' && String(input).endsWith('/api/executions')) {
      loseNextCreateAnswer = false
      throw new TypeError('fetch failed (the answer was lost on the way back)')
    }
    return response
  },
})

const result: Record<string, unknown> = {}
const expectError = async (what: string, run: () => Promise<unknown>) => {
  try {
    await run()
    result[what] = 'no error'
  } catch (error) {
    result[what] = error
  }
}

// Seed 001, example 1: create with the order and the service as objects, then drive it.
const order = `order-${tag}`
const first: Execution = await $.ServiceExecution.create({
  order,
  service: 'sdr-service',
  status: 'queued',
  assignee: { type: 'ai-agent', id: 'claude-sdr-1', name: 'Claude SDR Agent', model: 'claude-sonnet-4.5' },
  steps: [
    { id: 'research-lead-1', name: 'Research John Doe', status: 'pending', assignee: { type: 'ai-agent', model: 'claude-sonnet-4.5' } },
    { id: 'craft-message-1', name: 'Craft Message for John Doe', status: 'pending', assignee: { type: 'ai-agent', model: 'claude-sonnet-4.5' } },
    { id: 'send-email-1', name: 'Send Email to John Doe', status: 'pending', assignee: { type: 'system' } },
  ],
  metrics: { stepsTotal: 3, stepsCompleted: 0 },
  tags: [tag],
})
const second = await $.ServiceExecution.create({ order: $.ServiceOrder.get(order), service: $.Service.get('sdr-service'), priority: 'high', tags: [tag] })
result.sameOrder = second.order.$id === first.order.$id
const id = first.$id
const handle = $.ServiceExecution[id]!
await handle.start()
await handle.updateProgress(45)
await handle.log({ level: 'info', message: 'Researching lead: John Doe', step: 'research-lead-1', context: { leadId: 'lead-123' } })
await handle.log([
  { level: 'info', message: 'Found LinkedIn profile' },
  { level: 'warn', message: 'Email bounced once', metadata: { source: 'mailer' } },
])
await handle.reportMetrics({ tokensUsed: 1500, promptTokens: 1000, completionTokens: 500, cost: 0.05, costBreakdown: { ai: 0.05 } })
await handle.checkpoint({
  step: 'research-lead-1',
  state: { currentStep: 1, totalSteps: 3, completedSteps: ['research-lead-1'], pendingSteps: ['craft-message-1', 'send-email-1'], variables: { lead: 'John Doe' }, results: {} },
})
result.status = await handle.status
result.progress = await handle.progress
result.tokens = (await handle.metrics).tokensUsed
result.logMessages = (await handle.logs).map((l) => l.message)
result.steps = (await handle.steps).map((s) => s.id)
result.serviceName = (await handle.service).name
result.orderCustomer = (await first.order).customer
result.customerName = (await handle.customer).name
const done = await handle.complete({ success: true, output: { emails_sent: 1, leads_contacted: 1 }, summary: 'Successfully sent personalized outreach to 1 lead' })
result.completed = { status: done.status, progress: done.progress, summary: (await handle.result)?.summary }

// find() with the seed's operators, and list() with a filter.
result.found = (await $.ServiceExecution.find({ status: { $in: ['completed'] }, 'metrics.tokensUsed': { $gte: 1500 } }, { limit: 100 })).some((e) => e.$id === id)
result.listed = (await $.ServiceExecution.list({ tag, status: 'queued' })).map((e) => e.$id)

// Typed errors.
const busy = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running', tags: [tag] })
await busy.pause()
await expectError('conflict', () => busy.pause())
await expectError('validation', () => $.ServiceExecution[busy.$id]!.updateProgress(150))
await expectError('notFound', () => $.ServiceExecution.get('exec_does_not_exist'))
const conflict = result.conflict as ConflictError
result.conflict = { isConflict: conflict instanceof ConflictError, allowed: conflict.allowedOperations, status: conflict.currentStatus }
const validation = result.validation as ValidationError
result.validation = { isValidation: validation instanceof ValidationError, field: validation.field }
result.notFound = result.notFound instanceof NotFoundError

// Seed 001, example 4: a failure the retry policy covers.
const flaky = await $.ServiceExecution.create({
  service: 'integration-service',
  status: 'running',
  retryPolicy: { maxRetries: 3, backoff: 'exponential', initialDelay: 1000, maxDelay: 60000 },
  tags: [tag],
})
const failed = await $.ServiceExecution[flaky.$id]!.fail({ code: 'API_TIMEOUT', message: 'External API timeout after 30s', step: 'fetch-data', recoverable: true, retryCount: 0 })
result.failed = { status: failed.status, code: failed.error?.code }

// An idempotent create: its answer is lost, the SDK sends it again, one execution is made.
const idemTag = `${tag}-idem`
loseNextCreateAnswer = true
const idem = await $.ServiceExecution.create({ service: 'sdr-service', tags: [idemTag] })
result.idempotent = { count: (await $.ServiceExecution.list({ tag: idemTag })).length, id: idem.$id }

// A burst past the key's rate: every call lands, after the 429s it was told to wait out.
const burst = await Promise.all(Array.from({ length: 60 }, () => $.ServiceExecution[id]!.status))
result.burst = { answered: burst.filter((s) => s === 'completed').length, rateLimited: statuses.filter((s) => s === 429).length }

console.log(`RESULT ${JSON.stringify(result)}`)

// The watcher, across a console restart: every event once, in order.
const watched = await $.ServiceExecution.create({ service: 'sdr-service', status: 'running', tags: [tag] })
const watcher = watched.watch()
const messages: Pick<WatchMessage, 'eventId' | 'type' | 'event'>[] = []
const seen = { progress: [] as number[], logs: 0, reconnects: 0, completed: '' }
watcher.on('message', (m) => messages.push({ eventId: m.eventId, type: m.type, event: m.event }))
watcher.on('progress', (p) => seen.progress.push(p))
watcher.on('log', (lines) => (seen.logs += lines.length))
watcher.on('reconnecting', () => seen.reconnects++)
const completed = new Promise<void>((resolve) => watcher.on('completed', (r) => ((seen.completed = r.summary ?? ''), resolve())))
watcher.on('state', () => console.log(`WATCHING ${watched.$id}`))
await completed
await watcher.close()
console.log(`EVENTS ${JSON.stringify({ messages, seen })}`)
