// What an execution refers to, as the SDK's relations read it (docs/api.md): its service, its
// order, its workflow and its customer — each visible to whoever may see an execution of it.
import type { Reader } from '../db/reader'
import type { z } from 'zod'
import { customerVisibleSql, visibleSql } from '../domain/access'
import type { businessWorkflowSchema, orderSchema, organizationSchema, serviceSchema } from '../domain/contracts'
import { notFound } from './errors'
import { placeholders } from './execution-sql'

type Organizations = readonly string[] | undefined
const iso = (ms: number) => new Date(ms).toISOString()
const parse = (text: string | null) => (text === null ? undefined : JSON.parse(text))

/** The names of these organisations, by id (pages and the audit trail name them, never show ids). */
export function organizationNames(reader: Reader, ids: readonly string[]): Record<string, string> {
  const rows = reader.all<{ id: string; name: string }>(`SELECT "id", "name" FROM "Organization" WHERE "id" IN (${placeholders(ids.length)})`, [...ids])
  return Object.fromEntries(rows.map((o) => [o.id, o.name]))
}

export function createLookups(reader: Reader) {
  /** The id of a workflow key's newest version: a console-wide one, or one of the caller's organisations'. */
  const newestVersionOf = (key: string, organizations: Organizations): string | undefined =>
    reader.get<{ id: string }>(
      `SELECT "id" FROM "WorkflowDefinition" WHERE "key" = ?${organizations ? ` AND ("organizationId" IS NULL OR "organizationId" IN (${placeholders(organizations.length)}))` : ''} ORDER BY "version" DESC LIMIT 1`,
      [key, ...(organizations ?? [])],
    )?.id
  return {
    /** Which of these organisations provide a service (a member of several acts by default for the one that does: see http/scope.ts). */
    providing(ids: readonly string[]): string[] {
      if (!ids.length) return []
      return reader
        .all<{ id: string }>(`SELECT DISTINCT "providerId" AS "id" FROM "Service" WHERE "providerId" IN (${placeholders(ids.length)}) ORDER BY 1`, [...ids])
        .map((r) => r.id)
    },
    /** A principal's own organisations with their names, in its order (an id whose row is gone stays its id). */
    named(ids: readonly string[]): { id: string; name: string }[] {
      const names = organizationNames(reader, ids)
      return ids.map((id) => ({ id, name: names[id] ?? id }))
    },
    /** The catalog is public to every principal: services and the console's workflows are what anyone may run. */
    service(id: string): z.infer<typeof serviceSchema> {
      const row = reader.get<{ id: string; name: string; description: string | null; providerId: string | null; retryPolicy: string | null }>(
        'SELECT "id", "name", "description", "providerId", "retryPolicy" FROM "Service" WHERE "id" = ?',
        [id],
      )
      if (!row) throw notFound('service', id)
      return {
        $type: 'Service',
        $id: row.id,
        name: row.name,
        description: row.description ?? undefined,
        provider: row.providerId ?? undefined,
        retryPolicy: parse(row.retryPolicy),
      }
    },

    /**
     * A workflow version by its id (key@version), or by its key alone (its newest version the caller
     * may see): the console's own to everyone; a team's to the team and to whoever sees an execution of it.
     */
    workflow(asked: string, organizations: Organizations): z.infer<typeof businessWorkflowSchema> {
      const id = asked.includes('@') ? asked : newestVersionOf(asked, organizations)
      if (id === undefined) throw notFound('workflow', asked)
      const row = reader.get<{
        id: string
        key: string
        version: number
        name: string
        description: string | null
        serviceId: string | null
        definition: string
        organizationId: string | null
        createdAt: number
      }>('SELECT "id", "key", "version", "name", "description", "serviceId", "definition", "organizationId", "createdAt" FROM "WorkflowDefinition" WHERE "id" = ?', [id])
      const seesARun = (clause: { sql: string; params: unknown[] }) =>
        reader.get(`SELECT 1 AS hit FROM "Execution" WHERE "workflowDefinitionId" = ? AND ${clause.sql} LIMIT 1`, [id, ...clause.params]) !== undefined
      if (!row || (row.organizationId !== null && organizations && !organizations.includes(row.organizationId) && !seesARun(visibleSql(organizations))))
        throw notFound('workflow', id)
      const definition = JSON.parse(row.definition) as { steps?: { id: string; name?: string }[] }
      return {
        $type: 'BusinessWorkflow',
        $id: row.id,
        key: row.key,
        version: row.version,
        name: row.name,
        description: row.description ?? undefined,
        service: row.serviceId ?? undefined,
        steps: (definition.steps ?? []).map((s) => ({ ...s, name: s.name ?? s.id })),
        createdAt: iso(row.createdAt),
      }
    },

    /** An order, to its customer and to the provider of its service. */
    order(id: string, organizations: Organizations): z.infer<typeof orderSchema> {
      const row = reader.get<{ id: string; serviceId: string; customerId: string; status: string; createdAt: number; providerId: string | null }>(
        'SELECT o."id", o."serviceId", o."customerId", o."status", o."createdAt", s."providerId" FROM "Order" o JOIN "Service" s ON s."id" = o."serviceId" WHERE o."id" = ?',
        [id],
      )
      const visible = row && (!organizations || organizations.includes(row.customerId) || (row.providerId !== null && organizations.includes(row.providerId)))
      if (!visible) throw notFound('order', id)
      return { $type: 'ServiceOrder', $id: row.id, service: row.serviceId, customer: row.customerId, status: row.status, createdAt: iso(row.createdAt) }
    },

    /**
     * One's own organisations by name, the one that provides the most services first (the demo's
     * provider, which runs its workflows): what a picker of them defaults to.
     */
    ownOrganizations(organizations: readonly string[]): { id: string; name: string }[] {
      if (!organizations.length) return []
      return reader.all<{ id: string; name: string }>(
        `SELECT o."id", o."name" FROM "Organization" o WHERE o."id" IN (${organizations.map(() => '?').join(', ')})
         ORDER BY (SELECT count(*) FROM "Service" s WHERE s."providerId" = o."id") DESC, o."name", o."id"`,
        [...organizations],
      )
    },

    /** An organisation: one's own, one on the other side of an execution one may see, or a customer one may see (marketplace.ts). */
    organization(id: string, organizations: Organizations): z.infer<typeof organizationSchema> {
      const row = reader.get<{ id: string; name: string }>('SELECT "id", "name" FROM "Organization" WHERE "id" = ?', [id])
      const visible = (clause: { sql: string; params: unknown[] }) =>
        reader.get(`SELECT 1 AS hit FROM "Execution" WHERE ("customerId" = ? OR "providerId" = ?) AND ${clause.sql} LIMIT 1`, [id, id, ...clause.params]) !== undefined
      const aCustomer = (clause: { sql: string; params: unknown[] }) =>
        reader.get(`SELECT 1 AS hit FROM "Organization" c WHERE c."id" = ? AND ${clause.sql}`, [id, ...clause.params]) !== undefined
      if (!row || (organizations && !organizations.includes(id) && !visible(visibleSql(organizations)) && !aCustomer(customerVisibleSql(organizations, 'c'))))
        throw notFound('organization', id)
      return { $type: 'Organization', $id: row.id, name: row.name }
    },
  }
}

export type Lookups = ReturnType<typeof createLookups>
