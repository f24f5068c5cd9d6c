// Saved list views, shared by the team: a name and the list's query string. Saving a name that
// exists replaces its query (the view "Failed SDR" is the team's, not one person's copy).
import type { Db } from '../db/client'
import type { Actor } from './executions'
import { notFound } from './errors'
import { newId } from './ids'

export function createViewService(db: Db) {
  return {
    list: () => db.savedView.findMany({ orderBy: { name: 'asc' } }),

    save: (actor: Actor, input: { name: string; query: string }) => {
      const at = new Date()
      // Only the list's own parameters: never a cursor (a page is not a view).
      const params = new URLSearchParams(input.query)
      params.delete('cursor')
      const query = params.toString()
      return db.savedView.upsert({
        where: { name: input.name },
        create: { id: newId('view', at.getTime()), name: input.name, query, createdBy: actor.source?.name ?? actor.id, createdAt: at, updatedAt: at },
        update: { query, createdBy: actor.source?.name ?? actor.id, updatedAt: at },
      })
    },

    async remove(id: string) {
      const deleted = await db.savedView.deleteMany({ where: { id } })
      if (!deleted.count) throw notFound('saved view', id)
      return { id }
    },
  }
}

export type ViewService = ReturnType<typeof createViewService>
