// The server's log: pino, one JSON object a line on stdout (LOG_LEVEL, LOG_FORMAT), with the
// request id (`reqId`) and the execution id (`executionId`) where one is known, so a line can be
// found from the request an operator saw or the execution a user names. In development, or with
// LOG_FORMAT=pretty, short lines for a terminal instead (a small formatter of our own: pino-pretty's
// worker thread is more than a dev log needs).
import pino, { type Logger } from 'pino'
import { config } from '../config'

export type { Logger }

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }

/** `12:00:01 INFO  message key=value …` — a pretty line from one of pino's JSON lines. */
export function prettyLine(json: string): string {
  try {
    const { level, time, msg, pid: _pid, hostname: _host, err, ...rest } = JSON.parse(json) as Record<string, unknown>
    const at = new Date(Number(time)).toISOString().slice(11, 19)
    const fields = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ')
    const stack = err && typeof err === 'object' ? `\n${String((err as { stack?: unknown }).stack ?? (err as { message?: unknown }).message)}` : ''
    return `${at} ${(LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${fields ? `  ${fields}` : ''}${stack}\n`
  } catch {
    return json
  }
}

function create(): Logger {
  let level = 'info'
  let pretty = false
  try {
    const cfg = config()
    level = cfg.LOG_LEVEL
    pretty = (cfg.LOG_FORMAT ?? (cfg.NODE_ENV === 'production' ? 'json' : 'pretty')) === 'pretty'
  } catch {
    // A bad configuration is reported by checkConfigOrExit; the log itself still works.
  }
  const options: pino.LoggerOptions = {
    level,
    base: { pid: process.pid },
    // Secrets a careless call might hand over are never written.
    redact: {
      paths: ['password', 'apiKey', 'authorization', 'cookie', '*.password', '*.authorization', '*.cookie', 'headers.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  }
  if (!pretty) return pino(options, pino.destination({ dest: 1, sync: true }))
  return pino(options, { write: (line: string) => void process.stdout.write(prettyLine(line)) })
}

// One logger for the process: Next's bundle and server.ts load this module separately.
const globalForLog = globalThis as unknown as { __consoleLog?: Logger }

/** The process's logger (made on first use, with LOG_LEVEL and LOG_FORMAT). */
export function log(): Logger {
  return (globalForLog.__consoleLog ??= create())
}

/** A logger for one part of the server: its lines carry `component`. */
export function logger(component: string): Logger {
  return log().child({ component })
}

/** For tests: a logger that writes where they say. */
export function setLog(l: Logger | undefined): void {
  globalForLog.__consoleLog = l
}
