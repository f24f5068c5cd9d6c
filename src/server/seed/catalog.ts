// The services of the demo history, shaped after seed 000/001's examples.
import type { AssigneeType } from '../domain/lifecycle'

export interface StepTemplate {
  id: string
  name: string
  assignee: AssigneeType
  ai?: boolean
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
  steps: (rng: () => number) => StepTemplate[]
  failures: FailureTemplate[]
  weight: number
  baseStepMs: number
  tags: string[]
}

const LEADS = ['John Doe', 'Maria Garcia', 'Wei Chen', 'Aisha Khan', 'Lars Berg', 'Priya Patel', 'Tom Becker', 'Sofia Rossi']
const COMPANIES = ['Acme Inc', 'Globex', 'Initech', 'Umbrella Corp', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Soylent']

export const SERVICE_TEMPLATES: ServiceTemplate[] = [
  {
    id: 'sdr-service',
    name: 'AI SDR Outreach',
    description: 'Researches leads and sends personalised outreach emails',
    assignee: { type: 'ai-agent', id: 'claude-sdr-1', name: 'Claude SDR Agent', model: 'claude-sonnet-4.5' },
    weight: 30,
    baseStepMs: 20_000,
    tags: ['production', 'ai-powered', 'outbound'],
    steps: (rng) => {
      const leads = 1 + Math.floor(rng() * 3)
      const steps: StepTemplate[] = []
      for (let i = 1; i <= leads; i++) {
        const lead = LEADS[Math.floor(rng() * LEADS.length)]!
        steps.push(
          { id: `research-lead-${i}`, name: `Research ${lead}`, assignee: 'ai-agent', ai: true },
          { id: `craft-message-${i}`, name: `Craft Message for ${lead}`, assignee: 'ai-agent', ai: true },
          { id: `send-email-${i}`, name: `Send Email to ${lead}`, assignee: 'system' },
        )
      }
      return steps
    },
    failures: [
      { code: 'API_RATE_LIMIT', step: 'research-lead-1', recoverable: true, weight: 5, messages: ['LinkedIn API rate limit exceeded: 100 requests per hour'] },
      { code: 'API_ERROR', step: 'send-email-1', recoverable: true, weight: 4, messages: ['SMTP server returned 554 error: Transaction failed', 'SMTP server returned 451 error: Temporary local problem'] },
      { code: 'VALIDATION_ERROR', step: 'research-lead-1', recoverable: false, weight: 2, messages: LEADS.map((l) => `Invalid email format for lead: ${l.split(' ')[0]!.toLowerCase()}@invalid`) },
    ],
  },
  {
    id: 'content-service',
    name: 'Content Generation',
    description: 'Researches, drafts and publishes articles with a human review',
    assignee: { type: 'hybrid', id: 'content-team', name: 'Content Team (AI + Human)' },
    weight: 20,
    baseStepMs: 40_000,
    tags: ['production', 'content'],
    steps: () => [
      { id: 'research', name: 'Research Topic', assignee: 'ai-agent', ai: true },
      { id: 'outline', name: 'Create Outline', assignee: 'ai-agent', ai: true },
      { id: 'draft', name: 'Write Draft', assignee: 'ai-agent', ai: true },
      { id: 'review', name: 'Human Review', assignee: 'human' },
      { id: 'publish', name: 'Publish Content', assignee: 'system' },
    ],
    failures: [
      { code: 'MODEL_ERROR', step: 'draft', recoverable: true, weight: 4, messages: ['AI model returned empty response'] },
      { code: 'CONTENT_POLICY_VIOLATION', step: 'draft', recoverable: false, weight: 1, messages: ['Draft flagged by content policy: unverifiable medical claim'] },
      { code: 'GENERATION_FAILED', step: 'outline', recoverable: true, weight: 2, messages: ['Outline generation failed after 3 attempts: output did not match schema'] },
    ],
  },
  {
    id: 'integration-service',
    name: 'CRM Integration Sync',
    description: 'Pulls records from a CRM, transforms and upserts them',
    assignee: { type: 'system', id: 'crm-sync', name: 'CRM Sync Worker' },
    weight: 20,
    baseStepMs: 8_000,
    tags: ['production', 'integration'],
    steps: () => [
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
    weight: 10,
    baseStepMs: 60_000,
    tags: ['batch'],
    steps: () => Array.from({ length: 10 }, (_, i) => ({ id: `process-batch-${i + 1}`, name: `Process items ${i * 100 + 1}–${(i + 1) * 100}`, assignee: 'system' as const })),
    failures: [
      { code: 'DATABASE_ERROR', step: 'process-batch-7', recoverable: true, weight: 2, messages: ['deadlock detected while writing batch 7', 'deadlock detected while writing batch 3'] },
      { code: 'OUT_OF_MEMORY', step: 'process-batch-4', recoverable: true, weight: 1, messages: ['Worker exceeded 2048 MiB while holding batch 4'] },
      { code: 'TIMEOUT', step: 'process-batch-9', recoverable: true, weight: 1, messages: ['Execution exceeded its timeout of 7200000 ms'] },
    ],
  },
  {
    id: 'data-analysis-service',
    name: 'Quarterly Data Analysis',
    description: 'Analyses sales data and writes an executive summary',
    assignee: { type: 'ai-agent', id: 'analyst-agent', name: 'Claude Analyst', model: 'claude-sonnet-4.5' },
    weight: 10,
    baseStepMs: 30_000,
    tags: ['analytics', 'ai-powered'],
    steps: () => [
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
    id: 'support-triage-service',
    name: 'Support Ticket Triage',
    description: 'Classifies tickets and drafts replies for agent approval',
    assignee: { type: 'hybrid', id: 'support-pod', name: 'Support Pod (AI + Human)' },
    weight: 10,
    baseStepMs: 10_000,
    tags: ['support'],
    steps: () => [
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

export const CUSTOMERS = COMPANIES.flatMap((c, i) => [
  { id: `org-${c.toLowerCase().replace(/[^a-z]+/g, '-')}`, name: c },
  { id: `org-customer-${i + 1}`, name: `${c} Europe` },
])
export const PROVIDER = { id: 'org-services-do', name: 'Services.do' }
