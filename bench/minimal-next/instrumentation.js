// The minimal page's own (empty) instrumentation hook: without it Next.js picks up the console's.
export function register() {}
