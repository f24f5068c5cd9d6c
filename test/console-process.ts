// Starts and stops the built console (server.ts over `next build`) as its own process group, for tests.
import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from '../scripts/local-redis'

export interface ConsoleProcess {
  base: string
  child: ChildProcess
  /** The signed-in admin's headers (session cookie and the console's own Origin). */
  headers: Record<string, string>
  /** fetch with the admin's headers. */
  fetch(url: string, init?: RequestInit): Promise<Response>
  kill(signal?: NodeJS.Signals): Promise<void>
}

/** The admin every test console creates on its first start. */
export const TEST_ADMIN = { email: 'admin@test.local', password: 'test-admin-password' }

/** Signs in through Better Auth's endpoint as a browser would: the session cookie and the Origin. */
export async function signIn(base: string, email: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  })
  if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`)
  return {
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    origin: base,
  }
}

export async function startConsole(env: NodeJS.ProcessEnv, port?: number): Promise<ConsoleProcess> {
  const p = port ?? (await freePort())
  const child = spawn('npx', ['tsx', 'server.ts'], {
    env: {
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      ...env,
      NODE_ENV: 'production',
      PORT: String(p),
      HOSTNAME: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  })
  const base = `http://127.0.0.1:${p}`
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      if ((await fetch(`${base}/api/openapi.json`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('next start did not answer within 60 s')
    await new Promise((r) => setTimeout(r, 200))
  }
  const headers = await signIn(base, TEST_ADMIN.email, TEST_ADMIN.password)
  return {
    base,
    child,
    headers,
    fetch: (url, init = {}) => fetch(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } }),
    kill: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        // (Ended by a signal, a child has no exit code but a signal code.)
        if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve()
        child.once('exit', () => resolve())
        try {
          process.kill(-child.pid, signal)
        } catch {
          resolve() // its group is gone already
        }
      }),
  }
}

/** Reads a streaming response (SSE) as text until it contains `until`, or 15 s pass; then disconnects. */
export async function readStreamUntil(url: string, until: string, headers: Record<string, string>): Promise<string> {
  const controller = new AbortController()
  const res = await fetch(url, { signal: controller.signal, headers: { ...headers, accept: 'text/event-stream' } })
  const reader = res.body!.getReader()
  let text = ''
  const deadline = Date.now() + 15_000
  while (!text.includes(until) && Date.now() < deadline) {
    const { value, done } = await reader.read()
    if (done) break
    text += new TextDecoder().decode(value)
  }
  controller.abort()
  return text
}
