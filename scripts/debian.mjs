// Debian packages a test, benchmark or build step needs (redis-server, chromium, a C compiler):
// installed with apt-get when missing and allowed (CI runs as root); otherwise a clear message
// saying what to install.
import { spawnSync } from 'node:child_process'

/** Throws when `command` is missing and cannot be installed from `pkg` here. */
export function ensureInstalled(command, pkg = command) {
  if (spawnSync('which', [command]).status === 0) return
  if (process.getuid?.() !== 0) throw new Error(`${command} is not installed: apt-get install -y ${pkg}`)
  const install = spawnSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`], { stdio: 'inherit' })
  if (install.status !== 0) throw new Error(`could not install ${pkg} with apt-get`)
}
