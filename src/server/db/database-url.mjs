// The one place that turns DATABASE_URL into a SQLite file path (default ./data/console.db).
import { resolve } from 'node:path'

export function databaseFile(url = process.env.DATABASE_URL) {
  if (!url) return resolve(/*turbopackIgnore: true*/ process.cwd(), 'data', 'console.db')
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite file URL such as file:./data/console.db; got ${url}`)
  }
  return resolve(/*turbopackIgnore: true*/ process.cwd(), url.slice('file:'.length))
}
