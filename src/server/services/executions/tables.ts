// The write path's table writer: UPDATE and INSERT statements built from plain objects of
// column values, made once per shape and cached, inside the caller's transaction. An INSERT can
// answer the row it wrote without reading it back (see insertRows).
import type { Writer } from '../../db/writer'
import { toSql } from '../../db/rows'
import { placeholders } from '../execution-sql'

/** Column values of a row to write: a value, or `increment(n)` to add to what is there. */
export type Fields = Record<string, unknown>

const q = (column: string) => `"${column}"`
export const increment = (by: number) => ({ increment: by })
const isIncrement = (v: unknown): v is { increment: number } => typeof v === 'object' && v !== null && 'increment' in v

/** A column default as SQLite would store it: NULL, a number or a quoted string; undefined for an expression. */
function sqlLiteral(text: string | null): string | number | null | undefined {
  if (text === null || /^null$/i.test(text)) return null
  if (/^[-+]?\d+(\.\d+)?$/.test(text)) return Number(text)
  const quoted = /^'((?:[^']|'')*)'$/.exec(text)
  return quoted ? quoted[1]!.replaceAll("''", "'") : undefined
}

export function createTableWriter(w: Writer) {
  const setClause = (fields: Fields) => {
    const sets: string[] = []
    const params: unknown[] = []
    for (const [column, value] of Object.entries(fields)) {
      if (value === undefined) continue
      if (isIncrement(value)) {
        sets.push(`${q(column)} = ${q(column)} + ?`)
        params.push(value.increment)
      } else {
        sets.push(`${q(column)} = ?`)
        params.push(toSql(value))
      }
    }
    return { sql: sets.join(', '), params }
  }
  const updateStep = (id: string, fields: Fields) => {
    const set = setClause(fields)
    w.run(`UPDATE "ExecutionStep" SET ${set.sql} WHERE "id" = ?`, [...set.params, id])
  }
  // INSERTs by table, column list and row count, made once (a create inserts eight rows), with
  // what builds the rows they wrote.
  const inserts = new Map<string, { sql: string; row?: (values: unknown[], offset: number) => Record<string, unknown> }>()
  /**
   * Inserts a row; with `returning`, answers it as SQLite holds it (raw, for fromSql) — built from
   * the values written and the table's column defaults, which is what RETURNING * would read back
   * at several times the cost. A default SQLite computes (CURRENT_TIMESTAMP) left unwritten makes
   * it ask SQLite instead.
   */
  const insert = (table: string, fields: Fields, returning = false): Record<string, unknown> | undefined => insertRows(table, [fields], returning)?.[0]
  /** Inserts rows that write the same columns in one statement (see insert). */
  const insertRows = (table: string, rows: Fields[], returning = false): Record<string, unknown>[] | undefined => {
    const columns: string[] = []
    for (const column in rows[0]) if (rows[0]![column] !== undefined) columns.push(column)
    const values: unknown[] = []
    for (const fields of rows) {
      let written = 0
      for (const column in fields) if (fields[column] !== undefined) written++
      if (written !== columns.length) throw new Error(`insertRows(${table}): every row must write the same columns`)
      for (const column of columns) values.push(toSql(fields[column]))
    }
    const key = `${table}(${columns.join()})x${rows.length}${returning ? '*' : ''}`
    let made = inserts.get(key)
    if (made === undefined) {
      const row = returning ? rowBuilder(table, columns) : undefined
      const tuple = `(${placeholders(columns.length)})`
      made = {
        sql: `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${Array(rows.length).fill(tuple).join(', ')}${returning && !row ? ' RETURNING *' : ''}`,
        row,
      }
      inserts.set(key, made)
    }
    if (returning && !made.row) return w.all<Record<string, unknown>>(made.sql, values)
    w.run(made.sql, values)
    const build = made.row
    return build ? rows.map((_, i) => build(values, i * columns.length)) : undefined
  }
  /**
   * A function making the row an INSERT of these columns wrote, from its values: one object
   * literal of every column of the table, each a written value or the column's default (so every
   * row of a kind has one shape). None when a default SQLite computes is left unwritten.
   */
  function rowBuilder(table: string, columns: string[]): ((values: unknown[], offset: number) => Record<string, unknown>) | undefined {
    const entries: string[] = []
    for (const c of w.all<{ name: string; dflt_value: string | null }>('SELECT "name", "dflt_value" FROM pragma_table_info(?)', [table])) {
      const written = columns.indexOf(c.name)
      if (written >= 0) {
        entries.push(`${JSON.stringify(c.name)}: v[o + ${written}]`)
        continue
      }
      const literal = sqlLiteral(c.dflt_value)
      if (literal === undefined) return undefined
      entries.push(`${JSON.stringify(c.name)}: ${JSON.stringify(literal)}`)
    }
    return new Function('v', 'o', `return { ${entries.join(', ')} }`) as (values: unknown[], offset: number) => Record<string, unknown>
  }

  return { setClause, updateStep, insert, insertRows }
}
