// Saved list views, shared by a team: a name and the list's query string, saved for one
// organisation. Saving a name that exists there replaces its query (the view "Failed SDR" is the
// team's, not one person's copy); another organisation's views are not seen, changed or replaced.
import type { SavedView } from '@/generated/prisma/client'
import type { Db } from '../db/client'
import type { Reader } from '../db/reader'
import { fromSql } from '../db/rows'
import { placeholders } from './execution-sql'
import type { Actor } from '../domain/actor'
import { severalOrganizations } from '../domain/access'
import { badRequest, notFound } from './errors'
import { newId } from './ids'

export function createViewService(db: Db, reader: Reader) {
  return {
    /** The views of these organisations (in SQL: every list page asks for them). */
    list: async (organizations: readonly string[]) =>
      organizations.length
        ? reader
            .all<Record<string, unknown>>(`SELECT * FROM "SavedView" WHERE "organizationId" IN (${placeholders(organizations.length)}) ORDER BY "name", "organizationId"`, [
              ...organizations,
            ])
            .map((raw) => fromSql<SavedView>('SavedView', raw))
        : [],

    /** Saves for `organization` (one of the actor's), replacing a view of that name there. */
    save: (actor: Actor, input: { name: string; query: string; organizationId?: string }) => {
      const organizations = actor.organizations ?? []
      if (input.organizationId === undefined && organizations.length > 1) throw badRequest('organizationId', severalOrganizations(organizations))
      const organizationId = input.organizationId ?? organizations[0]
      if (!organizationId || !organizations.includes(organizationId)) {
        throw badRequest('organizationId', `a view is saved for one of your organisations (${organizations.join(', ') || 'none'})`)
      }
      const at = new Date()
      // Only the list's own parameters: never a cursor (a page is not a view).
      const params = new URLSearchParams(input.query)
      params.delete('cursor')
      const query = params.toString()
      return db.savedView.upsert({
        where: { organizationId_name: { organizationId, name: input.name } },
        create: { id: newId('view', at.getTime()), organizationId, name: input.name, query, createdBy: actor.source?.name ?? actor.id, createdAt: at, updatedAt: at },
        update: { query, createdBy: actor.source?.name ?? actor.id, updatedAt: at },
      })
    },

    /** Deletes a view of one of `organizations` (another's does not exist, to them). */
    async remove(id: string, organizations: readonly string[]) {
      const deleted = await db.savedView.deleteMany({ where: { id, organizationId: { in: [...organizations] } } })
      if (!deleted.count) throw notFound('saved view', id)
      return { id }
    },
  }
}

export type ViewService = ReturnType<typeof createViewService>
