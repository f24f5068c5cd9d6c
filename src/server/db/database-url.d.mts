export function databaseFile(url?: string): string
