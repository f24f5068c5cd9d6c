export function isPostgresUrl(url: string | undefined): boolean
export function databaseKind(url?: string): 'postgres' | 'sqlite'
export function databaseFile(url?: string): string
export function databaseTarget(url?: string): string
export function dataDir(url?: string): string
