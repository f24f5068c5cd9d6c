// PostgreSQL's programs (initdb, pg_dump, pg_restore…) where Debian's packages put them —
// /usr/lib/postgresql/<version>/bin, not on PATH — newest version first, else on PATH.
import { existsSync, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const DEBIAN = '/usr/lib/postgresql'

/** The newest /usr/lib/postgresql/<version>/bin that holds `tool`. */
export function debianPostgresBin(tool: string, base = DEBIAN): string | undefined {
  if (!existsSync(base)) return undefined
  const version = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', tool)))
    .sort((a, b) => Number(b) - Number(a))[0]
  return version ? join(base, version, 'bin') : undefined
}

/** The path of `tool` (Debian's folder, else PATH), or undefined when it is not installed. */
export function postgresTool(tool: string, path = process.env.PATH ?? ''): string | undefined {
  const debian = debianPostgresBin(tool)
  if (debian) return join(debian, tool)
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, tool))
    .find((file) => existsSync(file))
}
