// Debian packages a test, benchmark or build step needs (redis-server, chromium, a C compiler,
// PostgreSQL): installed with apt-get when missing and allowed (CI runs as root); otherwise a
// clear message saying what to install.
import { spawnSync } from 'node:child_process'

/** Installs `pkg` with apt-get; throws with the command to run when that is not possible here. */
export function aptInstall(pkg, what = pkg) {
  if (process.getuid?.() !== 0) throw new Error(`${what} is not installed: apt-get install -y ${pkg}`)
  const install = spawnSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`], { stdio: 'inherit' })
  if (install.status !== 0) throw new Error(`could not install ${pkg} with apt-get`)
}

/** Throws when `command` is missing and cannot be installed from `pkg` here. */
export function ensureInstalled(command, pkg = command) {
  if (spawnSync('which', [command]).status === 0) return
  aptInstall(pkg, command)
}
