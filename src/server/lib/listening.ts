// The console's HTTP listener is up. What calls the console over HTTP from inside its own process
// (the demo's support desk, through the SDK) waits for it rather than meeting refused connections
// while Next prepares. Global: Next's instrumentation and server.ts load this module separately.
const state = globalThis as { __consoleListening?: { promise: Promise<void>; resolve: () => void } }

function signal() {
  if (!state.__consoleListening) {
    let resolve!: () => void
    const promise = new Promise<void>((r) => (resolve = r))
    state.__consoleListening = { promise, resolve }
  }
  return state.__consoleListening
}

/** Called by server.ts once the port is taken. */
export function markListening(): void {
  signal().resolve()
}

/** Resolves once the console listens (never, in a process that serves nothing). */
export function whenListening(): Promise<void> {
  return signal().promise
}
