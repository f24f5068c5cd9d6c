// The demo's workflows as a service writes them: templates the console orchestrates (order,
// retries, timeouts, the human review, the fan-out) and handlers that run here, in the worker's
// process. Their shape — services, step ids and names, assignees, order, policies, failures — is
// the catalog's (src/server/built-in/catalog.ts), which the seeded history is made from too; the
// handlers simulate latency, tokens, cost, API calls and the failures operators meet. Nothing
// goes to the network but the console.
import { defineWorkflow, TaskError, type CodeStep, type CodeWorkflow, type TaskContext, type TaskHandler } from '@execution-console/sdk'
import { BATCHES, COMPANIES, dependsOnOf, MODEL, OUTREACH, serviceTemplate, type ServiceTemplate } from '../../src/server/built-in/catalog'

/**
 * The version of the task definitions the worker registers (and its own). A published task
 * version never changes: bump it when a definition does (a name, a timeout).
 */
export const DEMO_VERSION = '1.0.0'

export interface DemoOptions {
  /** Multiplies every simulated latency (tests use small values). */
  speed?: number
  random?: () => number
}

/** What a step of a catalog workflow adds to the catalog's shape: its handler, its policy, its input. */
type StepWork = Omit<Extract<CodeStep, { run: TaskHandler }>, 'id'> | Partial<Exclude<CodeStep, { run: TaskHandler }>>

/** Rejects with the signal's reason when it fires first: a paused or cancelled step stops sleeping. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const abort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort)
      resolve()
    }, ms)
    signal.addEventListener('abort', abort, { once: true })
  })
}

/** A CEL string literal (the names in the catalog have no quotes or backslashes; JSON's escaping is CEL's for the rest). */
const celString = (text: string) => JSON.stringify(text)

export function demoWorkflows({ speed = 1, random = Math.random }: DemoOptions = {}): CodeWorkflow[] {
  const work = (ctx: TaskContext, ms: number) => sleep(Math.round(ms * speed * (0.5 + random())), ctx.signal)
  const log = (ctx: TaskContext, level: 'debug' | 'info', message: string, context?: Record<string, unknown>) =>
    ctx.execution.log({ level, message, step: ctx.stepId, ...(context ? { context } : {}) })
  const ai = async (ctx: TaskContext, prompt: number, completion: number) => {
    const p = Math.round(prompt * (0.7 + random() * 0.6))
    const c = Math.round(completion * (0.7 + random() * 0.6))
    await log(ctx, 'debug', 'AI model request', { model: MODEL, prompt_tokens: p, max_tokens: completion * 2 })
    await ctx.execution.reportMetrics({
      promptTokens: p,
      completionTokens: c,
      modelCalls: 1,
      costBreakdown: { ai: p * 3e-6 + c * 15e-6 },
      qualityScore: 0.85 + random() * 0.15,
    })
  }
  const api = (ctx: TaskContext, service: string) => ctx.execution.reportMetrics({ apiCallsByService: { [service]: 1 }, costBreakdown: { apis: 0.001 } })
  /** Fails the task with one of the service's failures of this code, now and then. */
  const sometimes = (t: ServiceTemplate, code: string, chance: number, details?: Record<string, unknown>) => {
    if (random() >= chance) return
    const failure = t.failures.find((f) => f.code === code)!
    throw new TaskError(code, failure.messages[Math.floor(random() * failure.messages.length)]!, { recoverable: failure.recoverable, ...(details ? { details } : {}) })
  }

  /**
   * A workflow of a demo service: its steps, names, assignees, order and policies from the
   * catalog; the handlers, step policies and inputs here. Human steps wait for the editor.
   */
  const fromTemplate = (t: ServiceTemplate, steps: Record<string, StepWork>, result: { output?: string; summary?: string; inputSchema?: Record<string, unknown> } = {}) =>
    defineWorkflow({
      id: t.workflow!.key,
      version: DEMO_VERSION,
      name: t.workflow!.name,
      description: t.description,
      service: t.id,
      assignee: t.assignee,
      retryPolicy: t.retryPolicy,
      timeout: t.timeoutMs,
      steps: t.steps.map(
        (step, i) =>
          ({
            id: step.id,
            name: step.name,
            dependsOn: dependsOnOf(t, i),
            ...(step.assignee === 'human'
              ? { type: 'human', assignee: { type: 'human', id: 'editor-1', name: 'Sarah Editor' } }
              : { assignee: step.ai ? { type: 'ai-agent', model: MODEL } : { type: step.assignee } }),
            ...steps[step.id],
          }) as CodeStep,
      ),
      ...result,
    })

  const sdrT = serviceTemplate('sdr-service')
  const sdr = fromTemplate(
    sdrT,
    Object.fromEntries(
      OUTREACH.flatMap(({ n, lead, company }): [string, StepWork][] => [
        [
          `research-lead-${n}`,
          {
            retryPolicy: { maxRetries: 2, backoff: 'exponential', initialDelay: 1000, maxDelay: 10_000, jitter: true, retryableErrors: ['API_RATE_LIMIT'] },
            run: async (_input, ctx) => {
              await log(ctx, 'info', 'Starting lead research', { lead_name: lead, company })
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
            // Model tokens are a rate-type resource (DEMO_RESOURCES): bursts of outreach wait for the minute to refill.
            resources: [{ type: 'gpt-tokens', amount: 1_400 }],
            run: async (_input, ctx) => {
              await work(ctx, 1200)
              await ai(ctx, 800, 600)
              return { subject: `Quick question about ${company}'s sales process`, personalization_quality: Number((0.8 + random() * 0.2).toFixed(2)) }
            },
          },
        ],
        [
          `send-email-${n}`,
          {
            run: async (_input, ctx) => {
              await work(ctx, 400)
              await api(ctx, 'sendgrid')
              sometimes(sdrT, 'API_ERROR', 0.06, { smtp_code: 554 })
              return { sent: true, to: `${lead.split(' ')[0]!.toLowerCase()}@${company.toLowerCase().replace(/[^a-z]/g, '')}.com` }
            },
          },
        ],
      ]),
    ),
    (() => {
      // Steps that did not complete read as absent: the optional index says "not sent".
      const sent = OUTREACH.map(({ n }) => `(__steps__[?"send-email-${n}"].?outputData.?sent.orValue(false) ? 1 : 0)`).join(' + ')
      return {
        output: `{"emails_sent": ${sent}, "leads_contacted": ${OUTREACH.length}}`,
        summary: `"Successfully sent personalized outreach to " + string(${sent}) + " leads"`,
        // What the launchpad's form asks for (the demo's own starts send { requestedBy: 'demo' }).
        inputSchema: {
          type: 'object',
          properties: {
            requestedBy: { type: 'string', title: 'Requested by', minLength: 1, maxLength: 100, default: 'operator' },
            campaign: { type: 'string', title: 'Campaign', enum: ['q1-outbound', 'webinar-follow-up', 'partner-referrals'], default: 'q1-outbound' },
            replyTo: { type: 'string', title: 'Reply-to address', format: 'email' },
            dailySendLimit: { type: 'integer', title: 'Emails a day at most', minimum: 1, maximum: 500, default: 50 },
          },
          // Nothing required and other keys taken: starts that send their own input (scripts, tests) still start.
        },
      }
    })(),
  )

  const contentT = serviceTemplate('content-service')
  const content = fromTemplate(
    contentT,
    {
      research: {
        run: async (_input, ctx) => {
          await work(ctx, 2000)
          await ai(ctx, 1500, 800)
          return { sources: 7 }
        },
      },
      outline: {
        run: async (_input, ctx) => {
          await work(ctx, 1500)
          sometimes(contentT, 'GENERATION_FAILED', 0.03)
          await ai(ctx, 900, 500)
          return { sections: 6 }
        },
      },
      draft: {
        // Tokens per minute and the one GPU slot, both or neither: a burst of drafts waits (the page says for what).
        resources: [
          { type: 'gpt-tokens', amount: 5_500 },
          { type: 'gpu', amount: 1 },
        ],
        retryPolicy: { maxRetries: 2, backoff: 'linear', initialDelay: 2000, maxDelay: 2000, retryableErrors: ['MODEL_ERROR'] },
        run: async (_input, ctx) => {
          await work(ctx, 3000)
          sometimes(contentT, 'MODEL_ERROR', 0.08, { model: MODEL, prompt_length: 1500 })
          await ai(ctx, 2500, 3000)
          return { title: 'AI in Sales Automation: The Complete Guide', word_count: 1400 + Math.floor(random() * 300) }
        },
      },
      review: { dueIn: 2 * 3_600_000 },
      publish: {
        run: async (_input, ctx) => {
          await work(ctx, 500)
          await api(ctx, 'cms')
          return { url: `https://example.com/blog/${ctx.executionId}` }
        },
      },
    },
    {
      output: '{"title": __steps__.draft.outputData.title, "word_count": __steps__.draft.outputData.word_count}',
      summary: '"Generated " + string(__steps__.draft.outputData.word_count) + "-word blog post \\"" + __steps__.draft.outputData.title + "\\""',
    },
  )

  const crmT = serviceTemplate('integration-service')
  const integration = fromTemplate(crmT, {
    'fetch-data': {
      retryPolicy: { maxRetries: 3, backoff: 'exponential', initialDelay: 1000, maxDelay: 30_000, jitter: true, retryableErrors: ['API_TIMEOUT'] },
      run: async (_input, ctx) => {
        await work(ctx, 1000)
        await api(ctx, 'salesforce')
        sometimes(crmT, 'API_TIMEOUT', 0.35, { api: 'https://api.salesforce.example/records', timeout: 30000 })
        return { records: 100 + Math.floor(random() * 400) }
      },
    },
    transform: {
      resources: [{ type: 'gpu', amount: 1 }],
      input: { records: '__steps__["fetch-data"].outputData.records' },
      run: async (input: { records: number }, ctx) => {
        await work(ctx, 600)
        return { transformed: input.records }
      },
    },
    'upsert-records': {
      input: { transformed: '__steps__.transform.outputData.transformed' },
      run: async (input: { transformed: number }, ctx) => {
        await work(ctx, 800)
        await api(ctx, 'hubspot')
        sometimes(crmT, 'SERVICE_UNAVAILABLE', 0.05)
        return { upserted: input.transformed }
      },
    },
    verify: {
      run: async (_input, ctx) => {
        await work(ctx, 300)
        return { verified: true }
      },
    },
  })

  const nightlyT = serviceTemplate('batch-processing-service')
  const nightly = fromTemplate(
    nightlyT,
    Object.fromEntries(
      nightlyT.steps.map((step, i): [string, StepWork] => [
        step.id,
        {
          run: async (_input, ctx) => {
            await work(ctx, 1500)
            if (i === 6) sometimes(nightlyT, 'DATABASE_ERROR', 0.04)
            await log(ctx, 'info', `Wrote items ${i * 100 + 1}–${(i + 1) * 100}`, { processed_count: (i + 1) * 100 })
            return { processed: 100 }
          },
        },
      ]),
    ),
    { output: `{"processed": ${BATCHES * 100}}`, summary: celString(`Imported ${BATCHES * 100} items in ${BATCHES} batches`) },
  )

  const analysisT = serviceTemplate('data-analysis-service')
  const analysis = fromTemplate(analysisT, {
    'load-data': {
      run: async (_input, ctx) => {
        await work(ctx, 800)
        await api(ctx, 'warehouse')
        sometimes(analysisT, 'DATA_NOT_FOUND', 0.02)
        return { rows: 12_000 + Math.floor(random() * 5_000) }
      },
    },
    analyze: {
      run: async (_input, ctx) => {
        await work(ctx, 1500)
        await ai(ctx, 3000, 900)
        return { trends: 4 }
      },
    },
    visualize: {
      run: async (_input, ctx) => {
        await work(ctx, 700)
        return { charts: 5 }
      },
    },
    summarize: {
      run: async (_input, ctx) => {
        await work(ctx, 1200)
        sometimes(analysisT, 'MODEL_ERROR', 0.05)
        await ai(ctx, 2000, 700)
        return { words: 600 }
      },
    },
  })

  // A thousand steps of one task type, each told its item by its input: a task definition per
  // step would make the worker register (and serve) a thousand task types.
  const BATCH_STEPS = 1000
  const processItem = {
    definition: { id: 'batch-processing.process-item', version: DEMO_VERSION, name: 'Process item', timeout: 3_600_000 },
    handler: async (input: { item: number }, ctx: TaskContext) => {
      await work(ctx, 40)
      if (input.item % 100 === 0) await log(ctx, 'info', `Processed ${input.item} of ${BATCH_STEPS} items`, { processed_count: input.item })
      return { ok: true }
    },
  }
  const batch: CodeWorkflow = {
    ...defineWorkflow({
      id: 'batch-processing',
      version: DEMO_VERSION,
      name: 'Batch Data Processing',
      service: 'batch-processing-service',
      assignee: { type: 'system', id: 'batch-processor', name: 'Batch Processing System' },
      timeout: 7_200_000,
      steps: Array.from({ length: BATCH_STEPS }, (_, i) => ({
        id: `item-${i + 1}`,
        name: `Process item ${i + 1}`,
        type: 'task' as const,
        task: processItem.definition.id,
        taskVersion: DEMO_VERSION,
        input: { item: String(i + 1) },
        assignee: { type: 'system' as const },
      })),
      output: `{"processed": ${BATCH_STEPS}}`,
      summary: celString(`Processed ${BATCH_STEPS} items`),
    }),
    tasks: [processItem],
  }

  const lead = defineWorkflow({
    id: 'lead-enrichment',
    version: DEMO_VERSION,
    name: 'Lead Enrichment',
    service: 'data-analysis-service',
    assignee: { type: 'ai-agent', id: 'analyst-agent', name: 'Claude Analyst', model: MODEL },
    steps: [
      {
        id: 'lookup',
        name: 'Look Up Company',
        assignee: { type: 'system' },
        // Its input is the execution's: the company a parent's fan-out gave this child.
        run: async (input: { company?: string }, ctx) => {
          await work(ctx, 700)
          await api(ctx, 'clearbit')
          return { company: input.company ?? null }
        },
      },
      {
        id: 'score',
        name: 'Score Lead',
        assignee: { type: 'ai-agent', model: MODEL },
        run: async (_input, ctx) => {
          await work(ctx, 900)
          await ai(ctx, 600, 200)
          return { score: Math.round(random() * 100) }
        },
      },
    ],
  })

  const nested = defineWorkflow({
    id: 'account-research',
    version: DEMO_VERSION,
    name: 'Account Research (nested)',
    service: 'data-analysis-service',
    assignee: { type: 'hybrid', id: 'research-pod', name: 'Research Pod' },
    steps: [
      {
        id: 'enrich-leads',
        name: 'Enrich Leads',
        type: 'sys.sub_workflow',
        assignee: { type: 'system' },
        workflow: 'lead-enrichment',
        forEach: `[${COMPANIES.slice(0, 3).map(celString).join(', ')}]`,
        childInput: '{"company": item}',
      },
      {
        id: 'summarize',
        name: 'Write Account Summary',
        assignee: { type: 'ai-agent', model: MODEL },
        // The fan-out's output is { children: [{ id, result }] }: one per lead-enrichment child.
        input: { accounts: 'size(__steps__["enrich-leads"].outputData.children)' },
        run: async (input: { accounts: number }, ctx) => {
          await work(ctx, 1200)
          await ai(ctx, 2000, 700)
          return { accounts: input.accounts }
        },
      },
    ],
  })

  // lead-enrichment before account-research: a template names only workflows that exist.
  return [sdr, content, batch, integration, nightly, analysis, lead, nested]
}
