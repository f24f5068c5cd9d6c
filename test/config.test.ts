// The configuration is read once, at start: a bad value stops the console with a message naming
// the variable and what is allowed, and a non-zero exit — before anything listens or runs.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '@/server/config'

describe('configuration', () => {
  it('reads defaults, switches and numbers from the environment', () => {
    const c = readConfig({ PORT: '8080', DEMO: 'off', TRUST_PROXY: '1', STALL_AFTER_MS: '60000', API_KEY_RATE_LIMIT: '' })
    expect(c).toMatchObject({ PORT: 8080, DEMO: false, TRUST_PROXY: true, STALL_AFTER_MS: 60_000, API_KEY_RATE_LIMIT: 100, ENGINE: true, BATCH_WAL: false })
    expect(c.AUTH_SECURE_COOKIES).toBeUndefined() // unset: it follows CONSOLE_URL
    expect(c.API_CORS_ORIGINS).toEqual([])
    expect(readConfig({ API_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173/' }).API_CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:5173'])
  })

  it('names every bad variable, and never repeats a secret', () => {
    let error: unknown
    try {
      readConfig({ PORT: '70000', ENGINE_CONCURRENCY: 'eight', ENCRYPTION_KEY: 'not-a-key-but-a-secret', DATABASE_URL: 'mysql://root:hunter2@db/x' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toContain('PORT="70000": must be a port number from 1 to 65535')
    expect(message).toContain('ENGINE_CONCURRENCY="eight": must be a whole number of executions, more than 0')
    expect(message).toContain('ENCRYPTION_KEY=(22 characters): must be 32 bytes in base64')
    expect(message).toContain('DATABASE_URL="mysql://root:***@db/x": must be a SQLite file URL such as file:./data/console.db, or a PostgreSQL URL')
    expect(message).not.toContain('not-a-key-but-a-secret')
    expect(message).not.toContain('hunter2')
    expect(() => readConfig({ API_CORS_ORIGINS: 'https://app.example.com/path' })).toThrow(
      /API_CORS_ORIGINS=.*"https:\/\/app.example.com\/path" is not an origin: expected scheme:\/\/host\[:port\]/,
    )
    expect(() => readConfig({ API_CORS_ORIGINS: '*' })).toThrow(/"\*" is not an origin/)
  })

  it('takes a PostgreSQL URL (cluster mode) only with the shared encryption key', () => {
    const url = 'postgres://console:pw@db.internal:5432/console'
    expect(() => readConfig({ DATABASE_URL: url })).toThrow(/ENCRYPTION_KEY=\(0 characters\): must be set, or ENCRYPTION_KEY_FILE, when DATABASE_URL is a PostgreSQL URL/)
    expect(readConfig({ DATABASE_URL: url, ENCRYPTION_KEY_FILE: '/run/secrets/console.key' }).DATABASE_URL).toBe(url)
    expect(() => readConfig({ DATABASE_URL: 'postgres://db.internal:5432', ENCRYPTION_KEY_FILE: '/k' })).toThrow(
      /DATABASE_URL="postgres:\/\/db.internal:5432": .*naming a database/,
    )
  })

  it.each([
    ['PORT', 'abc', 'must be a port number from 1 to 65535'],
    ['API_KEY_RATE_LIMIT', 'abc', 'must be a whole number of requests a second'],
    ['ENCRYPTION_KEY', 'c2hvcnQ=', 'must be 32 bytes in base64'],
  ])('stops the console at start when %s=%s, saying what is allowed', (name, value, allowed) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server.ts'], { env: { ...process.env, [name]: value }, encoding: 'utf8', timeout: 60_000 })
    expect(run.status).toBe(78)
    expect(run.stderr).toContain(`${name}=`)
    expect(run.stderr).toContain(allowed)
  })
})
