export function postgresSchema(text: string, where?: string): string
export function postgresClientSchema(schemaPath: string): string
