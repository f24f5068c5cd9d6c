// Seed 001's marketplace: services, the orders customers place for them and the customers
// themselves, listed and created under the executions' tenancy rule (domain/access.ts). An order
// is its customer's and its service's provider's, as an execution of it is; a customer is seen by
// its own people, by whoever sees an order or an execution of it, and by the provider that
// registered it. Anything else is "not found". Nothing here touches an execution.
import type { z } from 'zod'
import type { Db } from '../db/client'
import { sqlInteger } from '../db/statements'
import type { Reader } from '../db/reader'
import { canSee, customerKnownSql, customerVisibleSql, defaultCustomerOf, severalCustomers, visibleSql } from '../domain/access'
import type { customerInputSchema, customerListSchema, orderInputSchema, orderListSchema } from '../domain/schemas'
import type { orderSchema, organizationSchema, serviceSchema } from '../domain/contracts'
import { badRequest, conflict, notFound } from './errors'
import { newId } from './ids'

type Organizations = readonly string[] | undefined
type ServiceOrder = z.infer<typeof orderSchema>
type Organization = z.infer<typeof organizationSchema>
const iso = (ms: number) => new Date(ms).toISOString()

/** An opaque keyset cursor: the last row's sort key, base64url JSON. */
const cursorOf = (key: readonly (string | number)[]) => Buffer.from(JSON.stringify(key)).toString('base64url')
function keyOf<T extends readonly unknown[]>(cursor: string, shape: (key: unknown) => key is T): T {
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    key = undefined
  }
  if (!shape(key)) throw badRequest('cursor', "not a cursor this API gave; send back a page's nextCursor as it came")
  return key
}
const isOrderKey = (k: unknown): k is [number, string] => Array.isArray(k) && k.length === 2 && Number.isInteger(k[0]) && typeof k[1] === 'string'
const isIdKey = (k: unknown): k is [string] => Array.isArray(k) && k.length === 1 && typeof k[0] === 'string'

type OrderRow = { id: string; serviceId: string; customerId: string; status: string; createdAt: number }
const orderOf = (row: OrderRow): ServiceOrder => ({
  $type: 'ServiceOrder',
  $id: row.id,
  service: row.serviceId,
  customer: row.customerId,
  status: row.status,
  createdAt: iso(row.createdAt),
})
const organizationOf = (row: { id: string; name: string }): Organization => ({ $type: 'Organization', $id: row.id, name: row.name })

/** Orders with their service's provider, as a table the tenancy rule's SQL reads ("customerId", "providerId"). */
const ORDERS = `(SELECT o."id", o."serviceId", o."customerId", o."status", o."createdAt", s."providerId" FROM "Order" o JOIN "Service" s ON s."id" = o."serviceId")`

export function createMarketplace(db: Db, reader: Reader, now: () => number = Date.now) {
  const customerVisible = (id: string, organizations: Organizations) => {
    const known = customerKnownSql(id, organizations)
    return reader.get(known.sql, known.params) !== undefined
  }

  return {
    /** The catalog, public to every principal (as GET /services/{id} is). */
    services(): z.infer<typeof serviceSchema>[] {
      return reader
        .all<{ id: string; name: string; description: string | null; providerId: string | null; retryPolicy: string | null }>(
          'SELECT "id", "name", "description", "providerId", "retryPolicy" FROM "Service" ORDER BY "name", "id"',
          [],
        )
        .map((r) => ({
          $type: 'Service',
          $id: r.id,
          name: r.name,
          description: r.description ?? undefined,
          provider: r.providerId ?? undefined,
          retryPolicy: r.retryPolicy === null ? undefined : JSON.parse(r.retryPolicy),
        }))
    },

    /** Orders these organisations may see (their customer's or their service provider's), newest first. */
    orders(filter: z.infer<typeof orderListSchema>, organizations: Organizations): { items: ServiceOrder[]; nextCursor: string | null } {
      const where: string[] = []
      const params: unknown[] = []
      if (organizations) {
        const rule = visibleSql(organizations, 'v')
        where.push(rule.sql)
        params.push(...rule.params)
      }
      for (const [column, value] of [
        ['serviceId', filter.service],
        ['customerId', filter.customer],
        ['status', filter.status],
      ] as const) {
        if (value === undefined) continue
        where.push(`v."${column}" = ?`)
        params.push(value)
      }
      if (filter.cursor !== undefined) {
        const [createdAt, id] = keyOf(filter.cursor, isOrderKey)
        where.push('(v."createdAt" < ? OR (v."createdAt" = ? AND v."id" < ?))')
        params.push(createdAt, createdAt, id)
      }
      const rows = reader.all<OrderRow>(
        `SELECT v."id", v."serviceId", v."customerId", v."status", v."createdAt" FROM ${ORDERS} v ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v."createdAt" DESC, v."id" DESC LIMIT ${sqlInteger(filter.limit + 1)}`,
        params,
      )
      const page = rows.slice(0, filter.limit)
      const last = page.at(-1)
      return { items: page.map(orderOf), nextCursor: rows.length > filter.limit && last ? cursorOf([last.createdAt, last.id]) : null }
    },

    /**
     * An order, by `acting` (the organisations where the caller may operate): for one of them as
     * the customer, or — when one of them provides the service — for a customer it may see. The
     * same rule as an execution's create (services/executions/create.ts).
     */
    async createOrder(input: z.infer<typeof orderInputSchema>, acting: readonly string[] | undefined): Promise<ServiceOrder> {
      const service = reader.get<{ id: string; providerId: string | null }>('SELECT "id", "providerId" FROM "Service" WHERE "id" = ?', [input.service])
      if (!service) throw badRequest('service', `service '${input.service}' not found; GET /api/services lists them`)
      if (input.customer === undefined && !acting?.length) throw badRequest('customer', 'you act for no organisation; name the customer')
      const customerId = input.customer ?? defaultCustomerOf(acting!, service.providerId)
      if (customerId === undefined) throw badRequest('customer', severalCustomers(acting!, 'this order'))
      if (!canSee(acting, { customerId, providerId: service.providerId })) {
        throw badRequest(
          'customer',
          `organisation '${customerId}' is not one you act for (${acting?.join(', ') || 'none'}) and service '${service.id}' is not provided by one of them`,
        )
      }
      if (!customerVisible(customerId, acting)) throw badRequest('customer', `customer '${customerId}' not found`)
      const id = input.id ?? newId('order', now())
      const row = { id, serviceId: service.id, customerId, status: input.status ?? 'confirmed', createdAt: now() }
      try {
        await db.order.create({ data: { ...row, createdAt: new Date(row.createdAt) } })
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') throw conflict(`order ${id} already exists`)
        throw error
      }
      return orderOf(row)
    },

    /** Customers these organisations may see: customers of their orders, and those they registered. */
    customers(filter: z.infer<typeof customerListSchema>, organizations: Organizations): { items: Organization[]; nextCursor: string | null } {
      const where: string[] = []
      const params: unknown[] = []
      if (organizations) {
        const rule = customerVisibleSql(organizations, 'c', { ownWithoutOrders: false })
        where.push(rule.sql)
        params.push(...rule.params)
      } else where.push('(c."registeredById" IS NOT NULL OR EXISTS (SELECT 1 FROM "Order" o WHERE o."customerId" = c."id"))')
      if (filter.search !== undefined) {
        const like = `%${filter.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
        where.push(`(c."name" LIKE ? ESCAPE '\\' OR c."id" LIKE ? ESCAPE '\\')`)
        params.push(like, like)
      }
      if (filter.cursor !== undefined) {
        where.push('c."id" > ?')
        params.push(keyOf(filter.cursor, isIdKey)[0])
      }
      const rows = reader.all<{ id: string; name: string }>(
        `SELECT c."id", c."name" FROM "Organization" c WHERE ${where.join(' AND ')} ORDER BY c."id" LIMIT ${sqlInteger(filter.limit + 1)}`,
        params,
      )
      const page = rows.slice(0, filter.limit)
      const last = page.at(-1)
      return { items: page.map(organizationOf), nextCursor: rows.length > filter.limit && last ? cursorOf([last.id]) : null }
    },

    /** A customer, to whoever may see it (404 otherwise). */
    customer(id: string, organizations: Organizations): Organization {
      const row = reader.get<{ id: string; name: string }>('SELECT "id", "name" FROM "Organization" WHERE "id" = ?', [id])
      if (!row || !customerVisible(id, organizations)) throw notFound('customer', id)
      return organizationOf(row)
    },

    /** A customer organisation registered by the provider `registeredBy` (one its caller administers). */
    async createCustomer(input: Omit<z.infer<typeof customerInputSchema>, 'organizationId'>, registeredBy: string): Promise<Organization> {
      const id = input.id ?? newId('cust', now())
      try {
        await db.organization.create({ data: { id, name: input.name, registeredById: registeredBy, createdAt: new Date(now()) } })
      } catch (error) {
        // Another organisation's id answers as taken, not as found: its name is not told.
        if ((error as { code?: string }).code === 'P2002') throw conflict(`organisation id '${id}' is taken; choose another, or leave id out`)
        throw error
      }
      return { $type: 'Organization', $id: id, name: input.name }
    },
  }
}

export type Marketplace = ReturnType<typeof createMarketplace>
