// Who a session cookie signs in: read in one statement for a session that needs nothing written,
// and exactly as Better Auth answers in every other case (forged, signed out, expired, due for
// its daily refresh, a role changed a moment ago).
import { createHmac } from 'node:crypto'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { cookieValue, verifiedValue } from '@/server/auth/session'
import { signedIn, startRestServer, testServices } from './helpers'

const ORIGIN = 'http://console.test'
const DAY = 24 * 60 * 60 * 1000
let s: Awaited<ReturnType<typeof testServices>>
let cookie = ''
const principal = (c = cookie) => s.access.principalOf(new Headers({ cookie: c, origin: ORIGIN, host: 'console.test' }), '127.0.0.1')
const sessionRow = () => s.reader.get<{ token: string; expiresAt: number }>('SELECT "token", "expiresAt" FROM "Session"', [])!

beforeEach(async () => {
  s = await testServices()
  ;({ cookie } = await signedIn(s.access, ORIGIN, { role: 'operator', organizations: ['org-provider'], email: 'ops@test.local' }))
})

describe('the session of a request', () => {
  it('names the signed-in user, their role and organisations, without going through Better Auth', async () => {
    const getSession = vi.spyOn(s.access.auth.api, 'getSession')
    expect(await principal()).toMatchObject({ kind: 'user', name: 'ops@test.local', role: 'operator', organizations: ['org-provider'] })
    expect(getSession).not.toHaveBeenCalled()
  })

  it('refuses a cookie whose signature was altered, or that was never signed', async () => {
    const [name, value] = cookie.split('=') as [string, string]
    const decoded = decodeURIComponent(value)
    const forged = `${name}=${encodeURIComponent(`${decoded.slice(0, -5)}AAAA=`)}`
    expect(await principal(forged)).toBeNull()
    expect(await principal(`${name}=${sessionRow().token}`)).toBeNull()
  })

  it('refuses a signed-out session and an expired one (which Better Auth then removes)', async () => {
    s.writer.transaction(() => s.writer.run('UPDATE "Session" SET "expiresAt" = ?', [Date.now() - 1000]))
    expect(await principal()).toBeNull()
    expect(s.reader.get('SELECT 1 FROM "Session"', [])).toBeUndefined()
    ;({ cookie } = await signedIn(s.access, ORIGIN, { role: 'viewer', organizations: ['org-provider'] }))
    expect(await principal()).not.toBeNull()
    s.writer.transaction(() => s.writer.run('DELETE FROM "Session"'))
    expect(await principal()).toBeNull()
  })

  it('hands a session due for its daily refresh to Better Auth, which extends it and sends the browser a new cookie', async () => {
    const weekAhead = sessionRow().expiresAt
    s.writer.transaction(() => s.writer.run('UPDATE "Session" SET "expiresAt" = ?', [weekAhead - 2 * DAY]))
    const getSession = vi.spyOn(s.access.auth.api, 'getSession')
    const sent: string[] = []
    const headers = new Headers({ cookie, origin: ORIGIN, host: 'console.test' })
    expect(await s.access.principalOf(headers, '127.0.0.1', (c) => sent.push(c))).toMatchObject({ name: 'ops@test.local' })
    expect(getSession).toHaveBeenCalledOnce()
    expect(sessionRow().expiresAt).toBeGreaterThan(weekAhead - DAY)
    // Without the cookie, a user active every day would still be signed out a week after sign-in.
    const [name] = cookie.split('=') as [string]
    const renewed = sent.find((c) => c.startsWith(`${name}=`))
    expect(renewed).toMatch(/Max-Age=604800/i)
    expect(decodeURIComponent(renewed!.split(';')[0]!.slice(name.length + 1)).split('.')[0]).toBe(sessionRow().token)
  })

  it('takes a role changed since sign-in at the next request', async () => {
    s.writer.transaction(() => s.writer.run('UPDATE "User" SET "role" = ? WHERE "email" = ?', ['viewer', 'ops@test.local']))
    s.writer.transaction(() => s.writer.run('UPDATE "Membership" SET "role" = NULL'))
    expect(await principal()).toMatchObject({ role: 'viewer' })
  })
})

describe('a refreshed session over the transports', () => {
  it('sends the renewed cookie with the REST and tRPC answers that extended it', async () => {
    const server = await startRestServer()
    try {
      const [name] = server.admin.cookie.split('=') as [string]
      const due = () => server.writer.transaction(() => server.writer.run('UPDATE "Session" SET "expiresAt" = "expiresAt" - ?', [2 * DAY]))
      const renewedBy = async (url: string) => {
        due()
        const res = await fetch(url, { headers: server.admin })
        expect(res.status).toBe(200)
        return res.headers.getSetCookie().some((c) => c.startsWith(`${name}=`) && /Max-Age=604800/i.test(c))
      }
      expect(await renewedBy(`${server.base}/executions?limit=1`)).toBe(true)
      expect(await renewedBy(`${server.origin}/api/trpc/executions.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`)).toBe(true)
      // A session not due sends nothing: the cookie is written only when the session changed.
      const res = await fetch(`${server.base}/executions?limit=1`, { headers: server.admin })
      expect(res.headers.getSetCookie()).toEqual([])
    } finally {
      await server.close()
    }
  })
})

describe('cookie reading', () => {
  it('reads the first cookie of a name, percent-decoded, and checks its HMAC', () => {
    expect(cookieValue('a=1; b=x%2Ey; b=2', 'b')).toBe('x.y')
    expect(cookieValue('a=1', 'b')).toBeUndefined()
    const signature = Buffer.from(createHmac('sha256', 'k').update('tok').digest()).toString('base64')
    expect(verifiedValue(`tok.${signature}`, 'k')).toBe('tok')
    expect(verifiedValue(`tok.${signature}`, 'other')).toBeUndefined()
    expect(verifiedValue('tok', 'k')).toBeUndefined()
    // The same bytes in URL-safe base64: Better Auth (atob) refuses it, so this must too.
    const sign = (value: string) => createHmac('sha256', 'k').update(value).digest('base64')
    const token = Array.from({ length: 50 }, (_, i) => `tok${i}`).find((t) => /[+/]/.test(sign(t)))!
    expect(verifiedValue(`${token}.${sign(token)}`, 'k')).toBe(token)
    expect(verifiedValue(`${token}.${sign(token).replaceAll('+', '-').replaceAll('/', '_')}`, 'k')).toBeUndefined()
  })
})
