// The thread that evaluates workflow expressions over large data (expressions.ts, evaluateIsolated):
// CEL cannot loop, but over data it can walk a list once per element of another or build a string
// the square of its input's size — seconds to minutes of the console's own thread. Here it has a
// deadline (the console gives up on it and ends the thread) and a heap of its own to run out of.
import { workerData } from 'node:worker_threads'
import { celEnvironment, fromCel, toCel } from './cel.mjs'

const { port, signal, maxResultChars } = workerData
const environment = celEnvironment()
/** Compiled expressions by text (a template's few, evaluated again at every run). */
const compiled = new Map()
// Started: the console waits for this once, so that no expression's deadline counts the start.
Atomics.store(signal, 0, 2)
Atomics.notify(signal, 0)

port.on('message', ({ id, text, scope }) => {
  let answer
  try {
    let run = compiled.get(text)
    if (!run) {
      if (compiled.size > 1_000) compiled.clear()
      compiled.set(text, (run = environment.parse(text)))
    }
    const value = fromCel(run({ __steps__: toCel(scope.__steps__), __context__: toCel(scope.__context__), input: toCel(scope.input), item: toCel(scope.item ?? null) }))
    const size = JSON.stringify(value ?? null).length
    answer = size > maxResultChars ? { id, error: `its value is ${size} characters of JSON; at most ${maxResultChars} are taken` } : { id, value }
  } catch (error) {
    answer = { id, error: String(error instanceof Error ? error.message : error) }
  }
  port.postMessage(answer)
  Atomics.store(signal, 0, 1)
  Atomics.notify(signal, 0)
})
