export function aptInstall(pkg: string, what?: string): void
export function ensureInstalled(command: string, pkg?: string): void
