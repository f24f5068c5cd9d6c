// SQLite's dialect, as the Writer's and Reader's callers write it, in PostgreSQL's: the mechanical
// differences, once per statement text (docs/cluster.md lists them; statements that differ in
// meaning are written per dialect where they are used).

/** Splits SQL into code and quoted parts ('string', "name") so rewrites never touch the quoted. */
function parts(sql: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = []
  let i = 0
  let start = 0
  while (i < sql.length) {
    const ch = sql[i]
    if (ch === "'" || ch === '"') {
      if (i > start) out.push({ code: true, text: sql.slice(start, i) })
      let j = i + 1
      for (;;) {
        if (j >= sql.length) break
        if (sql[j] === ch) {
          if (sql[j + 1] === ch)
            j += 2 // a doubled quote inside
          else break
        } else j++
      }
      out.push({ code: false, text: sql.slice(i, j + 1) })
      i = j + 1
      start = i
    } else i++
  }
  if (start < sql.length) out.push({ code: true, text: sql.slice(start) })
  return out
}

/** `$.a.b[0]` → `{a,b,0}` for #>> */
function jsonPath(path: string): string {
  const keys = path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
  return `'{${keys.join(',')}}'`
}

// Rewrites that span quoted parts (a JSON path is a string literal) run on the whole text.
const JSON_EXTRACT = /json_extract\(\s*((?:[\w.]+\.)?"[^"]+"|\?)\s*,\s*'(\$[^']*)'\s*\)/gi
const JSON_EACH = /json_each\(\s*((?:[\w.]+\.)?"[^"]+"|\?)\s*\)(\s+(?:AS\s+)?(?!(?:RETURNING|WHERE|ON|JOIN|LEFT|INNER|CROSS|ORDER|GROUP|LIMIT|UNION)\b)(\w+))?/gi

// SQLite's catalogue as the code reads it: a table's columns and their defaults, in column order
// (a default as written, without PostgreSQL's ::type).
const TABLE_INFO = /\bFROM\s+pragma_table_info\(\s*\?\s*\)/gi
const TABLE_INFO_PG = `FROM (SELECT column_name::text AS "name", regexp_replace(column_default, '::[a-z ]+$', '') AS "dflt_value", ordinal_position AS "cid" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position) AS table_info`

// SQLite joins without ON (a cross join); PostgreSQL's JOIN wants one.
const JOIN_WITHOUT_ON = /(?<!\bCROSS\s+)\bJOIN(\s+json_each\([^)]*\)\s+(?:AS\s+)?\w+)\b(?!\s+ON\b)/gi

function rewriteWhole(sql: string): string {
  return sql
    .replace(JOIN_WITHOUT_ON, 'CROSS JOIN$1')
    .replace(TABLE_INFO, () => TABLE_INFO_PG)
    .replace(JSON_EXTRACT, (_, value: string, path: string) => `(${value}::jsonb #>> ${jsonPath(path)})`)
    .replace(JSON_EACH, (_, value: string, aliasPart: string | undefined, alias: string | undefined) => {
      // json_each's `value` is SQL text for strings; where the code reads into it (value->>0) it
      // needs the JSON element.
      const element = new RegExp(`${alias ? `\\b${alias}\\.` : '(?<![\\w.])'}value\\s*->`).test(sql)
      return `${element ? 'jsonb_array_elements' : 'jsonb_array_elements_text'}(${value}::jsonb)${aliasPart ?? ''}`
    })
}

function rewriteCode(code: string): string {
  return (
    code
      .replace(/\bINDEXED\s+BY\s*$/gi, '')
      .replace(/\bINSERT\s+OR\s+(?:IGNORE|REPLACE)\s+INTO\b/gi, 'INSERT INTO')
      // rowid as a row's identity within one statement; a walk in rowid order is written per dialect.
      .replace(/\browid\b/g, 'ctid')
      .replace(/\bLIKE\b/gi, 'ILIKE') // SQLite's LIKE ignores ASCII case
      .replace(/\bIS\s+NOT\s+\?/gi, 'IS DISTINCT FROM ?')
      .replace(/\bIS\s+\?/gi, 'IS NOT DISTINCT FROM ?')
      // A condition that is the number 1 or 0 (the "no restriction" and "nothing visible" scopes).
      .replace(/\b(WHERE|AND|OR|ON)\s+([01])(?=\s*(?:$|\)|AND\b|OR\b|ORDER\b|GROUP\b|LIMIT\b|JOIN\b))/gi, (_, k: string, b: string) => `${k} ${b === '1' ? 'TRUE' : 'FALSE'}`)
      .replace(/\binstr\(/gi, 'strpos(')
      // SQLite's LIMIT -1 (any negative) is no limit; PostgreSQL's is LIMIT NULL.
      .replace(/\bLIMIT\s+\?/gi, 'LIMIT NULLIF(GREATEST(?, -1), -1)')
      .replace(/\bLIMIT\s+-1\b/gi, 'LIMIT ALL') // a row count written into the SQL (sqlInteger)
      // n random bytes as hex (outbox ids): two random UUIDs' hex digits, 2n of them.
      .replace(/\blower\(hex\(randomblob\((\d+)\)\)\)/gi, (_, n: string) => `substr(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 1, ${2 * Number(n)})`)
  )
}

const CACHE_LIMIT = 2000

/**
 * Time columns in arithmetic: SQLite holds milliseconds, so `"startedAt" + "timeoutMs"` and
 * `? - "startedAt"` are numbers; PostgreSQL holds timestamps. Next to a + or - such a column is read
 * as its milliseconds (the columns come from the database: names that are a timestamp in any table).
 */
const arithmeticBefore = /[+-]\s*$/
const arithmeticAfter = /^\s*[+-](?![>-])/
const asMs = (column: string) => `(EXTRACT(EPOCH FROM ${column}) * 1000)`

/** Column names by what PostgreSQL holds in them (names that are a timestamp, or a boolean, in any table). */
export interface ColumnKinds {
  times: ReadonlySet<string>
  booleans: ReadonlySet<string>
  /** Each table's columns and primary key, for INSERT OR REPLACE. */
  tables?: ReadonlyMap<string, { columns: readonly string[]; key: readonly string[] }>
}

/** The translation for a database whose columns are `columns`; each statement text translated once. */
export function createDialect(columns: ColumnKinds = { times: new Set(), booleans: new Set() }) {
  const cache = new Map<string, string>()
  return function toPostgres(sql: string): string {
    const hit = cache.get(sql)
    if (hit !== undefined) return hit
    const out = translate(sql, columns)
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
    cache.set(sql, out)
    return out
  }
}

/** The PostgreSQL text of a SQLite-dialect statement (no time columns known): `?` → `$n`, and the rewrites above. */
export const toPostgres = createDialect()

// A boolean column compared with SQLite's 0 or 1.
const BOOLEAN_LITERAL = /^(\s*(?:=|<>|!=)\s*)([01])(?![\w.])/

/** INSERT OR REPLACE INTO "T" ("a", "b") …: the table and the columns written. */
const REPLACE_INTO = /^\s*INSERT\s+OR\s+REPLACE\s+INTO\s+"?(\w+)"?\s*\(([^)]*)\)/i

/**
 * SQLite's REPLACE deletes the row in the way and inserts: the columns not written go back to their
 * defaults. On PostgreSQL: ON CONFLICT on the primary key, every written column from the new row,
 * every other to its DEFAULT.
 */
function replaceClause(sql: string, tables: ColumnKinds['tables']): string {
  const [, table, list] = REPLACE_INTO.exec(sql) ?? []
  const info = table ? tables?.get(table) : undefined
  if (!table || !info || info.key.length === 0)
    throw new Error(`INSERT OR REPLACE on PostgreSQL needs a table with a primary key; got ${JSON.stringify(table ?? sql.slice(0, 80))}`)
  const written = new Set(list!.split(',').map((c) => c.trim().replace(/^"|"$/g, '')))
  const sets = info.columns.filter((c) => !info.key.includes(c)).map((c) => `"${c}" = ${written.has(c) ? `EXCLUDED."${c}"` : 'DEFAULT'}`)
  const target = info.key.map((c) => `"${c}"`).join(', ')
  return sets.length ? ` ON CONFLICT (${target}) DO UPDATE SET ${sets.join(', ')}` : ` ON CONFLICT (${target}) DO NOTHING`
}

/** SQLite takes a subquery in FROM without a name; PostgreSQL wants one. */
function nameSubqueries(sql: string): string {
  let out = sql
  let searchFrom = 0
  let named = 0
  for (;;) {
    const m = /\bFROM\s*\(\s*SELECT\b/gi
    m.lastIndex = searchFrom
    const found = m.exec(out)
    if (!found) return out
    const open = out.indexOf('(', found.index)
    let depth = 0
    let i = open
    for (; i < out.length; i++) {
      const ch = out[i]
      if (ch === "'" || ch === '"') {
        const end = out.indexOf(ch, i + 1)
        i = end < 0 ? out.length : end
      } else if (ch === '(') depth++
      else if (ch === ')' && --depth === 0) break
    }
    const rest = out.slice(i + 1)
    if (!/^\s*(?:AS\s+)?(?!(?:WHERE|GROUP|ORDER|LIMIT|OFFSET|UNION|JOIN|LEFT|INNER|CROSS|ON|RETURNING)\b)[A-Za-z_"]/i.test(rest)) {
      out = `${out.slice(0, i + 1)} AS sub${++named}${rest}`
    }
    searchFrom = open + 1
  }
}

function translate(sql: string, { times: timeColumns, booleans, tables }: ColumnKinds): string {
  const ignore = /^\s*INSERT\s+OR\s+IGNORE\b/i.test(sql)
  const replace = /^\s*INSERT\s+OR\s+REPLACE\b/i.test(sql) ? replaceClause(sql, tables) : ''
  let n = 0
  const segments = parts(rewriteWhole(sql))
  const texts: string[] = []
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]!
    if (!s.code) {
      // INDEXED BY "name": the name goes with the keywords (removed in the code part before it).
      if (/\bINDEXED\s+BY\s*$/i.test(segments[k - 1]?.text ?? '') && s.text.startsWith('"')) {
        texts.push('')
        continue
      }
      const following = segments[k + 1]
      if (following?.code && s.text.startsWith('"') && booleans.has(s.text.slice(1, -1))) {
        following.text = following.text.replace(BOOLEAN_LITERAL, (_, op: string, bit: string) => `${op}${bit === '1' ? 'TRUE' : 'FALSE'}`)
      }
      const before = segments[k - 1]?.code ? segments[k - 1]!.text : ''
      const after = segments[k + 1]?.code ? segments[k + 1]!.text : ''
      if (s.text.startsWith('"') && timeColumns.has(s.text.slice(1, -1))) {
        const qualifier = /(\b\w+\.)$/.exec(before)?.[1] ?? ''
        const rest = before.slice(0, before.length - qualifier.length)
        if (arithmeticBefore.test(rest) || arithmeticAfter.test(after)) {
          // The qualifier (v.) was written with the code before: take it back into the wrap.
          if (qualifier) texts[texts.length - 1] = texts[texts.length - 1]!.slice(0, -qualifier.length)
          texts.push(asMs(qualifier + s.text))
          continue
        }
      }
      texts.push(s.text)
      continue
    }
    // +"col": SQLite's way to keep a column off an index; PostgreSQL plans on its own. The `+`
    // sits at the end of the code part before the quoted name.
    const next = segments[k + 1]
    let text = s.text
    if (next && !next.code && next.text.startsWith('"')) text = text.replace(/(^|[\s(,=])\+$/, '$1')
    texts.push(rewriteCode(text).replace(/\?/g, () => `$${++n}`))
  }
  let out = nameSubqueries(texts.join(''))
  if (replace) out = out.replace(/;?\s*$/, '') + replace
  if (ignore) {
    // INSERT OR IGNORE → … ON CONFLICT DO NOTHING, before a RETURNING when there is one.
    out = out.replace(/;?\s*$/, '')
    const returning = /\sRETURNING\s[\s\S]*$/i.exec(out)
    out = returning ? `${out.slice(0, returning.index)} ON CONFLICT DO NOTHING${returning[0]}` : `${out} ON CONFLICT DO NOTHING`
  }
  return out
}
