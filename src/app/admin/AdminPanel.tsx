'use client'
// Users (with their role and organisations) and API keys (shown once, revocable).
import { useState, type FormEvent } from 'react'
import { api } from '@/trpc/react'
import { RelativeTime } from '@/components/ui/RelativeTime'
import { ConfirmDialog } from '@/components/ui/ConfirmDialog'

const input = 'rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900'
/** A form field with its label above it; the whole width on a phone. (A select's label is its own element, for=: wrapped, a select's name also took its chosen option.) */
const field = 'flex flex-col gap-1 max-sm:w-full [&>input]:max-sm:w-full [&>select]:max-sm:w-full'
const button = 'rounded bg-slate-800 px-3 py-1 text-sm text-white disabled:opacity-50 dark:bg-slate-200 dark:text-slate-900'
/** Tables as the console's others: a small muted header, rows ruled, cells padded; on a phone each row a card (stack-table). */
const scroller = 'relative overflow-x-auto'
const th = 'whitespace-nowrap px-2 py-1 text-xs font-medium uppercase text-slate-500 dark:text-slate-400'
const td = 'px-2 py-1'
const row = 'border-t border-slate-200 dark:border-slate-800'
/** A row the URL points at (/admin#user-…, /admin#key-…, the audit page's links) stands out. */
const anchored = 'scroll-mt-16 target:bg-amber-100 dark:target:bg-amber-900/50'

/** `organizations`: the admin's own, by name, the one providing the most services first (the pickers' default); `me`: the admin (not removable here). */
export function AdminPanel({ organizations: named, me }: { organizations: { id: string; name: string }[]; me: string }) {
  const organizations = named.map((o) => o.id)
  const nameOf = (id: string) => named.find((o) => o.id === id)?.name ?? id
  const utils = api.useUtils()
  const users = api.users.list.useQuery()
  const keys = api.apiKeys.list.useQuery()
  const [error, setError] = useState<string | null>(null)
  const [newKey, setNewKey] = useState<string | null>(null)
  const onError = (e: { message: string }) => setError(e.message)
  const createUser = api.users.create.useMutation({ onSuccess: () => (setError(null), utils.users.list.invalidate()), onError })
  const setRole = api.users.setRole.useMutation({ onSuccess: () => utils.users.list.invalidate(), onError })
  const createKey = api.apiKeys.create.useMutation({ onSuccess: (k) => (setError(null), setNewKey(k.key), utils.apiKeys.list.invalidate()), onError })
  const revoke = api.apiKeys.revoke.useMutation({ onSuccess: () => utils.apiKeys.list.invalidate(), onError })
  const setOrganizations = api.users.setOrganizations.useMutation({ onSuccess: () => utils.users.list.invalidate(), onError })
  const removeUser = api.users.remove.useMutation({ onSuccess: () => (setError(null), utils.users.list.invalidate()), onError })
  const [archived, setArchived] = useState<string | null>(null)
  const archive = api.retention.archiveLogs.useMutation({ onSuccess: (m) => setArchived(`${m.lines} lines of ${m.executions} executions archived`), onError })

  const addUser = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    createUser.mutate({
      email: String(f.get('email')),
      name: String(f.get('name')),
      password: String(f.get('password')),
      role: f.get('role') as 'viewer' | 'operator' | 'admin',
      organizations: f.getAll('organizations').map(String),
    })
  }
  const addKey = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    createKey.mutate({ name: String(f.get('name')), organizationId: String(f.get('organizationId')), scope: f.get('scope') as 'read' | 'write' | 'worker' })
  }

  return (
    <div className="flex flex-col gap-8">
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <section aria-labelledby="users-title" className="flex flex-col gap-3">
        <h1 id="users-title" className="text-lg font-semibold">
          Users
        </h1>
        <div className={scroller}>
          <table className="stack-table w-full text-sm">
            <thead>
              <tr className="text-left">
                <th className={th}>Email</th>
                <th className={th}>Name</th>
                <th className={th}>Role</th>
                <th className={th}>Organisations</th>
                <th className={th}>
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data?.map((u) => (
                <tr key={u.id} id={`user-${u.id}`} className={`${row} ${anchored}`}>
                  <td className={`${td} font-medium sm:font-normal`} id={`email-of-${u.id}`}>
                    {u.email}
                  </td>
                  <td className={td} data-label="Name">
                    {u.name}
                  </td>
                  <td className={td} data-label="Role">
                    <select aria-label={`role of ${u.email}`} value={u.role} className={input} onChange={(e) => setRole.mutate({ id: u.id, role: e.target.value as 'viewer' })}>
                      <option>viewer</option>
                      <option>operator</option>
                      <option>admin</option>
                    </select>
                  </td>
                  <td className={td} data-label="Organisations">
                    <select
                      aria-label={`organisations of ${u.email}`}
                      multiple
                      value={u.organizations.filter((o) => organizations.includes(o))}
                      className={input}
                      onChange={(e) => setOrganizations.mutate({ id: u.id, organizations: [...e.target.selectedOptions].map((o) => o.value) })}
                    >
                      {named.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                    </select>
                    {u.organizations.some((o) => !organizations.includes(o)) && <span className="text-xs"> (and others not yours)</span>}
                  </td>
                  <td className={td}>
                    {u.id !== me && (
                      <ConfirmDialog
                        trigger={
                          // (Named "Remove", described by the row's email: the email names its own cell alone.)
                          <button type="button" className="underline" aria-describedby={`email-of-${u.id}`}>
                            Remove
                          </button>
                        }
                        title={`Remove ${u.email}?`}
                        description="They leave your organisations. If they belong to no other, their account is deleted: signed out at once and unable to sign in. Their name stays in the audit trail."
                        confirmLabel="Remove user"
                        onConfirm={() => removeUser.mutateAsync({ id: u.id })}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form onSubmit={addUser} className="flex flex-wrap items-end gap-3 text-sm" aria-label="add a user">
          <label className={field}>
            Email
            <input name="email" type="email" required autoComplete="off" className={input} />
          </label>
          <label className={field}>
            Name
            <input name="name" required autoComplete="off" className={input} />
          </label>
          <label className={field}>
            Password (at least 8 characters)
            <input name="password" type="password" required minLength={8} autoComplete="new-password" className={input} />
          </label>
          <div className={field}>
            <label htmlFor="new-user-role">Role</label>
            <select id="new-user-role" name="role" className={input} defaultValue="viewer">
              <option>viewer</option>
              <option>operator</option>
              <option>admin</option>
            </select>
          </div>
          <div className={field}>
            <label htmlFor="new-user-organisations">Organisations</label>
            <select id="new-user-organisations" name="organizations" multiple aria-describedby="organisations-hint" className={input}>
              {named.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            <span id="organisations-hint" className="text-xs text-slate-600 dark:text-slate-400">
              Ctrl or ⌘ to choose several
            </span>
          </div>
          <button type="submit" className={button} disabled={createUser.isPending}>
            Add user
          </button>
        </form>
      </section>

      <section aria-labelledby="retention-title" className="flex flex-col gap-3">
        <h2 id="retention-title" className="text-lg font-semibold">
          Log retention
        </h2>
        <form
          className="flex flex-wrap items-end gap-2 text-sm"
          aria-label="archive old logs"
          onSubmit={(e) => {
            e.preventDefault()
            archive.mutate({ olderThanDays: Number(new FormData(e.currentTarget).get('days')) })
          }}
        >
          <label className="flex items-center gap-2">
            Archive log lines older than
            <input name="days" type="number" min={1} max={3650} defaultValue={30} className={`${input} w-20`} />
            days
          </label>
          <button type="submit" className={button} disabled={archive.isPending}>
            Archive now
          </button>
          {archived && <span role="status">{archived} (still readable through the logs API)</span>}
        </form>
      </section>

      <section aria-labelledby="keys-title" className="flex flex-col gap-3">
        <h2 id="keys-title" className="text-lg font-semibold">
          API keys
        </h2>
        {newKey && (
          <p className="rounded border border-amber-400 p-2 text-sm" role="status">
            New key (shown once, copy it now): <code className="break-all">{newKey}</code>
          </p>
        )}
        <div className={scroller}>
          <table className="stack-table w-full text-sm">
            <thead>
              <tr className="text-left">
                <th className={th}>Name</th>
                <th className={th}>Key</th>
                <th className={th}>Organisation</th>
                <th className={th}>Scope</th>
                <th className={th}>Last used</th>
                <th className={th}>Status</th>
              </tr>
            </thead>
            <tbody>
              {keys.data?.map((k) => (
                <tr key={k.id} id={`key-${k.id}`} className={`${row} ${anchored}`}>
                  <td className={`${td} font-medium sm:font-normal`}>{k.name}</td>
                  <td className={td} data-label="Key">
                    <code className="whitespace-nowrap">{k.prefix}…</code>
                  </td>
                  <td className={td} data-label="Organisation">
                    <span title={k.organizationId}>{nameOf(k.organizationId)}</span>
                  </td>
                  <td className={td} data-label="Scope">
                    {k.scope}
                  </td>
                  <td className={td} data-label="Last used">
                    {k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt} /> : 'never'}
                  </td>
                  <td className={td} data-label="Status">
                    {k.revokedAt ? (
                      <>
                        revoked <RelativeTime iso={k.revokedAt} />
                      </>
                    ) : (
                      <ConfirmDialog
                        trigger={
                          <button type="button" className="underline">
                            Revoke<span className="sr-only"> key {k.name}</span>
                          </button>
                        }
                        title={`Revoke key "${k.name}"?`}
                        description="Whatever uses it (workers, scripts) is refused from the next request on. This cannot be undone: create a new key instead."
                        confirmLabel="Revoke key"
                        onConfirm={() => revoke.mutateAsync({ id: k.id })}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form onSubmit={addKey} className="flex flex-wrap items-end gap-3 text-sm" aria-label="create an API key">
          <label className={field}>
            Key name
            <input name="name" required autoComplete="off" className={input} />
          </label>
          <div className={field}>
            <label htmlFor="new-key-organisation">Organisation</label>
            <select id="new-key-organisation" name="organizationId" className={input} defaultValue={named[0]?.id}>
              {named.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className={field}>
            <label htmlFor="new-key-scope">Scope</label>
            <select id="new-key-scope" name="scope" className={input} defaultValue="write">
              <option>read</option>
              <option>write</option>
              <option value="worker">worker (runs tasks: docs/workers.md)</option>
            </select>
          </div>
          <button type="submit" className={button} disabled={createKey.isPending}>
            Create key
          </button>
        </form>
      </section>
    </div>
  )
}
