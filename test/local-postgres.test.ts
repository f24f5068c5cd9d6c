// scripts/local-postgres.ts: a PostgreSQL of the test's own — initdb into a folder, started on a
// loopback port with its socket in that folder, a database created, stopped — and its CLI for
// `npm run console` with a postgres URL, which leaves the server running until `stop`.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { freePort } from '../scripts/local-redis'
import { startPostgres } from '../scripts/local-postgres'

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

describe('local PostgreSQL', () => {
  it('starts, creates databases, answers on the port and the folder socket, and stops', async () => {
    const server = await startPostgres({ database: 'first' })
    try {
      expect(server.url).toBe(`postgres://console@127.0.0.1:${server.port}/first`)
      const [row] = await query(server.url, 'SELECT current_database() AS db, current_setting($$server_version_num$$)::int AS version')
      expect(row).toEqual({ db: 'first', version: expect.any(Number) })
      expect(row.version).toBeGreaterThanOrEqual(130000)
      expect(existsSync(join(server.dir, `.s.PGSQL.${server.port}`))).toBe(true)

      const second = await server.createDatabase('second')
      expect((await query(second, 'SELECT current_database() AS db'))[0].db).toBe('second')
      expect(await server.createDatabase('second')).toBe(second) // again: no error, same URL
      await expect(server.createDatabase('Bad-Name')).rejects.toThrow(/lowercase letters, digits and underscores; got "Bad-Name"/)
    } finally {
      await server.stop()
    }
    await expect(query(server.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/)
    expect(existsSync(server.dir)).toBe(false) // a temporary folder goes with the server
  })

  it('refuses a port something already listens on, rather than taking that server for its own', async () => {
    const taken = createServer()
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
    const port = (taken.address() as AddressInfo).port
    const dir = mkdtempSync(join(tmpdir(), 'pg-taken-'))
    try {
      await expect(startPostgres({ port, dir })).rejects.toThrow(`port ${port} is in use on 127.0.0.1 (another server?); choose another --port`)
    } finally {
      taken.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the CLI starts a server that outlives it, keeps its data across a restart, and stops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-cli-'))
    const port = await freePort()
    const cli = (...args: string[]) => execFileSync('npx', ['tsx', 'scripts/local-postgres.ts', ...args], { encoding: 'utf8' }).trim()
    try {
      const url = cli('start', '--dir', dir, '--port', String(port), '--database', 'app')
      expect(url).toBe(`postgres://console@127.0.0.1:${port}/app`)
      await query(url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)')
      expect(cli('stop', '--dir', dir)).toMatch(/^stopped/)
      await expect(query(url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/)
      cli('start', '--dir', dir, '--port', String(port), '--database', 'app')
      expect(await query(url, 'SELECT v FROM kept')).toEqual([{ v: 42 }])
      expect(() => cli('start', '--dir', dir, '--port', 'eighty')).toThrow(/--port must be a number from 1024 to 65535; got eighty/)
    } finally {
      cli('stop', '--dir', dir)
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000) // (two starts of a server and an initdb: 22 s on a quiet machine, past 30 s on a busy one)
})
