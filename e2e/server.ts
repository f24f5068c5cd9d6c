// The console the end-to-end tests drive: the production build on a fresh database with a small
// seeded history, and the demo worker serving the demo's workflows but starting none (DEMO_RATE=0),
// so the pages show what the tests write.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { E2E } from './env'

rmSync(E2E.dir, { recursive: true, force: true })
mkdirSync(E2E.dir, { recursive: true })
const env = { ...process.env, ...E2E.env }
const run = (args: string[]) => {
  const result = spawnSync('npm', args, { env, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
if (!existsSync('.next/BUILD_ID')) run(['run', 'build'])
run(['run', 'db:migrate'])
run(['run', 'db:seed', '--', '--executions', '300'])
const child = spawn('npx', ['tsx', 'server.ts'], { env, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
