// Workflow templates and task definitions as data (seeds 003 and 004): what is refused and why,
// each reason naming the step; CEL expressions over __steps__, __context__ and input; JSON Schemas.
import { describe, expect, it } from 'vitest'
import { compileExpression, expressionProblem } from '@/server/domain/expressions'
import { compileTemplate } from '@/server/engine/templates'
import { MAX_DEFAULT_RESULT_CHARS, resultOf } from '@/server/engine/definitions'
import { compileJsonSchema, jsonSchemaProblem, schemaErrors } from '@/server/domain/json-schema'
import { calculateRetryDelay } from '@/server/domain/retry'
import { retryPolicyOf, taskDefinitionInputSchema, templateProblems, withTaskDefaults, workflowTemplateInputSchema } from '@/server/domain/templates'

const refs = {
  taskVersions: (task: string) => ({ 'send-email': ['1.0.0', '1.2.0', '2.0.0'], enrich: ['0.1.0'] })[task] ?? [],
  workflowExists: (w: string) => w === 'research-one',
}
const template = (steps: unknown[], extra: Record<string, unknown> = {}) =>
  workflowTemplateInputSchema.parse({ id: 'onboarding', name: 'Onboarding', service: 'sdr-service', steps, ...extra })
const problems = (steps: unknown[]) => templateProblems(template(steps), refs)

describe('workflow template validation', () => {
  it('takes a valid template: task steps, a human step, a fan-out and a wait, with expressions over earlier steps', () => {
    expect(
      problems([
        { id: 'enrich', type: 'task', task: 'enrich', input: { email: 'input.email' } },
        { id: 'verify', type: 'human', dueIn: 3_600_000, assignee: { type: 'human', name: 'Reviewer' } },
        { id: 'email', type: 'task', task: 'send-email', taskVersion: '^1.0.0', condition: '__steps__.verify.outputData.approved == true', dependsOn: ['verify'] },
        {
          id: 'research',
          type: 'sys.sub_workflow',
          workflow: 'research-one',
          forEach: '__steps__.enrich.outputData.companies',
          childInput: '{"company": item}',
          dependsOn: ['enrich'],
        },
        { id: 'cool-off', type: 'sys.wait', duration: 1000, activation: '__context__.tier != "free"', dependsOn: ['email', 'research'] },
      ]),
    ).toEqual([])
  })

  it('refuses duplicate ids, unknown types and references, naming the step', () => {
    expect(() => template([{ id: 'a', type: 'script' }])).toThrow(/type/)
    const found = problems([
      { id: 'a', type: 'task', task: 'enrich' },
      { id: 'a', type: 'task', task: 'no-such-task' },
      { id: 'c', type: 'task', task: 'send-email', taskVersion: '^3.0.0', dependsOn: ['ghost'] },
      { id: 'd', type: 'sys.sub_workflow', workflow: 'nowhere' },
      { id: 'e', type: 'sys.wait' },
      { id: 'f', type: 'human', task: 'enrich' },
    ])
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'steps[1] (a).id', message: `step id "a" is also steps[0]'s; step ids must be unique` },
        { path: 'steps[1] (a).task', message: 'no task definition "no-such-task" in this organisation; register it first' },
        { path: 'steps[2] (c).taskVersion', message: 'no version of task "send-email" satisfies "^3.0.0" (registered: 1.0.0, 1.2.0, 2.0.0)' },
        { path: 'steps[2] (c).dependsOn[0]', message: 'no step "ghost" in this template' },
        { path: 'steps[3] (d).workflow', message: 'no workflow "nowhere"; register it first' },
        { path: 'steps[4] (e).duration', message: 'a sys.wait step says how long it waits (duration, ms)' },
        { path: 'steps[5] (f).task', message: 'task does not apply to a human step' },
      ]),
    )
  })

  it('refuses an input mapping that names "__proto__" rather than dropping it', () => {
    const sent = JSON.parse('[{ "id": "a", "type": "task", "task": "enrich", "input": { "__proto__": "input.x", "email": "input.email" } }]')
    const parsed = workflowTemplateInputSchema.safeParse({ id: 'onboarding', name: 'Onboarding', service: 'sdr-service', steps: sent })
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['steps', 0, 'input', '__proto__'], message: expect.stringContaining('cannot be a field name') })])
  })

  it('refuses a cycle, naming its steps in order', () => {
    const found = problems([
      { id: 'a', type: 'task', task: 'enrich', dependsOn: ['c'] },
      { id: 'b', type: 'task', task: 'enrich', dependsOn: ['a'] },
      { id: 'c', type: 'task', task: 'enrich', dependsOn: ['b'] },
    ])
    expect(found).toHaveLength(1)
    expect(found[0]!.message).toMatch(/cycle: (a → b → c → a|b → c → a → b|c → a → b → c)/)
  })

  it('refuses expressions that do not parse, read unknown names, or read a step that does not finish first', () => {
    const found = problems([
      { id: 'a', type: 'task', task: 'enrich', condition: '__steps__.a.outputData.ok &&' },
      { id: 'b', type: 'task', task: 'enrich', condition: 'secrets.token == "x"', dependsOn: [] },
      { id: 'c', type: 'task', task: 'enrich', input: { x: '__steps__.d.outputData.x' }, dependsOn: ['a'] },
      { id: 'd', type: 'task', task: 'enrich', activation: '__steps__.ghost.outputData.on', dependsOn: ['a'] },
      { id: 'e', type: 'task', task: 'enrich', condition: 'item.enabled' },
    ])
    const byPath = Object.fromEntries(found.map((p) => [p.path, p.message]))
    expect(byPath['steps[0] (a).condition']).toMatch(/^expression does not parse: /)
    expect(byPath['steps[1] (b).condition']).toMatch(/^expression does not parse: Unknown variable: secrets/)
    expect(byPath['steps[2] (c).input.x']).toBe('reads __steps__.d, which does not finish before this step (add it to dependsOn)')
    expect(byPath['steps[3] (d).activation']).toBe('reads __steps__.ghost, but the template has no step "ghost"')
    expect(byPath['steps[4] (e).condition']).toBe("`item` is only defined in a sys.sub_workflow step's childInput")
  })
})

describe('CEL expressions', () => {
  const scope = {
    __steps__: { verify: { outputData: { verified: true, score: 7, tags: ['a', 'b'] } } },
    __context__: { tier: 'gold', limit: 2.5 },
    input: { email: 'ada@example.com' },
  }
  it('reads outputs, context and input; whole numbers behave as integers and come back as numbers', () => {
    expect(compileExpression('__steps__.verify.outputData.verified && __context__.tier == "gold"').evaluate(scope)).toBe(true)
    expect(compileExpression('__steps__.verify.outputData.score * 2').evaluate(scope)).toBe(14)
    expect(compileExpression('__steps__.verify.outputData.score > __context__.limit').evaluate(scope)).toBe(true)
    expect(compileExpression('{"to": input.email, "count": size(__steps__.verify.outputData.tags)}').evaluate(scope)).toEqual({ to: 'ada@example.com', count: 2 })
    expect(compileExpression('has(__steps__.missing) ? 1 : 0').evaluate(scope)).toBe(0)
    expect(compileExpression('__steps__.?missing.outputData.orValue(false)').evaluate(scope)).toBe(false)
  })
  it('names what reads which step, and refuses what would run as code or never end', () => {
    expect(compileExpression('__steps__.a.outputData.x + __steps__["b-2"].outputData.y').steps).toEqual(['a', 'b-2'])
    expect(expressionProblem('constructor.constructor("return process")()')).toMatch(/Unknown variable|Unexpected|not/i)
    expect(expressionProblem('x'.repeat(5_000))).toBe('longer than 4000 characters')
    expect(expressionProblem(Array.from({ length: 1_500 }, () => '1').join('+'))).toMatch(/AST|nodes|limit/i)
    expect(expressionProblem(`${'['.repeat(80)}1${']'.repeat(80)}`)).toMatch(/depth|limit/i)
    // List macros chain, but do not nest: nested, one input of a few hundred items stalled the console.
    expect(expressionProblem('input.xs.all(a, input.xs.all(b, a + b >= 0))')).toMatch(/^all\(\) inside all\(\): nested list macros/)
    expect(expressionProblem('input.xs.exists(a, input.ys.map(y, y).size() > 0)')).toMatch(/map\(\) inside exists\(\)/)
    expect(expressionProblem('input.xs.map(x, x * 2).filter(x, x > 2).size() > 0')).toBeNull()
  })

  it('refuses a matches() pattern that could stall the console on a run’s data (ReDoS), or one taken from data', () => {
    expect(expressionProblem('input.s.matches("^(a+)+$")')).toMatch(/^matches\(\): pattern "\^\(a\+\)\+\$" can take exponential time on some inputs \(ReDoS\)/)
    expect(expressionProblem('[input.s].exists(x, x.matches("(x+x+)+y"))')).toMatch(/^matches\(\): .*exponential time/)
    expect(expressionProblem('input.s.matches(input.p)')).toMatch(/^matches\(\) takes its pattern as a string literal/)
    expect(expressionProblem('input.s.matches("(")')).toMatch(/^matches\(\): pattern "\(" is not a usable regular expression/)
    expect(expressionProblem('input.email.matches("^[a-z]+@[a-z]+\\\\.com$")')).toBeNull()
    expect(compileExpression('input.s.matches("^[a-z]+$")').evaluate({ input: { s: 'abc' }, __steps__: {}, __context__: {} })).toBe(true)
  })

  it('refuses what would copy its data over and over in the console’s memory, and takes what reads it', () => {
    const joined = (v: string, n: number) => Array.from({ length: n }, () => v).join(' + ')
    // Chained, each map() multiplies the last: 30 × 30 × 30 copies made 27 MB of a 1 KB string.
    expect(expressionProblem(`[input.s].map(a, ${joined('a', 10)}).map(b, ${joined('b', 10)})`)).toBe(
      'it can build more than 64 copies of the data it reads (joining them with +, or gathering them in lists, maps or map())',
    )
    expect(expressionProblem(joined('input.l', 65))).toMatch(/^it can build more than 64 copies/)
    expect(expressionProblem(`input.l.filter(x, (${joined('input.l', 65)}).size() > 0)`)).toMatch(/^it can build more than 64 copies/)
    // One copy of the list for every element: quadratic in the input.
    expect(expressionProblem('input.l.map(a, input.l)')).toMatch(/^map\(\) keeps data besides its element in what it makes of each/)
    expect(expressionProblem('input.l.map(x, {"id": x, "owner": input.owner})')).toMatch(/^map\(\) keeps data besides its element/)
    for (const fine of [
      joined('input.l', 64),
      'input.l.map(x, x * input.factor)',
      'input.l.map(x, {"id": x.id, "name": x.name})',
      'input.l.filter(x, x > input.threshold)',
      '{"a": input.a, "b": input.b, "c": __context__.c}',
      'input.c ? input.a : input.b',
      '__steps__.s.outputData.items.map(i, i.name)',
    ])
      expect(expressionProblem(fine), fine).toBeNull()
  })

  it('evaluates over large data on a thread of its own, within a deadline, so no run’s data holds the console', async () => {
    const scope = (input: Record<string, unknown>) => ({ input, __steps__: {}, __context__: {} })
    // A list walked once for every element of another: 40,000 × 40,000 held the console 16 s.
    const quadratic = compileExpression('input.a.filter(x, x in input.b).size()')
    const big = scope({ a: Array(40_000).fill(0), b: Array(40_000).fill(1) })
    let ticks = 0
    const ticking = setInterval(() => ticks++, 10)
    const t0 = performance.now()
    expect(() => quadratic.evaluate(big)).toThrow(/^it took longer than 1000 ms over this run's data/)
    const took = performance.now() - t0
    await new Promise((r) => setTimeout(r, 30))
    clearInterval(ticking)
    expect(ticks).toBeGreaterThan(0) // (the process goes on at once after it)
    expect(took).toBeLessThan(5_000) // (the deadline plus the copy of 80,000 elements to the thread, on a busy machine)
    // A string the square of its input is refused when the workflow is registered; a literal separator is linear.
    expect(expressionProblem('input.s.split("").join(input.s).size()')).toMatch(/^join\(\) takes its separator as a string literal/)
    expect(compileExpression('input.s.split("").join("-").size()').evaluate(scope({ s: 'x'.repeat(20_000) }))).toBe(39_999)
    // The thread survives its failures: the same expression over small data, here; over large data that it walks once, there.
    expect(quadratic.evaluate(scope({ a: [1, 2, 3], b: [2, 3] }))).toBe(2)
    const items = Array.from({ length: 20_000 }, (_, i) => ({ id: i, ok: i % 2 === 0 }))
    expect(compileExpression('input.items.filter(i, i.ok).size()').evaluate(scope({ items }))).toBe(10_000)
    expect(compileExpression('input.items.map(i, i.id)[19999]').evaluate(scope({ items }))).toBe(19_999)
    // A value past a million characters of JSON is refused by the thread, naming its size (two large strings: no time to speak of).
    const half = 'x'.repeat(600_000)
    expect(() => compileExpression('[input.a, input.b]').evaluate(scope({ a: half, b: half }))).toThrow(/^its value is 1200007 characters of JSON; at most 1000000 are taken/)
    // Only what it names is weighed: an item's id is read in place however large the input beside it.
    const child = compileExpression('item.id')
    expect(child.evaluate({ ...scope({ list: Array(100_000).fill({ id: 1 }) }), item: { id: 7 } })).toBe(7)
  })
})

describe("a workflow's result", () => {
  const compile = (template: object) =>
    compileTemplate({ id: 'wf_1', key: 'flow', version: 1, serviceId: 'sdr-service', organizationId: 'org', template: JSON.stringify(template) }, () => undefined, {
      now: () => new Date(),
    } as never)!
  const template = {
    id: 'flow',
    name: 'Flow',
    service: 'sdr-service',
    steps: [
      { id: 'a', type: 'sys.wait', duration: 1 },
      { id: 'b', type: 'sys.wait', duration: 1 },
    ],
  }

  it("is every step's output by default, unless that is too large to copy: then the outputs stay on the steps and the summary says so", () => {
    expect(resultOf(compile(template), { a: { outputData: { n: 1 } }, b: { outputData: 'two' } })).toEqual({
      success: true,
      output: { a: { n: 1 }, b: 'two' },
      summary: 'Flow: 2 of 2 steps completed',
    })
    const half = 'x'.repeat(MAX_DEFAULT_RESULT_CHARS / 2)
    const big = resultOf(compile(template), { a: { outputData: half }, b: { outputData: half } })
    expect(big.output).toBeNull()
    expect(big.summary).toMatch(
      /^Flow: 2 of 2 steps completed; its steps' outputs are more than 1000000 characters of JSON together, too many to copy into its result: they are on its steps/,
    )
    // An output expression picks what the result holds, whatever the steps' size.
    expect(resultOf(compile({ ...template, output: 'size(__steps__.a.outputData)' }), { a: { outputData: half }, b: { outputData: half } }).output).toBe(
      MAX_DEFAULT_RESULT_CHARS / 2,
    )
  })
})

describe('task definitions', () => {
  it('takes seed 003 fields, with defaults, and refuses a version that is not semantic or a schema that does not compile', () => {
    const parsed = withTaskDefaults(taskDefinitionInputSchema.parse({ id: 'send-email', version: '1.0.0', name: 'Send email', timeout: 30_000 }))
    expect(parsed).toMatchObject({ type: 'AUTOMATED', inputSchema: {}, outputSchema: {}, executionConfig: { executor: 'worker' } })
    const bad = taskDefinitionInputSchema.safeParse({ id: 'send-email', version: 'v1', name: 'x', timeout: 1, outputSchema: { type: 'nonsense' } })
    expect(bad.success).toBe(false)
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(messages).toEqual(
      expect.arrayContaining(['version: a semantic version such as 1.0.0 (MAJOR.MINOR.PATCH)', expect.stringMatching(/^outputSchema: not a usable JSON Schema: /)]),
    )
  })

  it('validates values against 2020-12 and draft-07 schemas, naming each field', () => {
    const validate = compileJsonSchema({
      type: 'object',
      required: ['to'],
      properties: { to: { type: 'string', format: 'email' }, count: { type: 'integer' } },
      additionalProperties: false,
    })
    expect(schemaErrors(validate, { to: 'ada@example.com', count: 2 })).toEqual([])
    expect(schemaErrors(validate, { to: 'not-an-email', count: 1.5, extra: 1 })).toEqual(
      expect.arrayContaining(['to: must match format "email"', 'count: must be integer', '(the value): must NOT have additional properties (extra)']),
    )
    expect(jsonSchemaProblem({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', definitions: { a: { type: 'string' } } })).toBeNull()
  })

  it('keeps no schema once its validator is gone, refused or not: registrations cannot fill the heap', async () => {
    const { setFlagsFromString } = await import('node:v8')
    const { runInNewContext } = await import('node:vm')
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const held: WeakRef<object>[] = []
    ;(() => {
      for (const schema of [{ type: 'object', properties: { a: { $id: 'https://a.example/s.json', type: 'string' } } }, { type: 'nonsense' }]) {
        held.push(new WeakRef(schema))
        jsonSchemaProblem(schema)
      }
    })()
    await new Promise((r) => setTimeout(r, 0))
    gc()
    expect(held.map((r) => r.deref() === undefined)).toEqual([true, true])
    // One organisation's nested $id is not another's to refer to.
    expect(jsonSchemaProblem({ $ref: 'https://a.example/s.json' })).toMatch(/can't resolve reference https:\/\/a.example\/s.json/)
    expect(jsonSchemaProblem({ type: 'nonsense' })).toMatch(/^schema is invalid: /)
  })

  it('refuses what would let one value stall the console: backtracking patterns, unbounded uniqueItems', () => {
    expect(jsonSchemaProblem({ properties: { s: { type: 'string', pattern: '^(a+)+$' } } })).toMatch(/properties\/s: pattern "\^\(a\+\)\+\$" can take exponential time/)
    expect(jsonSchemaProblem({ type: 'string', pattern: '^(a|a)*$' })).toMatch(/exponential time/)
    expect(jsonSchemaProblem({ patternProperties: { '^(x+x+)+y$': {} } })).toMatch(/exponential time/)
    expect(jsonSchemaProblem({ type: 'string', pattern: '^(foo|bar)+-[0-9]{3}$' })).toBeNull()
    expect(jsonSchemaProblem({ type: 'array', uniqueItems: true })).toMatch(/uniqueItems needs maxItems of at most 1000/)
    expect(jsonSchemaProblem({ type: 'array', uniqueItems: true, maxItems: 50 })).toBeNull()
    expect(jsonSchemaProblem({ enum: ['^(a+)+$'] })).toBeNull() // data, not a pattern
  })

  it('checks at most 100 patterns of one schema (the check blocks while it runs)', () => {
    const properties = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: 'string', pattern: `^x${i}-[a-z]+$` }]))
    expect(jsonSchemaProblem({ type: 'object', properties: properties(100) })).toBeNull()
    expect(jsonSchemaProblem({ type: 'object', properties: properties(101) })).toMatch(/more than 100 patterns in one schema/)
  })

  it('refuses a schema whose references apply exponentially many subschemas to one value, in a moment; a shared definition used a few times is fine', () => {
    // d_i is anyOf [d_{i-1}, d_{i-1}]: 2^24 subschemas for one value from 1.2 KB (a red-team pass: 23 levels held the console 17 s).
    const $defs: Record<string, unknown> = { d0: { type: 'string' } }
    for (let i = 1; i <= 24; i++) $defs[`d${i}`] = { anyOf: [{ $ref: `#/$defs/d${i - 1}` }, { $ref: `#/$defs/d${i - 1}` }] }
    expect(jsonSchemaProblem({ $defs, $ref: '#/$defs/d24' })).toMatch(
      /^\(the schema\): applies more than 1000 subschemas to one value \(through \$ref, allOf, anyOf, oneOf, not or if\)/,
    )
    // Five levels (32 applications), and a definition shared by many properties: taken.
    expect(jsonSchemaProblem({ $defs: Object.fromEntries(Object.entries($defs).slice(0, 6)), $ref: '#/$defs/d5' })).toBeNull()
    const email = { type: 'string', format: 'email' }
    expect(jsonSchemaProblem({ $defs: { email }, properties: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`e${i}`, { $ref: '#/$defs/email' }])) })).toBeNull()
  })

  it('refuses a schema no value could be checked against: a $ref cycle that never goes deeper, a pattern V8 cannot build', () => {
    const loop = { $defs: { a: { allOf: [{ $ref: '#/$defs/a' }] } }, properties: { x: { $ref: '#/$defs/a' } } }
    expect(jsonSchemaProblem(loop)).toMatch(/^\/\$defs\/a: refers back to itself \(\$ref\) without going into a property or item/)
    expect(jsonSchemaProblem({ $dynamicAnchor: 'x', $dynamicRef: '#x' })).toMatch(/refers back to itself/)
    expect(jsonSchemaProblem({ anyOf: [{ type: 'number' }, { $ref: '#/$defs/b' }], $defs: { b: { if: { $ref: '#/$defs/c' } }, c: { not: { $ref: '#/$defs/b' } } } })).toMatch(
      /refers back to itself/,
    )
    const tooManyGroups = '(a|b)'.repeat(5_000)
    expect(jsonSchemaProblem({ properties: { s: { type: 'string', pattern: tooManyGroups } } })).toMatch(
      /properties\/s: pattern "\(a\|b\).*" is not a usable regular expression \(.*\)/,
    )
    // Recursion through a property or an item goes deeper into the value each time: a tree is fine.
    const tree = { $defs: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } } }, $ref: '#/$defs/node' }
    expect(jsonSchemaProblem(tree)).toBeNull()
    expect(schemaErrors(compileJsonSchema(tree), { children: [{ children: [] }, { children: 1 }] })).toEqual(['children.1.children: must be array'])
    // One stored before these were refused fails the value, saying why, instead of throwing.
    expect(schemaErrors(compileJsonSchema(loop), { x: 1 })).toEqual([expect.stringMatching(/^\(the schema\): could not be applied \(Maximum call stack size exceeded\)/)])
  })

  it("maps seed 003's retry policy onto the engine's backoff", () => {
    const policy = retryPolicyOf({ maxRetries: 3, retryInterval: 1_000, backoffMultiplier: 3, maxRetryInterval: 5_000 })
    expect([1, 2, 3].map((n) => calculateRetryDelay(n, policy))).toEqual([1_000, 3_000, 5_000])
    expect(retryPolicyOf({ maxRetries: 2, retryInterval: 500, backoffMultiplier: 1 })).toMatchObject({ backoff: 'linear', initialDelay: 500 })
  })
})
