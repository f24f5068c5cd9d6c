// Next.js calls register() once when the server starts: the engine runs in the same process.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startRuntime } = await import('./server/runtime')
    await startRuntime()
  }
}
