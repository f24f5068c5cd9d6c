// Who may do what: roles, API key scopes and organisations, as plain rules.
//
// A principal is whoever sends a request: a signed-in user (with a role) or an API key (with a
// scope). It sees an execution only when one of its organisations is the execution's customer
// or provider; anything else is answered as if it did not exist (404).

export const ROLES = ['viewer', 'operator', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const API_KEY_SCOPES = ['read', 'write', 'worker'] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]

/**
 * What a procedure needs: reading, operating executions (lifecycle, human steps, ingestion),
 * administering — or working: what a worker does (docs/workers.md: register, claim and report
 * tasks; log, metrics, progress, heartbeats and checkpoints of its executions), which operators
 * may do too and a worker-scope key may do and nothing else besides reading.
 */
export type Permission = 'read' | 'operate' | 'admin' | 'work'

export interface Principal {
  kind: 'user' | 'api-key'
  id: string
  /** The user's email or the key's name, for the audit trail. */
  name: string
  /** The highest of its roles (what the console shows it); see `roles` for each organisation's. */
  role: Role
  /** Every organisation it belongs to: it reads their executions. */
  organizations: readonly string[]
  /** Its role in each organisation, where that differs from `role`. */
  roles?: Readonly<Record<string, Role>>
  /** An API key's scope. */
  scope?: ApiKeyScope
  ip: string | null
  userAgent: string | null
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 }
const NEEDS: Record<Permission, Role> = { read: 'viewer', operate: 'operator', admin: 'admin', work: 'operator' }

/** A read key reads; a write key also reports and steers its executions; a worker key reads and works; no key administers. */
export const roleOfScope = (scope: ApiKeyScope): Role => (scope === 'write' ? 'operator' : 'viewer')

/** A worker key works (and reads) whatever its role says. */
const works = (principal: Pick<Principal, 'scope'>, need: Permission) => need === 'work' && principal.scope === 'worker'

export const allows = (principal: Pick<Principal, 'role' | 'scope'>, need: Permission): boolean => works(principal, need) || RANK[principal.role] >= RANK[NEEDS[need]]

/** The principal's role in one organisation. */
const roleIn = (principal: Pick<Principal, 'role' | 'roles'>, organization: string): Role => principal.roles?.[organization] ?? principal.role

/** The organisations in which its role allows `need`: an admin of A and viewer of B administers only A. */
export function organizationsAllowing(principal: Pick<Principal, 'role' | 'roles' | 'organizations' | 'scope'>, need: Permission): string[] {
  if (works(principal, need)) return [...principal.organizations]
  return principal.organizations.filter((o) => RANK[roleIn(principal, o)] >= RANK[NEEDS[need]])
}

/** The highest of several roles. */
export const highestRole = (roles: readonly Role[], fallback: Role): Role => roles.reduce<Role>((best, r) => (RANK[r] > RANK[best] ? r : best), roles.length ? 'viewer' : fallback)

/** What a key needs for each permission, said in scopes (a key has a scope, not a role). */
const KEY_NEEDS: Record<Permission, string> = {
  read: 'any API key',
  operate: 'a write-scope API key',
  work: 'a write-scope or worker-scope API key',
  admin: 'a signed-in admin: no API key administers',
}

export function refusal(principal: Pick<Principal, 'role' | 'kind' | 'scope'>, need: Permission): string {
  if (principal.kind === 'api-key')
    return `this API key (${principal.scope ?? (principal.role === 'operator' ? 'write' : 'read')} scope) may not do this: it needs ${KEY_NEEDS[need]}`
  return `your role (${principal.role}) may not do this: it needs the ${NEEDS[need]} role or higher${need === 'work' ? ', or a worker-scope API key' : ''}`
}

export interface Owners {
  customerId: string | null
  providerId: string | null
}

/** `organizations` undefined: the console's own (engine, runtime) — it sees everything. */
export function canSee(organizations: readonly string[] | undefined, owners: Owners): boolean {
  if (!organizations) return true
  return (owners.customerId !== null && organizations.includes(owners.customerId)) || (owners.providerId !== null && organizations.includes(owners.providerId))
}

/** The SQL condition on "Execution" for the same rule. */
export function visibleSql(organizations: readonly string[], table = ''): { sql: string; params: string[] } {
  if (!organizations.length) return { sql: '0', params: [] }
  const marks = organizations.map(() => '?').join(', ')
  const at = table ? `${table}.` : ''
  return { sql: `(${at}"customerId" IN (${marks}) OR ${at}"providerId" IN (${marks}))`, params: [...organizations, ...organizations] }
}

/**
 * A customer organisation is seen by its own people, by the provider that registered it, and by
 * the providers of the services it ordered (who see its orders and executions): the rule of
 * canSee, from the customer's side.
 */
export function canSeeCustomer(
  organizations: readonly string[] | undefined,
  customer: { id: string; registeredById: string | null; providersOfItsOrders: readonly string[] },
): boolean {
  if (!organizations) return true
  return (
    organizations.includes(customer.id) ||
    (customer.registeredById !== null && organizations.includes(customer.registeredById)) ||
    customer.providersOfItsOrders.some((p) => organizations.includes(p))
  )
}

/**
 * The SQL condition on "Organization" (as `table`) for the same rule. `ownWithoutOrders: false`
 * (a list of customers): one's own organisations only once they have ordered something.
 */
export function customerVisibleSql(organizations: readonly string[], table: string, options: { ownWithoutOrders?: boolean } = {}): { sql: string; params: string[] } {
  if (!organizations.length) return { sql: '0', params: [] }
  const marks = organizations.map(() => '?').join(', ')
  const own =
    options.ownWithoutOrders === false ? `EXISTS (SELECT 1 FROM "Order" o WHERE o."customerId" = ${table}."id" AND ${table}."id" IN (${marks}))` : `${table}."id" IN (${marks})`
  return {
    sql: `(${own} OR ${table}."registeredById" IN (${marks}) OR EXISTS (SELECT 1 FROM "Order" o JOIN "Service" s ON s."id" = o."serviceId" WHERE o."customerId" = ${table}."id" AND s."providerId" IN (${marks})) OR EXISTS (SELECT 1 FROM "Execution" x WHERE x."customerId" = ${table}."id" AND x."providerId" IN (${marks})))`,
    params: [...organizations, ...organizations, ...organizations, ...organizations],
  }
}

/**
 * The query that finds organisation `id` when these organisations may see it as a customer (all
 * of them: any that exists): one not theirs is as unknown as one that does not exist.
 */
export function customerKnownSql(id: string, organizations: readonly string[] | undefined): { sql: string; params: string[] } {
  const rule = organizations ? customerVisibleSql(organizations, 'c') : { sql: '1', params: [] }
  return { sql: `SELECT 1 AS hit FROM "Organization" c WHERE c."id" = ? AND ${rule.sql}`, params: [id, ...rule.params] }
}

/**
 * Whose a new execution or order is when its request names no customer: the requester's one
 * organisation; of several, the service's provider when it is one of them (a provider running its
 * own service); otherwise undefined, and the request must say. Never silently the first of several:
 * an admin of every organisation would file its runs under a customer, whose members and keys would
 * then see and steer them.
 */
export function defaultCustomerOf(organizations: readonly string[], providerId: string | null): string | undefined {
  if (organizations.length === 1) return organizations[0]
  if (providerId !== null && organizations.includes(providerId)) return providerId
  return undefined
}

/** The refusal of a request that names no customer where defaultCustomerOf finds none. */
export const severalCustomers = (organizations: readonly string[], what: string) =>
  `required, since you belong to several organisations (${organizations.join(', ')}) and none of them provides this service; name the one ${what} is for`

/** The refusal of a request that names no organisation, made by one that acts for several. */
export const severalOrganizations = (organizations: readonly string[]) =>
  `required, since you act for several organisations (${organizations.join(', ')}) and not one of them alone provides services; name the one it is for`
