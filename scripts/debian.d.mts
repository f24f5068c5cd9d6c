export function ensureInstalled(command: string, pkg?: string): void
