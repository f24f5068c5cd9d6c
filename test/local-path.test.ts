// Where a sign-in goes next: a page of this console, never another site however `next` is spelled.
import { describe, expect, it } from 'vitest'
import { localPath } from '../src/lib/local-path'

const ORIGIN = 'https://console.example.com'

describe('localPath', () => {
  it('keeps a page of the console with its query and fragment', () => {
    expect(localPath('/executions/exec_1?tab=steps#logs', ORIGIN)).toBe('/executions/exec_1?tab=steps#logs')
    expect(localPath('https://console.example.com/inbox', ORIGIN)).toBe('/inbox')
    expect(localPath('audit', ORIGIN)).toBe('/audit')
  })

  it('sends every spelling of another site to the executions instead', () => {
    for (const next of [
      '//evil.example/x',
      '/\\evil.example/x',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      ' //evil.example',
      'https://evil.example/',
      'http://console.example.com/', // another scheme is another origin
      'https://console.example.com.evil.example/',
      'https://console.example.com@evil.example/',
      '/.//evil.example/x',
      '/a/..//evil.example/x',
      '/%2e//evil.example/x',
      '/./\\evil.example',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
    ])
      expect(localPath(next, ORIGIN), JSON.stringify(next)).toBe('/executions')
  })

  it('answers the fallback for nothing', () => {
    expect(localPath(null, ORIGIN)).toBe('/executions')
    expect(localPath('', ORIGIN, '/inbox')).toBe('/inbox')
  })
})
