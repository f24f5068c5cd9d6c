// One production build for the tests that start the console (the app project: app, crash, sdk, redis-bus).
import { spawnSync } from 'node:child_process'

export default function build() {
  // While iterating on one app test with a build already made: NEXT_BUILT=1 skips it.
  if (process.env.NEXT_BUILT === '1') return
  const result = spawnSync('npx', ['next', 'build'], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, encoding: 'utf8', timeout: 600_000 })
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`)
}
