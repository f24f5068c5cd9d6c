// The demo workload: workflows shaped after seed 000/001's examples, with handlers that
// simulate latency, tokens, cost and the failures operators meet (API_RATE_LIMIT, SMTP errors,
// API_TIMEOUT). Nothing goes to the network.
import { setMaxListeners } from 'node:events'
import type { Clock } from './clock'
import type { Engine } from './engine'
import { defineWorkflow, StepError, type StepContext, type StepDefinition, type WorkflowDefinition } from './workflow'
import type { EventBus } from '../events/bus'
import type { ExecutionService } from '../services/executions'

const MODEL = 'claude-sonnet-4.5'
const LEADS = ['John Doe', 'Maria Garcia', 'Wei Chen', 'Aisha Khan', 'Lars Berg', 'Priya Patel']
const COMPANIES = ['Acme Inc', 'Globex', 'Initech', 'Hooli', 'Soylent', 'Umbrella Corp']

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

  const leadSteps = (i: number, lead: string, company: string): StepDefinition[] => [
    {
      id: `research-lead-${i}`,
      name: `Research ${lead} at ${company}`,
      assignee: { type: 'ai-agent', id: 'claude-agent-1', name: 'Claude Research Agent', model: MODEL },
      retryPolicy: { maxRetries: 2, backoff: 'exponential', initialDelay: 1000, maxDelay: 10_000, jitter: true, retryableErrors: ['API_RATE_LIMIT'] },
      handler: async (ctx) => {
        ctx.log('info', 'Starting lead research', { lead_name: lead, company })
        await api(ctx, 'linkedin')
        if (random() < 0.12) throw new StepError('API_RATE_LIMIT', 'LinkedIn API rate limit exceeded: 100 requests per hour', { context: { api: 'linkedin', limit: 100, period: '1h' } })
        await work(ctx, 1500)
        await ai(ctx, 1200, 400)
        return { talking_points: [`${company} is hiring sales reps`, `${company} raised a Series B`], pain_points: ['Manual sales processes'] }
      },
    },
    {
      id: `craft-message-${i}`,
      name: `Craft Message for ${lead}`,
      assignee: { type: 'ai-agent', id: 'claude-agent-1', name: 'Claude SDR Agent', model: MODEL },
      dependsOn: [`research-lead-${i}`],
      handler: async (ctx) => {
        await work(ctx, 1200)
        await ai(ctx, 800, 600)
        return { subject: `Quick question about ${company}'s sales process`, personalization_quality: Number((0.8 + random() * 0.2).toFixed(2)) }
      },
    },
    {
      id: `send-email-${i}`,
      name: `Send Email to ${lead}`,
      assignee: { type: 'system', id: 'email-service', name: 'Email Service' },
      dependsOn: [`craft-message-${i}`],
      handler: async (ctx) => {
        await work(ctx, 400)
        await api(ctx, 'sendgrid')
        if (random() < 0.06) throw new StepError('API_ERROR', 'SMTP server returned 554 error: Transaction failed', { recoverable: true, context: { smtp_code: 554 } })
        return { sent: true, to: `${lead.split(' ')[0]!.toLowerCase()}@${company.toLowerCase().replace(/[^a-z]/g, '')}.com` }
      },
    },
  ]

  const sdr = defineWorkflow({
    id: 'sdr-outreach',
    version: 1,
    name: 'AI SDR Outreach',
    service: 'sdr-service',
    assignee: { type: 'ai-agent', id: 'claude-sdr-1', name: 'Claude SDR Agent', model: MODEL },
    retryPolicy: { maxRetries: 3, backoff: 'exponential', initialDelay: 1000, maxDelay: 60_000, jitter: true, retryableErrors: ['API_RATE_LIMIT', 'API_ERROR'] },
    steps: [0, 1, 2].flatMap((i) => leadSteps(i + 1, LEADS[(i * 2) % LEADS.length]!, COMPANIES[(i * 3) % COMPANIES.length]!)),
    summarize: (outputs) => {
      const sent = Object.entries(outputs).filter(([id, o]) => id.startsWith('send-email') && (o.outputData as { sent?: boolean } | null)?.sent).length
      return { output: { emails_sent: sent, leads_contacted: 3 }, summary: `Successfully sent personalized outreach to ${sent} leads` }
    },
  })

  const content = defineWorkflow({
    id: 'content-generation',
    version: 1,
    name: 'Content Generation',
    service: 'content-service',
    assignee: { type: 'hybrid', id: 'content-team', name: 'Content Team (AI + Human)' },
    steps: [
      { id: 'research', name: 'Research Topic', assignee: { type: 'ai-agent', model: MODEL }, handler: async (ctx) => { await work(ctx, 2000); await ai(ctx, 1500, 800); return { sources: 7 } } },
      { id: 'outline', name: 'Create Outline', assignee: { type: 'ai-agent', model: MODEL }, handler: async (ctx) => { await work(ctx, 1500); await ai(ctx, 900, 500); return { sections: 6 } } },
      {
        id: 'draft',
        name: 'Write Draft',
        assignee: { type: 'ai-agent', model: MODEL },
        retryPolicy: { maxRetries: 2, backoff: 'linear', initialDelay: 2000, maxDelay: 2000, retryableErrors: ['MODEL_ERROR'] },
        handler: async (ctx) => {
          await work(ctx, 3000)
          if (random() < 0.08) throw new StepError('MODEL_ERROR', 'AI model returned empty response', { context: { model: MODEL, prompt_length: 1500 } })
          await ai(ctx, 2500, 3000)
          return { title: 'AI in Sales Automation: The Complete Guide', word_count: 1400 + Math.floor(random() * 300) }
        },
      },
      { id: 'review', name: 'Human Review', assignee: { type: 'human', id: 'editor-1', name: 'Sarah Editor' }, dueInMs: 2 * 3_600_000 },
      { id: 'publish', name: 'Publish Content', assignee: { type: 'system' }, handler: async (ctx) => { await work(ctx, 500); await api(ctx, 'cms'); return { url: `https://example.com/blog/${ctx.executionId}` } } },
    ],
    summarize: (o) => {
      const draft = o.draft?.outputData as { title?: string; word_count?: number } | undefined
      return { output: { title: draft?.title, word_count: draft?.word_count }, summary: `Generated ${draft?.word_count ?? 0}-word blog post "${draft?.title ?? ''}"` }
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

  const integration = defineWorkflow({
    id: 'crm-sync',
    version: 1,
    name: 'CRM Integration Sync (flaky)',
    service: 'integration-service',
    assignee: { type: 'system', id: 'crm-sync', name: 'CRM Sync Worker' },
    retryPolicy: { maxRetries: 3, backoff: 'exponential', initialDelay: 2000, maxDelay: 60_000, jitter: true, retryableErrors: ['API_TIMEOUT', 'SERVICE_UNAVAILABLE'] },
    steps: [
      {
        id: 'fetch-data',
        name: 'Fetch Records',
        assignee: 'system',
        retryPolicy: { maxRetries: 3, backoff: 'exponential', initialDelay: 1000, maxDelay: 30_000, jitter: true, retryableErrors: ['API_TIMEOUT'] },
        handler: async (ctx) => {
          await work(ctx, 1000)
          await api(ctx, 'salesforce')
          if (random() < 0.35) throw new StepError('API_TIMEOUT', 'External API timeout after 30 seconds', { context: { api: 'https://api.salesforce.example/records', timeout: 30000 } })
          return { records: 100 + Math.floor(random() * 400) }
        },
      },
      { id: 'transform', name: 'Transform Records', assignee: 'system', handler: async (ctx) => { await work(ctx, 600); return { transformed: (ctx.__steps__['fetch-data']!.outputData as { records: number }).records } } },
      {
        id: 'upsert-records',
        name: 'Upsert Records',
        assignee: 'system',
        handler: async (ctx) => {
          await work(ctx, 800)
          await api(ctx, 'hubspot')
          if (random() < 0.05) throw new StepError('SERVICE_UNAVAILABLE', 'HubSpot returned 503 Service Unavailable')
          return { upserted: (ctx.__steps__.transform!.outputData as { transformed: number }).transformed }
        },
      },
      { id: 'verify', name: 'Verify Counts', assignee: 'system', handler: async (ctx) => { await work(ctx, 300); return { verified: true } } },
    ],
  })

  const lead = defineWorkflow({
    id: 'lead-enrichment',
    version: 1,
    name: 'Lead Enrichment',
    service: 'data-analysis-service',
    assignee: { type: 'ai-agent', id: 'analyst-agent', name: 'Claude Analyst', model: MODEL },
    steps: [
      { id: 'lookup', name: 'Look Up Company', assignee: 'system', handler: async (ctx) => { await work(ctx, 700); await api(ctx, 'clearbit'); return { company: ctx.input.company } } },
      { id: 'score', name: 'Score Lead', assignee: { type: 'ai-agent', model: MODEL }, handler: async (ctx) => { await work(ctx, 900); await ai(ctx, 600, 200); return { score: Math.round(random() * 100) } } },
    ],
  })

  const nested = defineWorkflow({
    id: 'account-research',
    version: 1,
    name: 'Account Research (nested)',
    service: 'data-analysis-service',
    assignee: { type: 'hybrid', id: 'research-pod', name: 'Research Pod' },
    steps: [
      { id: 'enrich-leads', name: 'Enrich Leads', assignee: 'system', children: () => COMPANIES.slice(0, 3).map((company) => ({ workflow: 'lead-enrichment', input: { company } })) },
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

  return [sdr, content, batch, integration, lead, nested]
}

/** Which demo workflows start, and how often relative to each other. */
const MIX: { workflow: string; weight: number }[] = [
  { workflow: 'sdr-outreach', weight: 35 },
  { workflow: 'content-generation', weight: 20 },
  { workflow: 'crm-sync', weight: 25 },
  { workflow: 'account-research', weight: 12 },
  { workflow: 'batch-processing', weight: 8 },
]

export interface DemoDriverOptions {
  engine: Engine
  executions: ExecutionService
  bus: EventBus
  clock: Clock
  /** Executions started per minute. */
  perMinute: number
  random?: () => number
  /** Share of human review steps a simulated editor approves; the rest wait for an operator. */
  autoApprove?: number
}

/** Starts demo executions at a steady rate and plays the editor for most human reviews. */
export function startDemoDriver(options: DemoDriverOptions): () => void {
  const { engine, executions, bus, clock, perMinute } = options
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
          : executions.failStep(event.executionId, editor, 'review', { code: 'BUSINESS_RULE_VIOLATION', message: 'Rejected: the draft makes claims we cannot back up', recoverable: false }),
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
      await engine.startWorkflow(pick.workflow, { priority, tags: ['demo'], input: { requestedBy: 'demo' } }).catch((error) => console.error('demo: could not start a workflow', error))
      await clock.sleep(interval * (0.5 + random()), stop.signal).catch(() => {})
    }
  })()

  return () => {
    stop.abort()
    unsubscribe()
  }
}
