// The demo's services and the shape of their work, shaped after the specification's examples: one list
// that both the demo worker's workflows (examples/demo-worker, which adds the handlers) and the
// seeded history (demo/history.ts) are made from. So every seeded execution belongs to a workflow
// the demo worker serves — a retry really reruns it — or to the one outside service, which reports
// over the API as any service would. Pure data: the demo worker's process imports it too.
import type { AssigneeType, ExecutionPriority } from '../domain/lifecycle'
import type { RetryPolicy } from '../domain/retry'

export interface StepTemplate {
  id: string
  name: string
  assignee: AssigneeType
  /** A model call: the step reports tokens and cost. */
  ai?: boolean
  /** Runs after these steps (default: after the one before it). */
  dependsOn?: string[]
}

export interface FailureTemplate {
  code: string
  step: string
  messages: string[]
  recoverable: boolean
  weight: number
}

export interface ServiceTemplate {
  id: string
  name: string
  description: string
  assignee: { type: AssigneeType; id: string; name: string; model?: string }
  /** The demo workflow its executions are runs of; none for the outside service, which reports over the API. */
  workflow?: { key: string; version: number; name: string }
  steps: StepTemplate[]
  failures: FailureTemplate[]
  retryPolicy: RetryPolicy
  timeoutMs: number
  /** Share of the seeded history. */
  weight: number
  /** A seeded step's typical duration. */
  baseStepMs: number
  tags: string[]
}

export const MODEL = 'claude-sonnet-4.5'
export const LEADS = ['John Doe', 'Maria Garcia', 'Wei Chen', 'Aisha Khan', 'Lars Berg', 'Priya Patel']
export const COMPANIES = ['Acme Inc', 'Globex', 'Initech', 'Hooli', 'Soylent', 'Umbrella Corp']
/** The three leads an outreach run writes to, each a different person. */
export const OUTREACH = [0, 1, 2].map((i) => ({ n: i + 1, lead: LEADS[(i * 2) % LEADS.length]!, company: COMPANIES[(i * 3) % COMPANIES.length]! }))
export const BATCHES = 10

const exponential = (maxRetries: number, initialDelay: number, retryableErrors: string[]): RetryPolicy => ({
  maxRetries,
  backoff: 'exponential',
  initialDelay,
  maxDelay: 60_000,
  jitter: true,
  retryableErrors: retryableErrors as RetryPolicy['retryableErrors'],
})

export const SERVICE_TEMPLATES: ServiceTemplate[] = [
  {
    id: 'sdr-service',
    name: 'AI SDR Outreach',
    description: 'Researches leads and sends personalised outreach emails',
    assignee: { type: 'ai-agent', id: 'claude-sdr-1', name: 'Claude SDR Agent', model: MODEL },
    workflow: { key: 'sdr-outreach', version: 1, name: 'AI SDR Outreach' },
    weight: 30,
    baseStepMs: 20_000,
    tags: ['production', 'ai-powered', 'outbound'],
    timeoutMs: 3_600_000,
    retryPolicy: exponential(3, 1_000, ['API_RATE_LIMIT', 'API_ERROR']),
    // Three leads, each researched, written to and mailed in turn; the leads side by side.
    steps: OUTREACH.flatMap(({ n, lead, company }) => [
      { id: `research-lead-${n}`, name: `Research ${lead} at ${company}`, assignee: 'ai-agent' as const, ai: true, dependsOn: [] },
      { id: `craft-message-${n}`, name: `Craft Message for ${lead}`, assignee: 'ai-agent' as const, ai: true, dependsOn: [`research-lead-${n}`] },
      { id: `send-email-${n}`, name: `Send Email to ${lead}`, assignee: 'system' as const, dependsOn: [`craft-message-${n}`] },
    ]),
    failures: [
      { code: 'API_RATE_LIMIT', step: 'research-lead-1', recoverable: true, weight: 5, messages: ['LinkedIn API rate limit exceeded: 100 requests per hour'] },
      {
        code: 'API_ERROR',
        step: 'send-email-1',
        recoverable: true,
        weight: 4,
        messages: ['SMTP server returned 554 error: Transaction failed', 'SMTP server returned 451 error: Temporary local problem'],
      },
      {
        code: 'VALIDATION_ERROR',
        step: 'research-lead-1',
        recoverable: false,
        weight: 2,
        messages: LEADS.map((l) => `Invalid email format for lead: ${l.split(' ')[0]!.toLowerCase()}@invalid`),
      },
    ],
  },
  {
    id: 'content-service',
    name: 'Content Generation',
    description: 'Researches, drafts and publishes articles with a human review',
    assignee: { type: 'hybrid', id: 'content-team', name: 'Content Team (AI + Human)' },
    workflow: { key: 'content-generation', version: 1, name: 'Content Generation' },
    weight: 20,
    baseStepMs: 40_000,
    tags: ['production', 'content'],
    timeoutMs: 3_600_000 * 4,
    retryPolicy: exponential(2, 2_000, ['MODEL_ERROR', 'GENERATION_FAILED']),
    steps: [
      { id: 'research', name: 'Research Topic', assignee: 'ai-agent', ai: true },
      { id: 'outline', name: 'Create Outline', assignee: 'ai-agent', ai: true },
      { id: 'draft', name: 'Write Draft', assignee: 'ai-agent', ai: true },
      { id: 'review', name: 'Human Review', assignee: 'human' },
      { id: 'publish', name: 'Publish Content', assignee: 'system' },
    ],
    failures: [
      { code: 'MODEL_ERROR', step: 'draft', recoverable: true, weight: 4, messages: ['AI model returned empty response'] },
      { code: 'CONTENT_POLICY_VIOLATION', step: 'draft', recoverable: false, weight: 1, messages: ['Draft flagged by content policy: unverifiable medical claim'] },
      { code: 'GENERATION_FAILED', step: 'outline', recoverable: true, weight: 2, messages: ['Outline generation failed: output did not match schema'] },
    ],
  },
  {
    id: 'integration-service',
    name: 'CRM Integration Sync',
    description: 'Pulls records from a CRM, transforms and upserts them',
    assignee: { type: 'system', id: 'crm-sync', name: 'CRM Sync Worker' },
    workflow: { key: 'crm-sync', version: 1, name: 'CRM Integration Sync (flaky)' },
    weight: 20,
    baseStepMs: 8_000,
    tags: ['production', 'integration'],
    timeoutMs: 3_600_000,
    retryPolicy: exponential(3, 2_000, ['API_TIMEOUT', 'SERVICE_UNAVAILABLE']),
    steps: [
      { id: 'fetch-data', name: 'Fetch Records', assignee: 'system' },
      { id: 'transform', name: 'Transform Records', assignee: 'system' },
      { id: 'upsert-records', name: 'Upsert Records', assignee: 'system' },
      { id: 'verify', name: 'Verify Counts', assignee: 'system' },
    ],
    failures: [
      { code: 'API_TIMEOUT', step: 'fetch-data', recoverable: true, weight: 6, messages: ['External API timeout after 30 seconds', 'External API timeout after 60 seconds'] },
      { code: 'API_UNAUTHORIZED', step: 'fetch-data', recoverable: false, weight: 1, messages: ['Salesforce access token expired'] },
      { code: 'SERVICE_UNAVAILABLE', step: 'upsert-records', recoverable: true, weight: 2, messages: ['HubSpot returned 503 Service Unavailable'] },
    ],
  },
  {
    id: 'batch-processing-service',
    name: 'Batch Data Processing',
    description: 'Processes large batches with checkpoints',
    assignee: { type: 'system', id: 'batch-processor', name: 'Batch Processing System' },
    workflow: { key: 'nightly-import', version: 1, name: 'Nightly Batch Import' },
    weight: 10,
    baseStepMs: 60_000,
    tags: ['batch'],
    timeoutMs: 7_200_000,
    retryPolicy: exponential(2, 5_000, ['DATABASE_ERROR', 'OUT_OF_MEMORY']),
    steps: Array.from({ length: BATCHES }, (_, i) => ({ id: `process-batch-${i + 1}`, name: `Process items ${i * 100 + 1}–${(i + 1) * 100}`, assignee: 'system' as const })),
    failures: [
      { code: 'DATABASE_ERROR', step: 'process-batch-7', recoverable: true, weight: 2, messages: ['deadlock detected while writing batch 7'] },
      { code: 'OUT_OF_MEMORY', step: 'process-batch-4', recoverable: true, weight: 1, messages: ['Worker exceeded 2048 MiB while holding batch 4'] },
      { code: 'TIMEOUT', step: 'process-batch-9', recoverable: true, weight: 1, messages: ['execution exceeded its timeout of 7200000 ms'] },
    ],
  },
  {
    id: 'data-analysis-service',
    name: 'Quarterly Data Analysis',
    description: 'Analyses sales data and writes an executive summary',
    assignee: { type: 'ai-agent', id: 'analyst-agent', name: 'Claude Analyst', model: MODEL },
    workflow: { key: 'quarterly-analysis', version: 1, name: 'Quarterly Data Analysis' },
    weight: 10,
    baseStepMs: 30_000,
    tags: ['analytics', 'ai-powered'],
    timeoutMs: 3_600_000,
    retryPolicy: { maxRetries: 2, backoff: 'linear', initialDelay: 3_000, maxDelay: 3_000, retryableErrors: ['MODEL_ERROR'] },
    steps: [
      { id: 'load-data', name: 'Load Warehouse Data', assignee: 'system' },
      { id: 'analyze', name: 'Analyze Trends', assignee: 'ai-agent', ai: true },
      { id: 'visualize', name: 'Build Charts', assignee: 'system' },
      { id: 'summarize', name: 'Write Executive Summary', assignee: 'ai-agent', ai: true },
    ],
    failures: [
      { code: 'DATA_NOT_FOUND', step: 'load-data', recoverable: false, weight: 2, messages: ['Q3 revenue table not found in warehouse'] },
      { code: 'QUOTA_EXCEEDED', step: 'analyze', recoverable: false, weight: 1, messages: ['Monthly token quota of 5,000,000 exceeded'] },
      { code: 'MODEL_ERROR', step: 'summarize', recoverable: true, weight: 2, messages: ['AI model returned empty response'] },
    ],
  },
  {
    // The outside service: a support desk of its own that creates executions over the API and
    // reports their steps; the console supervises them (timeouts, automatic retries, silence).
    id: 'support-triage-service',
    name: 'Support Ticket Triage',
    description: 'Classifies tickets and drafts replies for agent approval (runs outside the console; reports over the API)',
    assignee: { type: 'hybrid', id: 'support-pod', name: 'Support Pod (AI + Human)' },
    weight: 10,
    baseStepMs: 10_000,
    tags: ['support'],
    timeoutMs: 3_600_000,
    retryPolicy: exponential(3, 1_000, ['DEPENDENCY_ERROR', 'RATE_LIMIT_EXCEEDED']),
    steps: [
      { id: 'classify', name: 'Classify Ticket', assignee: 'ai-agent', ai: true },
      { id: 'draft-reply', name: 'Draft Reply', assignee: 'ai-agent', ai: true },
      { id: 'approve', name: 'Agent Approval', assignee: 'human' },
      { id: 'send', name: 'Send Reply', assignee: 'system' },
    ],
    failures: [
      { code: 'DEPENDENCY_ERROR', step: 'send', recoverable: true, weight: 2, messages: ['Zendesk returned 502 Bad Gateway'] },
      { code: 'PERMISSION_DENIED', step: 'send', recoverable: false, weight: 1, messages: ['Agent lacks permission to reply on ticket queue billing'] },
      { code: 'RATE_LIMIT_EXCEEDED', step: 'classify', recoverable: true, weight: 2, messages: ['Model provider rate limit exceeded: 4,000 requests per minute'] },
    ],
  },
]

export function serviceTemplate(id: string): ServiceTemplate {
  const template = SERVICE_TEMPLATES.find((t) => t.id === id)
  if (!template) throw new Error(`no demo service ${id}`)
  return template
}

/** The workflow version id (key@version) of a template's workflow; null for the outside service. */
export const workflowIdOf = (t: ServiceTemplate): string | null => (t.workflow ? `${t.workflow.key}@${t.workflow.version}` : null)

/** Steps run in template order unless they say what they depend on. */
export const dependsOnOf = (t: ServiceTemplate, index: number): string[] => t.steps[index]!.dependsOn ?? (index === 0 ? [] : [t.steps[index - 1]!.id])

export const PRIORITY_WEIGHTS: { p: ExecutionPriority; weight: number }[] = [
  { p: 'low', weight: 10 },
  { p: 'normal', weight: 70 },
  { p: 'high', weight: 15 },
  { p: 'urgent', weight: 5 },
]

// The customer organisations (their ids are in saved databases: keep the list as it is).
const CUSTOMER_COMPANIES = ['Acme Inc', 'Globex', 'Initech', 'Umbrella Corp', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Soylent']
export const CUSTOMERS = CUSTOMER_COMPANIES.flatMap((c, i) => [
  { id: `org-${c.toLowerCase().replace(/[^a-z]+/g, '-')}`, name: c },
  { id: `org-customer-${i + 1}`, name: `${c} Europe` },
])
export const PROVIDER = { id: 'org-services-do', name: 'Services.do' }

/**
 * The resources the demo's steps require (docs/resources.md), made in the provider's organisation
 * before the worker registers its workflows (src/server/demo/worker-process.ts; the steps of
 * examples/demo-worker/workflows.ts name them by type). Small enough that a burst of outreach and
 * drafts waits for tokens or the GPU, so a newcomer sees waits on the Resources page and on the
 * execution page; large enough that the demo's default rate drains the queue. (A human team's
 * seats are not among them: the demo leaves some reviews to an operator, which would hold a seat
 * until someone decides.)
 */
export const DEMO_RESOURCES = [
  { name: 'GPT tokens per minute', type: 'gpt-tokens', capacity: 30_000, unit: 'tokens', costPerUnit: 0.000_01, window: 60_000 },
  { name: 'GPU slots', type: 'gpu', capacity: 1, unit: 'slots', costPerUnit: 0.02 },
] as const
