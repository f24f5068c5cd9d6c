// prisma/schema.prisma for PostgreSQL (cluster mode, docs/cluster.md): the datasource's provider
// swapped, what a line says after `// postgres:` made part of it (a default only PostgreSQL has,
// the ordered feed's transaction id; `@db.Json` where key order must stay as written: jsonb sorts
// keys), and a field's type swapped for the one after `// postgres-type:`. The migrations'
// schema. The client's copy also moves its output.
import { readFileSync } from 'node:fs'

export function postgresSchema(text, where = 'schema.prisma') {
  const datasource = /(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"sqlite"/
  if (!datasource.test(text)) throw new Error(`${where}: no datasource with provider = "sqlite" to swap for "postgresql"`)
  return (
    text
      .replace(datasource, '$1"postgresql"')
      .replace(/(?<!\/)\/\/ postgres: /g, '')
      // A field whose type on PostgreSQL differs (`durationMs Int? // postgres-type: BigInt?`): a
      // duration in ms passes int4's 24.8 days; SQLite's INTEGER is 64-bit already.
      .replace(/^(\s*\w+\s+)\S+(.*?)\s*\/\/ postgres-type: (\S+)[^\n]*$/gm, '$1$3$2')
  )
}

/** The schema the PostgreSQL client is generated from, written beside its output (src/generated). */
export function postgresClientSchema(schemaPath) {
  const text = postgresSchema(readFileSync(schemaPath, 'utf8'), schemaPath)
  const output = /(generator\s+client\s*\{[^}]*?output\s*=\s*)"[^"]*"/
  if (!output.test(text)) throw new Error(`${schemaPath}: the client generator names no output`)
  return text.replace(output, '$1"../prisma-postgres"')
}
