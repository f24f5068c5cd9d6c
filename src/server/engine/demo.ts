// The demo workload: the workflows of the demo services (seed/catalog.ts, which the seeded
// history is made from too), with handlers that simulate latency, tokens, cost and the failures
// operators meet (API_RATE_LIMIT, SMTP errors, API_TIMEOUT); and an outside service that runs its
// own executions over the API. Nothing goes to the network.
import { setMaxListeners } from 'node:events'
import type { Clock } from '../lib/clock'
import type { Engine } from './engine'
import { defineWorkflow, StepError, type StepContext, type StepDefinition, type WorkflowDefinition } from './workflow'
import type { CommittedEvent, EventBus } from '../events/bus'
import type { Actor } from '../domain/actor'
import type { ExecutionService } from '../services/executions'
import type { QueryService } from '../services/queries'
import { ServiceError } from '../services/errors'
import { BATCHES, COMPANIES, dependsOnOf, MODEL, OUTREACH, serviceTemplate, type ServiceTemplate } from '../seed/catalog'

export interface DemoOptions {
  clock: Clock
  random?: () => number
  /** Multiplies every simulated latency (tests use small values). */
  speed?: number
}

export function demoWorkflows({ clock, random = Math.random, speed = 1 }: DemoOptions): WorkflowDefinition[] {
  const work = async (ctx: StepContext, ms: number) => clock.sleep(Math.round(ms * speed * (0.5 + random())), ctx.signal)
  const ai = async (ctx: StepContext, prompt: number, completion: number) => {
    const p = Math.round(prompt * (0.7 + random() * 0.6))
    const c = Math.round(completion * (0.7 + random() * 0.6))
    ctx.log('debug', 'AI model request', { model: MODEL, prompt_tokens: p, max_tokens: completion * 2 })
    await ctx.metrics({ promptTokens: p, completionTokens: c, modelCalls: 1, costBreakdown: { ai: p * 3e-6 + c * 15e-6 }, qualityScore: 0.85 + random() * 0.15 })
  }
  const api = async (ctx: StepContext, service: string) => ctx.metrics({ apiCallsByService: { [service]: 1 }, costBreakdown: { apis: 0.001 } })
  /** Fails the step with one of the template's failures of this code, now and then. */
  const sometimes = (t: ServiceTemplate, code: string, chance: number, context?: Record<string, unknown>) => {
    if (random() >= chance) return
    const failure = t.failures.find((f) => f.code === code)!
    throw new StepError(code, failure.messages[Math.floor(random() * failure.messages.length)]!, { recoverable: failure.recoverable, context })
  }

  /**
   * A workflow of a demo service: its steps, names, assignees, order and policies from the
   * catalog the seeded history is made from too; the handlers here.
   */
  const fromTemplate = (t: ServiceTemplate, steps: Record<string, Pick<StepDefinition, 'handler' | 'retryPolicy' | 'dueInMs'>>, extra: Partial<WorkflowDefinition> = {}) =>
    defineWorkflow({
      id: t.workflow!.key,
      version: t.workflow!.version,
      name: t.workflow!.name,
      description: t.description,
      service: t.id,
      assignee: t.assignee,
      retryPolicy: t.retryPolicy,
      timeout: t.timeoutMs,
      steps: t.steps.map((step, i) => ({
        id: step.id,
        name: step.name,
        assignee: step.assignee === 'human' ? { type: 'human', id: 'editor-1', name: 'Sarah Editor' } : step.ai ? { type: 'ai-agent', model: MODEL } : step.assignee,
        dependsOn: dependsOnOf(t, i),
        ...steps[step.id],
      })),
      ...extra,
    })

  const sdrT = serviceTemplate('sdr-service')
  const sdr = fromTemplate(
    sdrT,
    Object.fromEntries(
      OUTREACH.flatMap(({ n, lead, company }) => [
        [
          `research-lead-${n}`,
          {
            retryPolicy: { maxRetries: 2, backoff: 'exponential', initialDelay: 1000, maxDelay: 10_000, jitter: true, retryableErrors: ['API_RATE_LIMIT'] },
            handler: async (ctx: StepContext) => {
              ctx.log('info', 'Starting lead research', { lead_name: lead, company })
              await api(ctx, 'linkedin')
              sometimes(sdrT, 'API_RATE_LIMIT', 0.12, { api: 'linkedin', limit: 100, period: '1h' })
              await work(ctx, 1500)
              await ai(ctx, 1200, 400)
              return { talking_points: [`${company} is hiring sales reps`, `${company} raised a Series B`], pain_points: ['Manual sales processes'] }
            },
          },
        ],
        [
          `craft-message-${n}`,
          {
            handler: async (ctx: StepContext) => {
              await work(ctx, 1200)
              await ai(ctx, 800, 600)
              return { subject: `Quick question about ${company}'s sales process`, personalization_quality: Number((0.8 + random() * 0.2).toFixed(2)) }
            },
          },
        ],
        [
          `send-email-${n}`,
          {
            handler: async (ctx: StepContext) => {
              await work(ctx, 400)
              await api(ctx, 'sendgrid')
              sometimes(sdrT, 'API_ERROR', 0.06, { smtp_code: 554 })
              return { sent: true, to: `${lead.split(' ')[0]!.toLowerCase()}@${company.toLowerCase().replace(/[^a-z]/g, '')}.com` }
            },
          },
        ],
      ]),
    ),
    {
      summarize: (outputs) => {
        const sent = Object.entries(outputs).filter(([id, o]) => id.startsWith('send-email') && (o.outputData as { sent?: boolean } | null)?.sent).length
        return { output: { emails_sent: sent, leads_contacted: OUTREACH.length }, summary: `Successfully sent personalized outreach to ${sent} leads` }
      },
    },
  )

  const contentT = serviceTemplate('content-service')
  const content = fromTemplate(
    contentT,
    {
      research: {
        handler: async (ctx) => {
          await work(ctx, 2000)
          await ai(ctx, 1500, 800)
          return { sources: 7 }
        },
      },
      outline: {
        handler: async (ctx) => {
          await work(ctx, 1500)
          sometimes(contentT, 'GENERATION_FAILED', 0.03)
          await ai(ctx, 900, 500)
          return { sections: 6 }
        },
      },
      draft: {
        retryPolicy: { maxRetries: 2, backoff: 'linear', initialDelay: 2000, maxDelay: 2000, retryableErrors: ['MODEL_ERROR'] },
        handler: async (ctx) => {
          await work(ctx, 3000)
          sometimes(contentT, 'MODEL_ERROR', 0.08, { model: MODEL, prompt_length: 1500 })
          await ai(ctx, 2500, 3000)
          return { title: 'AI in Sales Automation: The Complete Guide', word_count: 1400 + Math.floor(random() * 300) }
        },
      },
      review: { dueInMs: 2 * 3_600_000 },
      publish: {
        handler: async (ctx) => {
          await work(ctx, 500)
          await api(ctx, 'cms')
          return { url: `https://example.com/blog/${ctx.executionId}` }
        },
      },
    },
    {
      summarize: (o) => {
        const draft = o.draft?.outputData as { title?: string; word_count?: number } | undefined
        return { output: { title: draft?.title, word_count: draft?.word_count }, summary: `Generated ${draft?.word_count ?? 0}-word blog post "${draft?.title ?? ''}"` }
      },
    },
  )

  const crmT = serviceTemplate('integration-service')
  const integration = fromTemplate(crmT, {
    'fetch-data': {
      retryPolicy: { maxRetries: 3, backoff: 'exponential', initialDelay: 1000, maxDelay: 30_000, jitter: true, retryableErrors: ['API_TIMEOUT'] },
      handler: async (ctx) => {
        await work(ctx, 1000)
        await api(ctx, 'salesforce')
        sometimes(crmT, 'API_TIMEOUT', 0.35, { api: 'https://api.salesforce.example/records', timeout: 30000 })
        return { records: 100 + Math.floor(random() * 400) }
      },
    },
    transform: {
      handler: async (ctx) => {
        await work(ctx, 600)
        return { transformed: (ctx.__steps__['fetch-data']?.outputData as { records?: number } | undefined)?.records ?? 0 }
      },
    },
    'upsert-records': {
      handler: async (ctx) => {
        await work(ctx, 800)
        await api(ctx, 'hubspot')
        sometimes(crmT, 'SERVICE_UNAVAILABLE', 0.05)
        return { upserted: (ctx.__steps__.transform?.outputData as { transformed?: number } | undefined)?.transformed ?? 0 }
      },
    },
    verify: {
      handler: async (ctx) => {
        await work(ctx, 300)
        return { verified: true }
      },
    },
  })

  const nightlyT = serviceTemplate('batch-processing-service')
  const nightly = fromTemplate(
    nightlyT,
    Object.fromEntries(
      nightlyT.steps.map((step, i) => [
        step.id,
        {
          handler: async (ctx: StepContext) => {
            await work(ctx, 1500)
            if (i === 6) sometimes(nightlyT, 'DATABASE_ERROR', 0.04)
            ctx.log('info', `Wrote items ${i * 100 + 1}–${(i + 1) * 100}`, { processed_count: (i + 1) * 100 })
            return { processed: 100 }
          },
        },
      ]),
    ),
    { summarize: () => ({ output: { processed: BATCHES * 100 }, summary: `Imported ${BATCHES * 100} items in ${BATCHES} batches` }) },
  )

  const analysisT = serviceTemplate('data-analysis-service')
  const analysis = fromTemplate(analysisT, {
    'load-data': {
      handler: async (ctx) => {
        await work(ctx, 800)
        await api(ctx, 'warehouse')
        sometimes(analysisT, 'DATA_NOT_FOUND', 0.02)
        return { rows: 12_000 + Math.floor(random() * 5_000) }
      },
    },
    analyze: {
      handler: async (ctx) => {
        await work(ctx, 1500)
        await ai(ctx, 3000, 900)
        return { trends: 4 }
      },
    },
    visualize: {
      handler: async (ctx) => {
        await work(ctx, 700)
        return { charts: 5 }
      },
    },
    summarize: {
      handler: async (ctx) => {
        await work(ctx, 1200)
        sometimes(analysisT, 'MODEL_ERROR', 0.05)
        await ai(ctx, 2000, 700)
        return { words: 600 }
      },
    },
  })

  const BATCH_STEPS = 1000
  const batch = defineWorkflow({
    id: 'batch-processing',
    version: 1,
    name: 'Batch Data Processing',
    service: 'batch-processing-service',
    assignee: { type: 'system', id: 'batch-processor', name: 'Batch Processing System' },
    timeout: 7_200_000,
    steps: Array.from({ length: BATCH_STEPS }, (_, i) => ({
      id: `item-${i + 1}`,
      name: `Process item ${i + 1}`,
      assignee: 'system' as const,
      handler: async (ctx: StepContext) => {
        await work(ctx, 40)
        if ((i + 1) % 100 === 0) ctx.log('info', `Processed ${i + 1} of ${BATCH_STEPS} items`, { processed_count: i + 1 })
        return { ok: true }
      },
    })),
    summarize: () => ({ output: { processed: BATCH_STEPS }, summary: `Processed ${BATCH_STEPS} items` }),
  })

  const lead = defineWorkflow({
    id: 'lead-enrichment',
    version: 1,
    name: 'Lead Enrichment',
    service: 'data-analysis-service',
    assignee: { type: 'ai-agent', id: 'analyst-agent', name: 'Claude Analyst', model: MODEL },
    steps: [
      {
        id: 'lookup',
        name: 'Look Up Company',
        assignee: 'system',
        handler: async (ctx) => {
          await work(ctx, 700)
          await api(ctx, 'clearbit')
          return { company: ctx.input.company }
        },
      },
      {
        id: 'score',
        name: 'Score Lead',
        assignee: { type: 'ai-agent', model: MODEL },
        handler: async (ctx) => {
          await work(ctx, 900)
          await ai(ctx, 600, 200)
          return { score: Math.round(random() * 100) }
        },
      },
    ],
  })

  const nested = defineWorkflow({
    id: 'account-research',
    version: 1,
    name: 'Account Research (nested)',
    service: 'data-analysis-service',
    assignee: { type: 'hybrid', id: 'research-pod', name: 'Research Pod' },
    steps: [
      {
        id: 'enrich-leads',
        name: 'Enrich Leads',
        assignee: 'system',
        children: () => COMPANIES.slice(0, 3).map((company) => ({ workflow: 'lead-enrichment', input: { company } })),
      },
      {
        id: 'summarize',
        name: 'Write Account Summary',
        assignee: { type: 'ai-agent', model: MODEL },
        handler: async (ctx) => {
          await work(ctx, 1200)
          await ai(ctx, 2000, 700)
          return { accounts: (ctx.__steps__['enrich-leads']!.outputData as { children: unknown[] }).children.length }
        },
      },
    ],
  })

  return [sdr, content, batch, integration, nightly, analysis, lead, nested]
}

/** Which demo workflows start, and how often relative to each other. */
const MIX: { workflow: string; weight: number }[] = [
  { workflow: 'sdr-outreach', weight: 30 },
  { workflow: 'content-generation', weight: 18 },
  { workflow: 'crm-sync', weight: 22 },
  { workflow: 'account-research', weight: 8 },
  { workflow: 'quarterly-analysis', weight: 8 },
  { workflow: 'nightly-import', weight: 6 },
  { workflow: 'batch-processing', weight: 8 },
]

/** What the driver needs beside what the support desk does; `perMinute` counts the engine's starts. */
export interface DemoDriverOptions extends Omit<SupportDeskOptions, 'speed'> {
  engine: Engine
  /** Share of human review steps a simulated editor approves; the rest wait for an operator. */
  autoApprove?: number
}

/**
 * Starts demo executions at a steady rate, plays the editor for most human reviews, and runs the
 * outside support desk (a sixth of the rate).
 */
export function startDemoDriver(options: DemoDriverOptions): () => void {
  const { engine, executions, bus, clock, perMinute } = options
  const stopDesk = startSupportDesk({ executions, queries: options.queries, bus, clock, perMinute: perMinute / 6, random: options.random })
  const random = options.random ?? Math.random
  const autoApprove = options.autoApprove ?? 0.7
  const stop = new AbortController()
  setMaxListeners(0, stop.signal) // one listener per review waiting for the simulated editor
  const editor = { type: 'operator' as const, id: 'demo-editor' }

  const unsubscribe = bus.subscribe((event) => {
    if (event.type !== 'execution.step.started' || event.stepId !== 'review' || event.actorId !== engine.workerId) return
    if (random() >= autoApprove) return
    const delay = 5_000 + random() * 25_000
    clock
      .sleep(delay, stop.signal)
      .then(() =>
        random() < 0.9
          ? executions.completeStep(event.executionId, editor, 'review', { output: { approved: true, notes: 'Looks good' } })
          : executions.failStep(event.executionId, editor, 'review', {
              code: 'BUSINESS_RULE_VIOLATION',
              message: 'Rejected: the draft makes claims we cannot back up',
              recoverable: false,
            }),
      )
      .catch(() => {}) // the execution moved on (cancelled, paused) or the demo stopped
  })

  void (async () => {
    const interval = 60_000 / perMinute
    while (!stop.signal.aborted) {
      const total = MIX.reduce((s, m) => s + m.weight, 0)
      let r = random() * total
      const pick = MIX.find((m) => (r -= m.weight) <= 0) ?? MIX[0]!
      const priority = random() < 0.05 ? 'urgent' : random() < 0.15 ? 'high' : random() < 0.1 ? 'low' : 'normal'
      await engine
        .startWorkflow(pick.workflow, { priority, tags: ['demo'], input: { requestedBy: 'demo' } })
        .catch((error) => console.error('demo: could not start a workflow', error))
      await clock.sleep(interval * (0.5 + random()), stop.signal).catch(() => {})
    }
  })()

  return () => {
    stop.abort()
    unsubscribe()
    stopDesk()
  }
}

export type DeskReads = Pick<QueryService, 'get' | 'steps' | 'ids' | 'events'>

export interface SupportDeskOptions {
  executions: ExecutionService
  /** The reads an outside service makes over the API. */
  queries: DeskReads
  bus: EventBus
  clock: Clock
  /** Tickets a minute. */
  perMinute: number
  random?: () => number
  /** Multiplies the desk's simulated latency. */
  speed?: number
}

/**
 * The demo's outside service: a support desk that runs its own executions and reports them over
 * the API as any service would — create, start, steps, logs, metrics, complete or fail. The
 * console does not run them; it supervises them: a failure its policy covers is retried after
 * the backoff, which the desk hears (`execution.retry`) and resumes; one ticket in fifty the desk
 * loses track of, and the console flags the silence, then times it out.
 */
export function startSupportDesk(options: SupportDeskOptions): () => void {
  const { executions, queries, bus, clock, perMinute } = options
  const random = options.random ?? Math.random
  const speed = options.speed ?? 1
  const t = serviceTemplate('support-triage-service')
  const desk: Actor = { type: 'api', id: 'support-desk' }
  const agent: Actor = { type: 'api', id: 'support-agent' }
  const stop = new AbortController()
  setMaxListeners(0, stop.signal)
  /** Executions this desk runs; those it works on now; those it lost (it never picks them up again). */
  const mine = new Set<string>()
  const working = new Set<string>()
  const lost = new Set<string>()
  /** Executions of its service that someone else opened (over the API by hand): not the desk's to run. */
  const others = new Set<string>()
  const waiters = new Set<(event: CommittedEvent) => void>()
  let tickets = 0

  const sleep = (ms: number) => clock.sleep(Math.round(ms * speed * (0.5 + random())), stop.signal)
  const failure = (code: string) => t.failures.find((f) => f.code === code)!

  /** Resolves when the step has finished (an agent or an operator completed or rejected it) or the desk stops. */
  const finished = (id: string, stepId: string) =>
    new Promise<void>((resolve) => {
      const onEvent = (e: CommittedEvent) => {
        if (e.executionId === id && e.stepId === stepId && (e.type === 'execution.step.completed' || e.type === 'execution.step.failed')) done()
        else if (e.executionId === id && (e.type === 'execution.cancelled' || e.type === 'execution.failed' || e.type === 'execution.paused')) done()
      }
      const done = () => {
        waiters.delete(onEvent)
        stop.signal.removeEventListener('abort', done)
        resolve()
      }
      waiters.add(onEvent)
      stop.signal.addEventListener('abort', done, { once: true })
    })

  async function drive(id: string) {
    let execution = await queries.get(id)
    if (execution.status === 'queued' || execution.status === 'retry') execution = await executions.start(id, desk)
    if (execution.status !== 'running') return
    const steps = new Map((await queries.steps(id)).map((s) => [s.id, s]))
    for (const step of t.steps) {
      if (stop.signal.aborted) return
      const row = steps.get(step.id)
      if (row?.status === 'completed' || row?.status === 'skipped' || row?.status === 'disabled') continue
      const human = step.assignee === 'human'
      if (row?.status !== 'running') {
        await executions.startStep(id, desk, {
          id: step.id,
          name: step.name,
          type: human ? 'human' : 'task',
          assignee: human ? { type: 'human', name: 'Support agent' } : { type: step.assignee },
          ...(human ? { dueAt: new Date(clock.now() + 30 * 60_000).toISOString() } : {}),
        })
      }
      if (human) {
        // An agent approves most replies in the desk's own tool; the rest wait for an operator.
        const approval = finished(id, step.id)
        if (random() < 0.8) {
          await sleep(15_000)
          await executions.completeStep(id, agent, step.id, { output: { approved: true } }).catch(() => {})
        }
        await approval
        const now = (await queries.steps(id)).find((s) => s.id === step.id)
        if (now?.status !== 'completed') return // rejected, paused or cancelled: the console says what next
        continue
      }
      await sleep(t.baseStepMs / 4)
      if (random() < 0.02) {
        lost.add(id) // the desk crashed on this one: it goes silent
        return
      }
      const code =
        step.id === 'classify' && random() < 0.08
          ? 'RATE_LIMIT_EXCEEDED'
          : step.id === 'send' && random() < 0.06
            ? random() < 0.8
              ? 'DEPENDENCY_ERROR'
              : 'PERMISSION_DENIED'
            : null
      if (code) {
        const f = failure(code)
        const message = f.messages[Math.floor(random() * f.messages.length)]!
        await executions.log(id, desk, [{ level: 'error', step: step.id, message }])
        // The execution fails; its policy decides whether the console retries it.
        await executions.fail(id, desk, { code, message, step: step.id, recoverable: f.recoverable })
        return
      }
      if (step.ai) {
        const prompt = 400 + Math.floor(random() * 800)
        const completion = 150 + Math.floor(random() * 400)
        await executions.reportMetrics(id, desk, { promptTokens: prompt, completionTokens: completion, modelCalls: 1, costBreakdown: { ai: prompt * 3e-6 + completion * 15e-6 } })
      } else await executions.reportMetrics(id, desk, { apiCallsByService: { zendesk: 1 }, costBreakdown: { apis: 0.001 } })
      await executions.log(id, desk, [{ level: 'info', step: step.id, message: `${step.name}: done`, metadata: { source: 'support-desk' } }])
      await executions.completeStep(id, desk, step.id, { output: step.id === 'classify' ? { queue: random() < 0.5 ? 'billing' : 'technical' } : { ok: true } })
    }
    await executions.complete(id, desk, { success: true, output: { replied: true }, summary: 'Reply sent to the customer' })
  }

  /** Works on an execution unless it already does or lost it; refusals (paused, cancelled meanwhile) end the turn. */
  function work(id: string) {
    if (working.has(id) || lost.has(id) || stop.signal.aborted) return
    mine.add(id)
    working.add(id)
    drive(id)
      .catch((error) => {
        if (!ServiceError.is(error)) console.error(`support desk: ${id} failed`, error)
      })
      .finally(() => working.delete(id))
  }

  const unsubscribe = bus.subscribe((event) => {
    for (const waiter of waiters) waiter(event)
    // The console's automatic retry, or an operator's retry or resume: pick the ticket up again.
    if (mine.has(event.executionId) && (event.type === 'execution.retry' || event.type === 'execution.resumed')) work(event.executionId)
  })

  void (async () => {
    // Its executions under way when the desk (re)starts, then new tickets at its rate. It takes
    // up only what it opened itself: one someone opened by hand over the API is theirs to run.
    while (!stop.signal.aborted) {
      const waiting = await queries.ids({ service: [t.id], status: ['queued', 'retry', 'running'] }, 50).catch(() => [])
      for (const id of waiting) {
        if (mine.has(id)) work(id)
        else if (!others.has(id)) {
          const opened = (await queries.events(id, { limit: 1 }).catch(() => null))?.items[0]
          if (opened?.actor.id === desk.id) work(id)
          else others.add(id)
        }
      }
      if (random() < perMinute / 2) {
        tickets += 1
        const created = await executions
          .create(desk, {
            service: t.id,
            priority: random() < 0.1 ? 'high' : 'normal',
            tags: ['demo', 'support'],
            context: { ticket: `T-${10_000 + tickets}` },
            steps: t.steps.map((step) => ({ id: step.id, name: step.name, type: step.assignee === 'human' ? 'human' : 'task' })),
          })
          .catch((error) => console.error('support desk: could not open a ticket', error))
        if (created) work(created.$id)
      }
      await clock.sleep(30_000, stop.signal).catch(() => {})
    }
  })()

  return () => {
    stop.abort()
    unsubscribe()
  }
}
