// Services (what providers offer) and workflow definitions: the things executions refer to.
import { Prisma } from '@/generated/prisma/client'
import type { Service } from '@/generated/prisma/client'
import type { Db } from '../db/client'
import type { Reader } from '../db/reader'
import { fromSql } from '../db/rows'
import type { z } from 'zod'
import type { serviceInputSchema, webhookSchema } from '../domain/schemas'
import { badRequest, conflict, notFound, toServiceError } from './errors'
import { webhookFields } from './webhook-fields'
import { serializeWebhook } from './serialize'

export function createCatalogService(db: Db, reader: Reader, options: { allowPrivateWebhooks?: boolean } = {}) {
  return {
    // In SQL: every list page asks for it, and Prisma's query planning cost 1.7 ms of the page's 30 (0.05 ms here).
    listServices: async () => reader.all<Record<string, unknown>>('SELECT * FROM "Service" ORDER BY "name"', []).map((raw) => fromSql<Service>('Service', raw)),

    async createService(input: z.infer<typeof serviceInputSchema>) {
      const at = new Date()
      try {
        return await db.service.create({
          data: {
            id: input.id,
            name: input.name,
            description: input.description ?? null,
            providerId: input.providerId ?? null,
            retryPolicy: input.retryPolicy ?? Prisma.DbNull,
            createdAt: at,
            updatedAt: at,
          },
        })
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw conflict(`service ${input.id} already exists`)
        }
        throw toServiceError(error)
      }
    },

    /** The console's own workflows, and those these organisations registered (a team's templates are its own). */
    listWorkflows: (organizations: readonly string[]) =>
      db.workflowDefinition.findMany({
        where: { OR: [{ organizationId: null }, { organizationId: { in: [...organizations] } }] },
        orderBy: [{ key: 'asc' }, { version: 'desc' }],
      }),

    /** A webhook for every execution of a service (a Webhook, per service: docs/api.md). */
    /**
     * `organizations`: the subscriber's. The webhook belongs to the service's provider when that is
     * one of them, else to the first: it hears only of executions that organisation may see.
     */
    async addServiceWebhook(serviceId: string, hook: z.infer<typeof webhookSchema>, organizations?: readonly string[]) {
      const allowPrivate = options.allowPrivateWebhooks ?? false
      const service = await db.service.findUnique({ where: { id: serviceId }, select: { id: true, providerId: true } })
      if (!service) throw notFound('service', serviceId)
      const owner = !organizations ? null : service.providerId && organizations.includes(service.providerId) ? service.providerId : organizations[0]
      if (owner === undefined) throw badRequest('organizations', 'you belong to no organisation, so a webhook of yours could hear of no execution')
      const { secret, fields } = webhookFields(hook, { allowPrivate, field: 'url', at: new Date() })
      const row = await db.webhook.create({
        data: { ...fields, serviceId, organizationId: owner, headers: fields.headers === null ? Prisma.DbNull : (fields.headers as string) },
      })
      // The secret is shown once, when it is made, for the receiver to verify signatures.
      return { ...serializeWebhook(row), secret }
    },
  }
}

export type CatalogService = ReturnType<typeof createCatalogService>
