// prisma/schema.prisma for PostgreSQL (cluster mode, docs/cluster.md): the datasource's provider
// swapped, and what a line says after `// postgres:` made part of it — a default only PostgreSQL
// has (the ordered feed's transaction id). The migrations' schema. The client's copy also moves
// its output.
import { readFileSync } from 'node:fs'

export function postgresSchema(text, where = 'schema.prisma') {
  const datasource = /(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*)"sqlite"/
  if (!datasource.test(text)) throw new Error(`${where}: no datasource with provider = "sqlite" to swap for "postgresql"`)
  return text.replace(datasource, '$1"postgresql"').replace(/(?<!\/)\/\/ postgres: /g, '')
}

/** The schema the PostgreSQL client is generated from, written beside its output (src/generated). */
export function postgresClientSchema(schemaPath) {
  const text = postgresSchema(readFileSync(schemaPath, 'utf8'), schemaPath)
  const output = /(generator\s+client\s*\{[^}]*?output\s*=\s*)"[^"]*"/
  if (!output.test(text)) throw new Error(`${schemaPath}: the client generator names no output`)
  return text.replace(output, '$1"../prisma-postgres"')
}
