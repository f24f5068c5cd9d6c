// Which Host headers the console answers (server.ts, upgrades): a host name or address with an
// optional port, as URL reads it; anything else is the client's error, said as such (400).
import { describe, expect, it } from 'vitest'
import { checkHost } from '@/server/http/gate'
import { ServiceError } from '@/server/services/errors'

const refusal = (host: string | undefined) => {
  try {
    checkHost(host)
    return null
  } catch (error) {
    return error as ServiceError
  }
}

describe('checkHost', () => {
  it('takes names, addresses and ports a client may reach the console at', () => {
    for (const host of [
      'localhost',
      'localhost:3000',
      'Console.Example.COM',
      'example.com.',
      'my_host.internal:8080',
      '127.0.0.1:65535',
      '[::1]',
      '[::1]:3000',
      '[2001:db8::7]:443',
    ])
      expect(refusal(host), host).toBeNull()
  })

  it('refuses with 400, naming the header, what is no host — including what the pattern alone let through and the auth library then failed on', () => {
    for (const host of [undefined, '', 'a b', 'x/y', '[::1', 'evil.example@console', 'example.com:99999', '1.2.3.256', '999.1.1.1', 'example.123', '[1]', '[:::]']) {
      const error = refusal(host)
      expect(error, String(host)).toBeInstanceOf(ServiceError)
      expect(error!.kind).toBe('BAD_REQUEST')
      expect(error!.message).toMatch(/^Host: /)
    }
  })
})
