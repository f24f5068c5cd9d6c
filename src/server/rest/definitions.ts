// Task definitions and workflow templates over REST (docs/workflows.md): register, list, read.
// A registration sent again unchanged answers 200 with what is stored; a new one 201. Workers
// register what they serve at start (defineWorkflow), so a worker-scope key may register too.
import type { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { taskDefinitionSchema, workflowTemplateSchema } from '../domain/contracts'
import { taskDefinitionInputSchema, workflowTemplateInputSchema } from '../domain/templates'
import { queryStringSchema } from './query-string'
import { body, idParam, json, ok, route, type Env } from './routes'

const taskRegistration = taskDefinitionInputSchema
  .extend({
    organizationId: z.string().max(200).optional().describe('The organisation it belongs to (one where you may operate; required when there are several)'),
  })
  .meta({ id: 'TaskDefinitionRegistration' })

export function registerDefinitionRoutes(app: OpenAPIHono<Env>) {
  app.openapi(
    route('work', {
      method: 'post',
      path: '/task-definitions',
      operationId: 'registerTaskDefinition',
      tags: ['definitions'],
      summary: 'Register a task definition version (immutable once registered; the same one sent again answers 200)',
      request: body(taskRegistration),
      responses: { 200: json(taskDefinitionSchema, 'Already registered, unchanged'), 201: json(taskDefinitionSchema, 'Registered') },
    }),
    async (c) => {
      const { definition, created } = c.get('scope').definitions.registerTask(c.req.valid('json'))
      return created ? c.json(definition, 201) : c.json(definition, 200)
    },
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/task-definitions',
      operationId: 'listTaskDefinitions',
      tags: ['definitions'],
      summary: "Your organisations' task definitions: every version, or the newest of each (latest=true)",
      request: {
        query: queryStringSchema(
          z.object({
            id: z.string().max(100).optional().describe('Only this task type'),
            latest: z.boolean().optional().describe('Only the newest version of each'),
          }),
        ),
      },
      responses: ok(z.array(taskDefinitionSchema), 'By task type, newest version first'),
    }),
    async (c) => c.json(c.get('scope').definitions.listTasks(c.req.valid('query')), 200),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/task-definitions/{id}',
      operationId: 'getTaskDefinition',
      tags: ['definitions'],
      summary: 'A task definition: its newest version, or the newest that satisfies ?version (a version or a semver range)',
      request: { params: idParam, query: queryStringSchema(z.object({ version: z.string().max(100).optional() })) },
      responses: ok(taskDefinitionSchema, 'The version'),
    }),
    async (c) => c.json(c.get('scope').definitions.getTask(c.req.valid('param').id, c.req.valid('query').version), 200),
  )
  app.openapi(
    route('work', {
      method: 'post',
      path: '/workflow-templates',
      operationId: 'registerWorkflowTemplate',
      tags: ['definitions'],
      summary: "Register a workflow template: its next version when it changed, its newest (200) when it did not; refused naming each step's problem",
      request: body(workflowTemplateInputSchema),
      responses: { 200: json(workflowTemplateSchema, 'Unchanged: the newest version'), 201: json(workflowTemplateSchema, 'A new version') },
    }),
    async (c) => {
      const scope = c.get('scope')
      const registered = scope.definitions.registerTemplate(c.req.valid('json'))
      const stored = scope.definitions.template(registered.id)
      return registered.created ? c.json(stored, 201) : c.json(stored, 200)
    },
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/workflow-templates',
      operationId: 'listWorkflowTemplates',
      tags: ['definitions'],
      summary: "Workflow templates you may read (the console's own and your organisations'): every version, or the newest of each (latest=true)",
      request: {
        query: queryStringSchema(
          z.object({
            id: z.string().max(200).optional().describe('Only this workflow key'),
            latest: z.boolean().optional().describe('Only the newest version of each'),
          }),
        ),
      },
      responses: ok(z.array(workflowTemplateSchema), 'By key, newest version first'),
    }),
    async (c) => c.json(c.get('scope').definitions.listTemplates(c.req.valid('query')), 200),
  )
  app.openapi(
    route('read', {
      method: 'get',
      path: '/workflow-templates/{id}',
      operationId: 'getWorkflowTemplate',
      tags: ['definitions'],
      summary: 'A workflow template: a version (key@version) or the newest of a key',
      request: { params: idParam },
      responses: ok(workflowTemplateSchema, 'The template'),
    }),
    async (c) => c.json(c.get('scope').definitions.template(c.req.valid('param').id), 200),
  )
}
