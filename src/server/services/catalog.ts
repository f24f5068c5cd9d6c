// Services (what providers offer) and workflow definitions: the things executions refer to.
import { Prisma } from '@/generated/prisma/client'
import type { Db } from '../db/client'
import type { z } from 'zod'
import type { serviceInputSchema } from '../domain/schemas'
import { conflict, toServiceError } from './errors'

export function createCatalogService(db: Db) {
  return {
    listServices: () => db.service.findMany({ orderBy: { name: 'asc' } }),

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

    listWorkflows: () => db.workflowDefinition.findMany({ orderBy: [{ key: 'asc' }, { version: 'desc' }] }),
  }
}

export type CatalogService = ReturnType<typeof createCatalogService>
