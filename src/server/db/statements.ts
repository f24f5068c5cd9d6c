import type Database from 'better-sqlite3'

/**
 * Prepared statements by SQL text. Filters combine into many shapes; a bounded cache keeps
 * the common ones prepared and starts over when it fills.
 */
export function statementCache(db: Database.Database, max: number): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>()
  return (sql) => {
    let statement = statements.get(sql)
    if (!statement) {
      if (statements.size >= max) statements.clear()
      statement = db.prepare(sql)
      statements.set(sql, statement)
    }
    return statement
  }
}
