// A throwaway Redis on loopback for tests and benchmarks: Debian's redis-server, installed when
// missing and allowed (CI runs as root), started on a free port, stopped and removed after.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureInstalled } from './debian.mjs'

const ensureRedisInstalled = () => ensureInstalled('redis-server')

/** A port nothing listens on now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number) {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`redis-server did not listen on ${port}`)
}

/** Starts redis-server (on `port`, or a free one); `appendOnly` fsyncs its log every second (its durable setting). */
export async function startRedis(options: { appendOnly?: boolean; port?: number } = {}) {
  ensureRedisInstalled()
  const dir = mkdtempSync(join(tmpdir(), 'redis-'))
  const port = options.port ?? (await freePort())
  const persistence = options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no']
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence], { stdio: 'ignore' })
  await waitForPort(port)
  return {
    port,
    /** (Tests pause it with SIGSTOP: a Redis that stops answering on open connections.) */
    pid: redis.pid!,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      redis.kill('SIGTERM')
      if (redis.exitCode === null) await new Promise((r) => redis.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
