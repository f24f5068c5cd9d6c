// Expressions in workflow templates (seed 004): conditions, activation policies, step inputs and
// sub-workflow fan-outs, written in CEL — Google's Common Expression Language, the one Kubernetes
// and Envoy use for the same job — and evaluated by @marcbachmann/cel-js: parsed and type-checked
// at registration, never run as JavaScript, bounded in size, and unable to loop.
//
// An expression sees `__steps__.<id>.outputData` (finished steps' outputs), `__context__` (the
// execution's context), `input` (the execution's input) and, in a fan-out's child input, `item`.
// Whole numbers reach CEL as its `int` (so `score * 2` works) and come back as numbers.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import { celEnvironment, fromCel, toCel } from './cel.mjs'
import { regexProblem } from './json-schema'

export const EXPRESSION_VARIABLES = ['__steps__', '__context__', 'input', 'item'] as const

const environment = celEnvironment()

/** The longest expression text taken. */
export const MAX_EXPRESSION_LENGTH = 4_000

export interface ExpressionScope {
  __steps__: Record<string, { outputData: unknown }>
  __context__: Record<string, unknown>
  input: Record<string, unknown>
  item?: unknown
}

export interface CompiledExpression {
  readonly text: string
  /** The step ids it reads through `__steps__` (the steps it must come after). */
  readonly steps: readonly string[]
  evaluate(scope: ExpressionScope): unknown
}

/** Why an expression cannot be used, in a sentence; null when it can. */
export function expressionProblem(text: string): string | null {
  if (text.length > MAX_EXPRESSION_LENGTH) return `longer than ${MAX_EXPRESSION_LENGTH} characters`
  try {
    const checked = environment.check(text)
    if (!checked.valid) return firstLine(checked.error)
    const { ast } = environment.parse(text)
    return nestedComprehension(ast) ?? copiesProblem(ast) ?? matchesProblem(ast) ?? joinProblem(ast)
  } catch (error) {
    return firstLine(error)
  }
}

/** The first problem `check` finds at a node of the AST (depth first), or null. */
function firstProblem(ast: unknown, check: (op: string | undefined, args: unknown) => string | null): string | null {
  const walk = (node: unknown): string | null => {
    if (Array.isArray(node)) {
      for (const n of node) {
        const found = walk(n)
        if (found) return found
      }
      return null
    }
    if (node === null || typeof node !== 'object') return null
    const { op, args } = node as { op?: string; args?: unknown }
    return check(op, args) ?? walk(args)
  }
  return walk(ast)
}

/**
 * matches() runs its pattern in the console's own process, on data a run brings: `^(a+)+$` on 30
 * characters took seconds (exponential backtracking). So its pattern is a string literal, proven
 * safe when the workflow is registered, as a task schema's patterns are.
 */
const matchesProblem = (ast: unknown) =>
  firstProblem(ast, (op, args) => {
    if ((op !== 'rcall' && op !== 'call') || !Array.isArray(args) || args[0] !== 'matches') return null
    const callArgs = (op === 'rcall' ? args[2] : args[1]) as unknown[]
    const pattern = (op === 'rcall' ? callArgs[0] : callArgs[1]) as { op?: string; args?: unknown } | undefined
    if (pattern?.op !== 'value' || typeof pattern.args !== 'string')
      return 'matches() takes its pattern as a string literal ("^[a-z]+$"): a pattern from data could stall the console (ReDoS)'
    const problem = regexProblem(pattern.args, '', undefined, 'the expression')
    return problem ? `matches(): ${problem}` : null
  })

/**
 * join() puts its separator between every two elements: a separator from data builds the square
 * of the data (`s.split("").join(s)`: 400 MB of a 20,000-character string). So it is a literal.
 */
const joinProblem = (ast: unknown) =>
  firstProblem(ast, (op, args) => {
    if (op !== 'rcall' || !Array.isArray(args) || args[0] !== 'join') return null
    const separator = (args[2] as { op?: string }[] | undefined)?.[0]
    return separator && separator.op !== 'value' ? 'join() takes its separator as a string literal (", "): one from data would repeat that data between every two elements' : null
  })

/** CEL's macros that walk a list or map: each costs the size of what it walks. */
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter'])

/**
 * A macro inside another's body runs once per element of the outer list: nested, they cost the
 * product of the sizes (three deep over a 300-element input took seconds), so an expression may
 * chain them (`xs.map(…).filter(…)`) but not nest them.
 */
function nestedComprehension(ast: unknown): string | null {
  const walk = (node: unknown, inside: string | null): string | null => {
    if (Array.isArray(node)) {
      for (const n of node) {
        const found = walk(n, inside)
        if (found) return found
      }
      return null
    }
    if (node === null || typeof node !== 'object') return null
    const { op, args } = node as { op?: string; args?: unknown }
    if (op === 'rcall' && Array.isArray(args) && typeof args[0] === 'string' && COMPREHENSIONS.has(args[0])) {
      if (inside) return `${args[0]}() inside ${inside}(): nested list macros cost the product of the lists' sizes; compute the inner result in a step instead`
      return walk(args[1], inside) ?? walk(args[2], args[0])
    }
    return walk(args, inside)
  }
  return walk(ast, null)
}

/**
 * How many copies of the data an expression can build, at most, in any of its values: `+` joins
 * strings and lists (each operand counts), literals gather, a map() body multiplies its collection.
 * CEL cannot loop, but it can copy — `[input.s].map(a, a + a + …)` chained three times made 27 MB
 * of a 1 KB string, and `input.l.map(a, input.l)` one copy of the list for every element — and an
 * expression runs in the console's own process.
 */
export const MAX_EXPRESSION_COPIES = 64
/** Functions and methods whose result is a number, a boolean or a small value, whatever they read. */
const SCALAR_CALLS = new Set(['size', 'has', 'int', 'uint', 'double', 'bool', 'matches', 'contains', 'startsWith', 'endsWith', 'duration', 'timestamp', 'type'])
const SCALAR_OPS = new Set(['-', '*', '/', '%', '-_', '!_', '==', '!=', '<', '<=', '>', '>=', 'in', '&&', '||', '!'])
const ACCESS_OPS = new Set(['.', '.?', '[]', '[?]'])

function copiesProblem(ast: unknown): string | null {
  let problem: string | null = null
  const refuse = (why: string) => {
    problem ??= why
    return Infinity
  }
  /** Copies of the data `node`'s value can hold; `bound`: the comprehension variables in scope and theirs. */
  const copies = (node: unknown, bound: ReadonlyMap<string, number>): number => {
    if (Array.isArray(node)) return node.reduce((sum: number, n) => sum + copies(n, bound), 0)
    if (node === null || typeof node !== 'object') return 0
    const { op, args } = node as { op?: string; args?: unknown }
    let n: number
    if (op === 'value') n = 0
    else if (op === 'id') n = typeof args === 'string' && bound.has(args) ? bound.get(args)! : 1
    else if (op && SCALAR_OPS.has(op)) {
      copies(args, bound) // (its operands are checked all the same)
      n = 0
    } else if (op && ACCESS_OPS.has(op) && Array.isArray(args)) {
      copies(args.slice(1), bound)
      n = copies(args[0], bound)
    } else if (op === '?:' && Array.isArray(args)) {
      copies(args[0], bound)
      n = Math.max(copies(args[1], bound), copies(args[2], bound))
    } else if (op === 'call' && Array.isArray(args) && typeof args[0] === 'string') {
      n = copies(args[1], bound)
      if (SCALAR_CALLS.has(args[0])) n = 0
    } else if (op === 'rcall' && Array.isArray(args) && typeof args[0] === 'string') {
      const [name, receiver, callArgs] = args as [string, unknown, unknown[]]
      const of = copies(receiver, bound)
      const variable = (callArgs[0] as { op?: string; args?: unknown } | undefined)?.args
      if (COMPREHENSIONS.has(name) && typeof variable === 'string') {
        const body = callArgs.at(-1)
        for (const predicate of callArgs.slice(1, -1)) copies(predicate, new Map([...bound, [variable, of]]))
        if (name !== 'map') {
          copies(body, new Map([...bound, [variable, of]]))
          n = name === 'filter' ? of : 0
        } else {
          // What the body adds of its own (data outside its element) comes again for every element.
          const outside = copies(body, new Map([...bound, [variable, 0]]))
          const perElement = copies(body, new Map([...bound, [variable, 1]])) - outside
          n =
            outside > 0
              ? refuse('map() keeps data besides its element in what it makes of each (one more copy of it for every element); read that outside map(), or in a step')
              : perElement * of
        }
      } else {
        n = of + copies(callArgs, bound)
        if (SCALAR_CALLS.has(name)) n = 0
      }
    } else n = copies(args, bound) // '+', list and map literals, anything else: what they gather
    if (n > MAX_EXPRESSION_COPIES && n !== Infinity)
      return refuse(`it can build more than ${MAX_EXPRESSION_COPIES} copies of the data it reads (joining them with +, or gathering them in lists, maps or map())`)
    return n
  }
  copies(ast, new Map())
  return problem
}

/** Parses and checks an expression once; throws with the reason when it cannot be used. */
export function compileExpression(text: string): CompiledExpression {
  const problem = expressionProblem(text)
  if (problem) throw new Error(problem)
  const run = environment.parse(text)
  const steps = referencedSteps(text)
  const reads = readVariables(run.ast)
  return {
    text,
    steps,
    evaluate(scope) {
      // Only the outputs it reads are converted: a condition late in a 1,000-step batch reads a few.
      const read: Record<string, { outputData: unknown }> = {}
      for (const id of steps) if (scope.__steps__[id]) read[id] = scope.__steps__[id]!
      // Only what it reads is weighed, copied and converted: a fan-out child's `item.id` reads
      // its element, not the list in `input` it came from (copied for every child, that was quadratic).
      const data = {
        __steps__: read,
        __context__: reads.has('__context__') ? scope.__context__ : {},
        input: reads.has('input') ? scope.input : {},
        item: reads.has('item') ? (scope.item ?? null) : null,
      }
      // Over large data, on the expression thread: see evaluateIsolated.
      if (heavierThan(data, INLINE_WEIGHT)) return evaluateIsolated(text, data)
      const outputs: Record<string, unknown> = {}
      for (const id in read) outputs[id] = { outputData: toCel(read[id]!.outputData) }
      return fromCel(run({ __steps__: outputs, __context__: toCel(data.__context__), input: toCel(data.input), item: toCel(data.item) }))
    },
  }
}

/** Which of the variables an expression names anywhere (a macro's own variable of the same name counts too: harmless). */
function readVariables(ast: unknown): ReadonlySet<string> {
  const found = new Set<string>()
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (node === null || typeof node !== 'object') return
    const { op, args } = node as { op?: string; args?: unknown }
    if (op === 'id' && typeof args === 'string') found.add(args)
    else walk(args)
  }
  walk(ast)
  return found
}

/** `__steps__.verify…`, `__steps__["verify"]…`, `__steps__.?verify…`, `has(__steps__.verify)`. */
function referencedSteps(text: string): string[] {
  const found = new Set<string>()
  for (const m of text.matchAll(/__steps__\s*(?:\.\??\s*([A-Za-z_][\w]*)|\[\??\s*(?:"([^"]+)"|'([^']+)')\s*\])/g)) found.add((m[1] ?? m[2] ?? m[3])!)
  return [...found]
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .split('\n')[0]!
    .trim()
}

/**
 * Data an expression reads up to this weight (list elements, map entries and string characters)
 * it evaluates here: at worst it walks it once per element of it, 20 ms (measured: a filter with
 * `in` over two lists of 1,000 took 8 ms; a join of a 1,000-character string by itself, 18 ms).
 * Heavier, on the expression thread.
 */
export const INLINE_WEIGHT = 1_000
/**
 * How long an expression over large data may take: past it, its step fails and the thread is
 * ended. Time on the clock, so it leaves room for a busy machine: a filter over 50,000 objects took
 * 130–190 ms there, its copy to the thread included, and a map() over 300,000 up to 515 ms under load.
 */
export const EXPRESSION_DEADLINE_MS = 1_000

/** Whether data holds more than `limit` list elements, map entries and string characters (it stops counting there). */
function heavierThan(value: unknown, limit: number): boolean {
  let left = limit
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') return (left -= v.length) < 0
    if (Array.isArray(v)) {
      if ((left -= v.length) < 0) return true
      for (const x of v) if (walk(x)) return true
      return false
    }
    if (v !== null && typeof v === 'object') {
      for (const key in v) if (--left < 0 || walk((v as Record<string, unknown>)[key])) return true
    }
    return false
  }
  return walk(value)
}
/** How long the expression thread may take to start (it loads the CEL library). */
const THREAD_START_MS = 3_000
/** A thread that could not start is not tried again for this long (each try would block that long). */
const THREAD_RETRY_MS = 60_000
let threadFailed: { at: number; why: string } | undefined
/** The largest value an expression gives, in characters of JSON. */
export const MAX_EXPRESSION_RESULT_CHARS = 1_000_000

interface ExpressionThread {
  worker: Worker
  port: MessagePort
  /** 2 once it has started; 0 while it works on an expression, 1 when it has answered. */
  signal: Int32Array
  sent: number
}
type MessagePort = InstanceType<typeof MessageChannel>['port1']
let thread: ExpressionThread | undefined

function expressionThread(): ExpressionThread {
  if (thread) return thread
  if (threadFailed && Date.now() - threadFailed.at < THREAD_RETRY_MS) throw new Error(threadFailed.why)
  // Loaded at run time from the working directory (never bundled), as the PostgreSQL thread is.
  const file = resolve(/*turbopackIgnore: true*/ process.cwd(), 'src/server/domain/expression-thread.mjs')
  if (!existsSync(file)) {
    threadFailed = { at: Date.now(), why: `its data is too large to evaluate here, and the expression thread is missing (${file}: the console runs from the project's folder)` }
    throw new Error(threadFailed.why)
  }
  const signal = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(file, {
    workerData: { port: port2, signal, maxResultChars: MAX_EXPRESSION_RESULT_CHARS },
    transferList: [port2],
    // No resourceLimits: past them V8 may end the whole process, not the thread (seen: a fatal
    // out-of-memory at 390 MB under a 256 MB limit). What an expression can build is bounded when
    // it is registered instead (copiesProblem, joinProblem).
    execArgv: [],
  })
  worker.unref()
  port1.unref()
  const gone = () => {
    if (thread?.worker === worker) thread = undefined
  }
  worker.on('error', gone)
  worker.on('exit', gone)
  const started = (thread = { worker, port: port1, signal, sent: 0 })
  const deadline = Date.now() + THREAD_START_MS
  while (Atomics.load(signal, 0) !== 2) {
    const left = deadline - Date.now()
    if (left <= 0) {
      endThread(started)
      threadFailed = { at: Date.now(), why: `its data is too large to evaluate here, and the expression thread did not start within ${THREAD_START_MS / 1000} s` }
      throw new Error(threadFailed.why)
    }
    Atomics.wait(signal, 0, 0, left)
  }
  return started
}

function endThread(t: ExpressionThread) {
  if (thread === t) thread = undefined
  t.port.close()
  void t.worker.terminate()
}

/**
 * Evaluates an expression on the expression thread, synchronously (a step's condition or input is
 * decided inside the engine's change), within EXPRESSION_DEADLINE_MS. CEL cannot loop, but over
 * data it can walk a list once for every element of another (`a.filter(x, x in b)`) or build a
 * string the square of its input (`s.split("").join(s)`): on 40,000-element lists that held the
 * console 16 s. Here it costs at most the deadline, and a value past the thread's heap ends the
 * thread, not the console.
 */
function evaluateIsolated(text: string, scope: ExpressionScope): unknown {
  const t = expressionThread()
  const id = ++t.sent
  Atomics.store(t.signal, 0, 0)
  t.port.postMessage({ id, text, scope })
  const deadline = Date.now() + EXPRESSION_DEADLINE_MS
  while (Atomics.load(t.signal, 0) === 0) {
    const left = deadline - Date.now()
    if (left <= 0) {
      endThread(t)
      throw new Error(
        `it took longer than ${EXPRESSION_DEADLINE_MS} ms over this run's data (it walks a list once for each element of another, or builds a string or list that large): compute that in a task step instead`,
      )
    }
    Atomics.wait(t.signal, 0, 0, left)
  }
  const answer = receiveMessageOnPort(t.port)?.message as { id: number; value?: unknown; error?: string } | undefined
  if (!answer || answer.id !== id) {
    endThread(t)
    throw new Error('the expression thread answered out of turn')
  }
  if (answer.error !== undefined) throw new Error(answer.error)
  return answer.value
}
