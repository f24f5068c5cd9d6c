// Which schema a start's input is checked against, in a line.
import type { LaunchForm } from '@/server/domain/contracts'

export function SchemaNote({ form }: { form: Pick<LaunchForm, 'id' | 'schemaSource' | 'schemaTask' | 'service' | 'description'> }) {
  return (
    <p className="text-xs text-slate-600 dark:text-slate-300">
      {form.id}
      {form.service ? ` · service ${form.service}` : ''} ·{' '}
      {form.schemaSource === 'workflow'
        ? "input checked against the workflow's input schema"
        : form.schemaSource === 'task'
          ? `input checked against its first task's input schema (${form.schemaTask})`
          : 'no input schema: any JSON object is accepted'}
      {form.description ? ` · ${form.description}` : ''}
    </p>
  )
}
