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

/**
 * A row count for LIMIT or OFFSET, written into the SQL rather than bound. SQLite (3.51, built
 * with STAT4) plans with a bound LIMIT's value, so a statement with `LIMIT ?` is prepared again
 * at every run: 5–30 µs a run, and most of a worker's claim (bench/engine-throughput.ts). A
 * literal keeps the prepared plan. Only a whole number passes: never text from a request
 * (-1, SQLite's "no limit", included).
 */
export function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n) || n < -1) throw new RangeError(`a row count must be a whole number ≥ -1, got ${n}`)
  return String(n)
}
