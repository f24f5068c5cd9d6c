// The built-in workflows: those of the demo services (built-in/catalog.ts, which the seeded history is
// made from too), with handlers that simulate latency, tokens, cost and the failures operators
// meet (API_RATE_LIMIT, SMTP errors, API_TIMEOUT). The engine runs them whenever it runs (with the
// demo workload off too: they are what POST /api/workflows/:workflow/executions starts); the
// workload that starts them on its own is demo/driver.ts. Nothing goes to the network.
import type { Clock } from '../lib/clock'
import { defineWorkflow, StepError, type StepContext, type StepDefinition, type WorkflowDefinition } from '../engine/workflow'
import { BATCHES, COMPANIES, dependsOnOf, MODEL, OUTREACH, serviceTemplate, type ServiceTemplate } from './catalog'

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
