// Task definitions and workflow templates as data (the console's docs/workflows.md), and
// defineWorkflow: a workflow written in code whose steps' handlers stay in the worker while its
// definition is sent to the console.
import type { Transport } from './http.js'
import type { components } from './openapi.js'
import type { TaskHandler } from './worker.js'

export type TaskDefinitionInput = components['schemas']['TaskDefinitionRegistration']
export type TaskDefinition = components['schemas']['TaskDefinition']
export type WorkflowTemplateInput = components['schemas']['WorkflowTemplateInput']
export type WorkflowTemplateStep = components['schemas']['WorkflowTemplateStep']
export type WorkflowTemplate = components['schemas']['WorkflowTemplate']

export interface TaskDefinitions {
  /** Registers a version (the same one again answers it; a changed one needs a new version). */
  register(definition: TaskDefinitionInput & { organizationId?: string }): Promise<TaskDefinition>
  /** The newest version, or the newest that satisfies `version` (a version or a semver range). */
  get(id: string, version?: string): Promise<TaskDefinition>
  list(filter?: { id?: string; latest?: boolean }): Promise<TaskDefinition[]>
}

export interface WorkflowTemplates {
  /** Registers a template: its next version when it changed, its newest when it did not. */
  register(template: WorkflowTemplateInput): Promise<WorkflowTemplate>
  /** A version (`key@version`) or the newest of a key. */
  get(id: string): Promise<WorkflowTemplate>
  /** Every version you may read (the console's own and your organisations'), or the newest of each (`latest`). */
  list(filter?: { id?: string; latest?: boolean }): Promise<WorkflowTemplate[]>
}

export function taskDefinitions(transport: Transport): TaskDefinitions {
  return {
    register: (definition) => transport.request('POST', '/task-definitions', { body: definition }),
    get: (id, version) => transport.request('GET', `/task-definitions/${encodeURIComponent(id)}`, { query: { version } }),
    list: (filter = {}) => transport.request('GET', '/task-definitions', { query: { id: filter.id, latest: filter.latest } }),
  }
}

export function workflowTemplates(transport: Transport): WorkflowTemplates {
  return {
    register: (template) => transport.request('POST', '/workflow-templates', { body: template }),
    get: (id) => transport.request('GET', `/workflow-templates/${encodeURIComponent(id)}`),
    list: (filter = {}) => transport.request('GET', '/workflow-templates', { query: { id: filter.id, latest: filter.latest } }),
  }
}

/** A step of a workflow written in code: a template step, or one that runs `run` in this worker. */
export type CodeStep = WorkflowTemplateStep | (Omit<WorkflowTemplateStep, 'type' | 'task' | 'taskVersion'> & { type?: 'task'; run: TaskHandler; timeout?: number })

export interface CodeWorkflow {
  /** The template sent to the console (a `run` step becomes a task step of task `<workflow>.<step>`). */
  template: WorkflowTemplateInput
  /** The task definitions of its `run` steps, and their handlers. */
  tasks: { definition: TaskDefinitionInput; handler: TaskHandler }[]
}

/**
 * A workflow written in code: the console orchestrates it (order, conditions, retries, timeouts,
 * fan-outs, human steps) from the data this sends; the `run` handlers stay in the worker that
 * serves it — `worker({ workflows: [defineWorkflow(…)] })`.
 */
export function defineWorkflow(workflow: Omit<WorkflowTemplateInput, 'steps'> & { version?: string; steps: CodeStep[] }): CodeWorkflow {
  const { version = '1.0.0', steps, ...rest } = workflow
  const tasks: CodeWorkflow['tasks'] = []
  const templateSteps = steps.map((step) => {
    if (!('run' in step)) return step
    const { run, timeout, ...fields } = step
    const task = `${workflow.id}.${step.id}`
    tasks.push({ definition: { id: task, version, name: step.name ?? step.id, timeout: timeout ?? 3_600_000 } as TaskDefinitionInput, handler: run })
    return { ...fields, type: 'task' as const, task, taskVersion: version }
  })
  return { template: { ...rest, steps: templateSteps } as WorkflowTemplateInput, tasks }
}
