'use client'
// An input form drawn from a JSON Schema (schema-form.ts): a control per field — text, numbers
// with their bounds, checkboxes, selects for enums, JSON for the rest — required fields marked,
// defaults filled in, descriptions as hints; or the whole input as JSON ("Edit as JSON"). Each
// field's problem shows beside it before anything is sent; the server's refusal, when it
// refuses, shows beside the fields it names and whole above the button.
import { useMemo, useState, type ReactNode } from 'react'
import { boundsOf, draftOf, fieldsOf, inputOf, serverProblems, valuesOf, type Field, type Values } from './schema-form'

const INPUT = 'w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800'

export function SchemaForm({
  schema,
  initialInput,
  submitLabel,
  onSubmit,
  idPrefix,
  children,
}: {
  schema: unknown
  /** A replay's input; without it the defaults. */
  initialInput?: Record<string, unknown>
  submitLabel: string
  /** Sends the input; a throw is the server's refusal, shown here. */
  onSubmit: (input: Record<string, unknown>) => Promise<unknown>
  idPrefix: string
  /** Controls shown above the fields (a version). */
  children?: ReactNode
}) {
  const fields = useMemo(() => fieldsOf(schema), [schema])
  const [values, setValues] = useState<Values>(() => (fields ? valuesOf(fields, initialInput) : {}))
  // Fields of the input the form does not show (a replay's extras) stay as they were.
  const [base, setBase] = useState<Record<string, unknown>>(initialInput ?? {})
  const [asJson, setAsJson] = useState(fields === null)
  const [json, setJson] = useState(() => JSON.stringify(initialInput ?? (fields ? inputOf(fields, valuesOf(fields)).input : {}), null, 2))
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [jsonProblem, setJsonProblem] = useState<string | null>(null)
  const [refusal, setRefusal] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  /** The input as the form or the JSON says it, or why it cannot be sent. */
  const read = (): { input: Record<string, unknown> } | { problems: Record<string, string>; json?: string } => {
    if (asJson || !fields) {
      try {
        const parsed = JSON.parse(json) as unknown
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { problems: {}, json: 'the input must be a JSON object, e.g. { "company": "Acme" }' }
        return { input: parsed as Record<string, unknown> }
      } catch (error) {
        return { problems: {}, json: `not valid JSON: ${(error as Error).message}` }
      }
    }
    const { input, problems } = inputOf(fields, values, base)
    return Object.keys(problems).length ? { problems } : { input }
  }

  const toggleJson = (on: boolean) => {
    if (!fields) return
    if (on) {
      setJson(JSON.stringify(draftOf(fields, values, base), null, 2))
      setJsonProblem(null)
      setAsJson(true)
      return
    }
    const r = read()
    if (!('input' in r)) return setJsonProblem(r.json ?? null)
    setValues(valuesOf(fields, r.input))
    setBase(r.input)
    setAsJson(false)
  }

  const submit = async () => {
    setRefusal(null)
    const r = read()
    if (!('input' in r)) {
      setProblems(r.problems)
      setJsonProblem(r.json ?? null)
      return
    }
    setProblems({})
    setJsonProblem(null)
    setPending(true)
    try {
      await onSubmit(r.input)
    } catch (error) {
      const message = (error as Error).message
      setRefusal(message)
      if (fields) setProblems(serverProblems(message, fields))
    } finally {
      setPending(false)
    }
  }

  /** A field edited: its old problem goes (it is checked again when the form is sent). */
  const set = (name: string, raw: string | boolean) => {
    setValues((v) => ({ ...v, [name]: raw }))
    setProblems(({ [name]: _gone, ...rest }) => rest)
  }
  return (
    <form
      className="flex flex-col gap-3"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      {children}
      {fields && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={asJson} onChange={(e) => toggleJson(e.target.checked)} />
          Edit as JSON
        </label>
      )}
      {!fields && <p className="text-sm text-slate-600 dark:text-slate-300">No input schema to draw a form from: the input is any JSON object.</p>}
      {asJson || !fields ? (
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Input (JSON)</span>
          <textarea
            value={json}
            onChange={(e) => setJson(e.target.value)}
            rows={Math.min(16, Math.max(4, json.split('\n').length + 1))}
            spellCheck={false}
            aria-invalid={jsonProblem ? true : undefined}
            aria-describedby={jsonProblem ? `${idPrefix}-json-error` : undefined}
            className={`${INPUT} font-mono text-xs`}
          />
          {jsonProblem && (
            <span id={`${idPrefix}-json-error`} className="text-xs text-red-700 dark:text-red-300">
              {jsonProblem}
            </span>
          )}
        </label>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          {fields.map((f) => (
            <FieldControl key={f.name} field={f} value={values[f.name] ?? ''} problem={problems[f.name]} id={`${idPrefix}-${f.name}`} onChange={(raw) => set(f.name, raw)} />
          ))}
        </div>
      )}
      {refusal && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm break-words text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          Refused: {refusal}
        </p>
      )}
      <div>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-700 dark:hover:bg-slate-600"
        >
          {pending ? 'Working…' : submitLabel}
        </button>
      </div>
    </form>
  )
}

/** One field: its control, required mark, hint and problem. */
function FieldControl({
  field: f,
  value,
  problem,
  id,
  onChange,
}: {
  field: Field
  value: string | boolean
  problem?: string
  id: string
  onChange: (raw: string | boolean) => void
}) {
  const hint = [f.description, boundsOf(f)].filter(Boolean).join(' · ')
  const described = [hint ? `${id}-hint` : null, problem ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  const common = { id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': described, 'aria-required': f.required || undefined }
  const text = typeof value === 'string' ? value : ''
  return (
    <div className={`flex flex-col gap-1 text-sm ${f.kind === 'json' ? 'sm:col-span-2' : ''}`}>
      {f.kind === 'boolean' ? (
        <label htmlFor={id} className="flex items-center gap-2 font-medium">
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {f.label}
          {f.required && <Required />}
        </label>
      ) : (
        <label htmlFor={id} className="font-medium">
          {f.label}
          {f.required && <Required />}
          {f.kind === 'json' && <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">(JSON{f.jsonType ? ` ${f.jsonType}` : ''})</span>}
        </label>
      )}
      {f.kind === 'enum' ? (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)} className={INPUT}>
          <option value="">{f.required ? '— choose —' : '— none —'}</option>
          {f.options!.map((o, i) => (
            <option key={i} value={String(i)}>
              {typeof o === 'string' ? o : JSON.stringify(o)}
            </option>
          ))}
        </select>
      ) : f.kind === 'json' ? (
        <textarea {...common} value={text} onChange={(e) => onChange(e.target.value)} rows={3} spellCheck={false} className={`${INPUT} font-mono text-xs`} />
      ) : f.kind === 'number' || f.kind === 'integer' ? (
        <input
          {...common}
          type="number"
          inputMode={f.kind === 'integer' ? 'numeric' : 'decimal'}
          step={f.kind === 'integer' ? 1 : 'any'}
          min={f.minimum}
          max={f.maximum}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          className={INPUT}
        />
      ) : f.kind === 'string' ? (
        <input {...common} type="text" maxLength={f.maxLength} value={text} onChange={(e) => onChange(e.target.value)} className={INPUT} />
      ) : null}
      {hint && (
        <span id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </span>
      )}
      {problem && (
        <span id={`${id}-error`} className="text-xs text-red-700 dark:text-red-300">
          {f.label} {problem}
        </span>
      )}
    </div>
  )
}

const Required = () => (
  <span className="ml-0.5 text-red-700 dark:text-red-300" title="required">
    *<span className="sr-only"> (required)</span>
  </span>
)
