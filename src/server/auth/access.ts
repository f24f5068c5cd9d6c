// Who is asking: the principal of a request (a signed-in user or an API key), the users and
// API keys admins manage, the per-key rate limit, and the audit trail of views.
import { config } from '../config'
import { createHash, randomBytes } from 'node:crypto'
import { RateLimiterRes } from 'rate-limiter-flexible'
import { rateLimiter } from '../ops/redis'
import type { Redis as RedisClient } from 'ioredis'
import type { Db } from '../db/client'
import type { Reader } from '../db/reader'
import type { Writer } from '../db/writer'
import { allows, highestRole, organizationsAllowing, ROLES, refusal, roleOfScope, type ApiKeyScope, type Permission, type Principal, type Role } from '../domain/access'
import { badRequest, notFound, ServiceError } from '../services/errors'
import type { Actor } from '../domain/actor'
import { newId } from '../services/ids'
import { createBetterAuth, type BetterAuth } from './better-auth'
import { createSessionReader } from './session'
import { appendAudit, type AuditWho } from './audit'
import { auditActions, listAuditEntries } from './audit-trail'
import type { AuditQuery } from '../domain/schemas'
import { placeholders } from '../services/execution-sql'

const API_KEY_PREFIX = 'eck_'

export interface AccessDeps {
  db: Db
  writer: Writer
  reader: Reader
  /** Requests per second an API key may send (API_KEY_RATE_LIMIT, default 100). */
  apiKeyRate?: number
  /** Several processes (REDIS_URL): each key's budget is counted in Redis, across all of them. */
  redis?: RedisClient
  now?: () => Date
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** Reads of the same view within this long of the last are the same view (a live page refreshing). */
const VIEW_QUIET_MS = 5 * 60_000
/** A view that goes on without a pause is recorded again this often. */
const VIEW_REPEAT_MS = 60 * 60_000

/** The actor the write path records for a request, with its organisations and origin. */
export function actorOf(principal: Principal): Actor {
  return {
    type: principal.kind === 'api-key' ? 'api' : 'operator',
    id: principal.id,
    organizations: principal.organizations,
    source: { name: principal.name, ip: principal.ip, userAgent: principal.userAgent },
  }
}

/** Who the audit trail names for a principal's request. */
const auditWho = (principal: Principal): AuditWho => ({ type: actorOf(principal).type, id: principal.id, name: principal.name, ip: principal.ip, userAgent: principal.userAgent })

/** The token of an `Authorization: Bearer <token>` header (undefined for any other form). */
const bearerToken = (authorization: string) => /^Bearer\s+(\S+)$/i.exec(authorization)?.[1]

export const NO_CREDENTIALS = 'sign in, or send an API key as "Authorization: Bearer eck_..."'

/** Refuses what the principal's role or scope does not allow (403), and anonymous requests (401, saying why when `why` knows). */
export function authorize(principal: Principal | null, need: Permission, why: () => string = () => NO_CREDENTIALS): Principal {
  if (!principal) throw new ServiceError('UNAUTHENTICATED', why())
  if (!allows(principal, need)) throw new ServiceError('FORBIDDEN', refusal(principal, need))
  return principal
}

export function createAccessService(deps: AccessDeps) {
  const { db, writer: w, reader } = deps
  const now = deps.now ?? (() => new Date())
  const auth: BetterAuth = createBetterAuth(db, {
    onSignIn: (session) => {
      const user = reader.get<{ email: string }>('SELECT "email" FROM "User" WHERE "id" = ?', [session.userId])
      const who = { type: 'operator', id: session.userId, name: user?.email ?? null, ip: session.ipAddress ?? null, userAgent: session.userAgent ?? null }
      recordAudit(who, 'user.signedIn', null, undefined, organizationsOf(session.userId))
    },
    redis: deps.redis,
  })
  const signedIn = createSessionReader(auth, reader, () => now().getTime())
  const recordAudit = (who: AuditWho, action: string, executionId: string | null, detail?: unknown, organizations?: readonly string[]) =>
    w.transaction(() => appendAudit(w, now(), who, action, executionId, detail, organizations))
  // The last time each principal read each kind of view of each execution, oldest first.
  const views = new Map<string, { recordedAt: number; seenAt: number }>()
  const rate = deps.apiKeyRate ?? config().API_KEY_RATE_LIMIT
  // One budget a key across every process when they share Redis.
  const limiter = rateLimiter(deps.redis, 'api-key-rate', rate, 1)
  const lastUseWritten = new Map<string, number>()
  /** Keys revoked by this process so far: what an open connection's memo of its key checks (see gate.ts). */
  let revocations = 0

  const organizationsOf = (userId: string) =>
    reader.all<{ organizationId: string }>('SELECT "organizationId" FROM "Membership" WHERE "userId" = ? ORDER BY "organizationId"', [userId]).map((m) => m.organizationId)

  /** Each organisation exists and is one `by` administers (no one: the console's own first start). */
  function requireOrganizations(ids: readonly string[], by: Principal | null) {
    const administered = by ? organizationsAllowing(by, 'admin') : null
    for (const id of ids) {
      if (!reader.get('SELECT 1 FROM "Organization" WHERE "id" = ?', [id])) throw badRequest('organizations', `organisation '${id}' not found`)
      if (administered && !administered.includes(id)) throw badRequest('organizations', `organisation '${id}' is not one you administer (${administered.join(', ') || 'none'})`)
    }
  }

  /** A user of an organisation `by` does not administer is, to `by`, a user that does not exist. */
  function requireColleague(userId: string, by: Principal) {
    const administered = organizationsAllowing(by, 'admin')
    if (
      !administered.length ||
      !reader.get(`SELECT 1 FROM "Membership" WHERE "userId" = ? AND "organizationId" IN (${placeholders(administered.length)})`, [userId, ...administered])
    )
      throw notFound('user', userId)
  }

  /** A user's organisations and its role in each (its own role where the membership names none). */
  function membershipsOf(userId: string, own: Role) {
    const rows = reader.all<{ organizationId: string; role: string | null }>('SELECT "organizationId", "role" FROM "Membership" WHERE "userId" = ? ORDER BY "organizationId"', [
      userId,
    ])
    return { organizations: rows.map((m) => m.organizationId), roles: Object.fromEntries(rows.map((m) => [m.organizationId, (m.role ?? own) as Role])) as Record<string, Role> }
  }

  /**
   * Better Auth's answer (and its writes: an expired session removed, a day-old one extended).
   * Its cookies go to `setCookie` where the transport can send them: a session extended in the
   * database but not in the browser would still end a week after sign-in for a user active daily.
   */
  async function sessionUser(headers: Headers, setCookie?: (cookie: string) => void) {
    const { headers: answer, response: session } = await auth.api.getSession({ headers, returnHeaders: true })
    if (setCookie) for (const cookie of answer.getSetCookie()) setCookie(cookie)
    return session ? (session.user as typeof session.user & { role?: string | null }) : null
  }

  async function apiKeyPrincipal(token: string, ip: string | null, userAgent: string | null): Promise<Principal | null> {
    if (!token.startsWith(API_KEY_PREFIX)) return null
    const key = reader.get<{ id: string; name: string; organizationId: string; scope: ApiKeyScope; revokedAt: number | null }>(
      'SELECT "id", "name", "organizationId", "scope", "revokedAt" FROM "ApiKey" WHERE "hash" = ?',
      [sha256(token)],
    )
    if (!key || key.revokedAt !== null) return null
    // Last use is kept to the minute: a busy worker does not turn every request into a write.
    const at = now().getTime()
    if (at - (lastUseWritten.get(key.id) ?? 0) > 60_000) {
      lastUseWritten.set(key.id, at)
      w.transaction(() => w.run('UPDATE "ApiKey" SET "lastUsedAt" = ? WHERE "id" = ?', [at, key.id]))
    }
    return { kind: 'api-key', id: key.id, name: key.name, role: roleOfScope(key.scope), scope: key.scope, organizations: [key.organizationId], ip, userAgent }
  }

  return {
    auth,

    /** How many keys this process revoked: unchanged, a key found valid a moment ago still is (here). */
    revocations: () => revocations,

    /**
     * The principal of a request: a bearer API key, else the session cookie; null when neither
     * holds. `setCookie` hears the session cookies to send back (a refreshed or cleared session).
     */
    async principalOf(headers: Headers, ip: string | null, setCookie?: (cookie: string) => void): Promise<Principal | null> {
      const userAgent = headers.get('user-agent')
      const authorization = headers.get('authorization')
      if (authorization) {
        const token = bearerToken(authorization)
        return token ? apiKeyPrincipal(token, ip, userAgent) : null
      }
      const user = (await signedIn(headers)) ?? (await sessionUser(headers, setCookie))
      if (!user) return null
      const own = (user.role ?? 'viewer') as Role
      // A role is per membership: an admin of A who is a viewer of B administers only A.
      const { organizations, roles } = membershipsOf(user.id, own)
      return { kind: 'user', id: user.id, name: user.email, role: highestRole(Object.values(roles), own), organizations, roles, ip, userAgent }
    },

    /**
     * Why a request's credentials found no principal, for its 401: a client that sends a key
     * hears whether it is malformed, unknown or revoked (it holds the key, so this tells it
     * nothing new); without one, how to authenticate.
     */
    credentialsRefusal(headers: Headers): string {
      const authorization = headers.get('authorization')
      if (!authorization) return NO_CREDENTIALS
      const token = bearerToken(authorization)
      if (!token) return 'the Authorization header must read "Bearer eck_...": an API key of this console as a bearer token'
      if (!token.startsWith(API_KEY_PREFIX)) return `that bearer token is not an API key of this console (they begin "${API_KEY_PREFIX}")`
      const key = reader.get<{ revokedAt: number | null }>('SELECT "revokedAt" FROM "ApiKey" WHERE "hash" = ?', [sha256(token)])
      if (!key) return 'this API key is not known here: mistyped, or made on another console'
      if (key.revokedAt !== null) return `this API key was revoked (${new Date(key.revokedAt).toISOString()}); an admin can make a new one under Admin → API keys`
      return NO_CREDENTIALS
    },

    /**
     * The principal as it stands now (a key revoked, a user removed or its memberships changed
     * since the request began): what an open stream checks every few seconds.
     */
    async refresh(principal: Principal): Promise<Principal | null> {
      if (principal.kind === 'api-key') {
        const key = reader.get<{ revokedAt: number | null }>('SELECT "revokedAt" FROM "ApiKey" WHERE "id" = ?', [principal.id])
        return key && key.revokedAt === null ? principal : null
      }
      const user = reader.get<{ role: string | null }>('SELECT "role" FROM "User" WHERE "id" = ?', [principal.id])
      if (!user) return null
      const own = (user.role ?? 'viewer') as Role
      const { organizations, roles } = membershipsOf(principal.id, own)
      return { ...principal, role: highestRole(Object.values(roles), own), organizations, roles }
    },

    /** Each API key has its own budget of requests a second; past it, 429 with Retry-After. */
    async admit(principal: Principal): Promise<void> {
      if (principal.kind !== 'api-key') return
      try {
        await limiter.consume(principal.id)
      } catch (result) {
        if (!(result instanceof RateLimiterRes)) throw result
        const seconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000))
        throw new ServiceError('RATE_LIMITED', `this API key sent more than ${rate} requests a second; retry after ${seconds} s`, undefined, seconds)
      }
    },

    users: {
      /** The people of the organisations `by` administers, each with its role in each of them. */
      async list(by: Principal) {
        const administered = organizationsAllowing(by, 'admin')
        if (!administered.length) return []
        const users = reader.all<{ id: string; name: string; email: string; role: string; createdAt: number }>(
          `SELECT "id", "name", "email", "role", "createdAt" FROM "User"
           WHERE "id" IN (SELECT "userId" FROM "Membership" WHERE "organizationId" IN (${placeholders(administered.length)})) ORDER BY "email"`,
          administered,
        )
        return users.map((u) => {
          const { organizations, roles } = membershipsOf(u.id, u.role as Role)
          // Only what `by` administers: another organisation's membership is not its business.
          const here = organizations.filter((o) => administered.includes(o))
          const rolesHere = Object.fromEntries(here.map((o) => [o, roles[o]!]))
          return {
            id: u.id,
            name: u.name,
            email: u.email,
            role: highestRole(Object.values(rolesHere), u.role as Role),
            roles: rolesHere,
            organizations: here,
            createdAt: new Date(u.createdAt).toISOString(),
          }
        })
      },

      /** Creates a user with a password (hashed by Better Auth) and its organisations. */
      async create(input: { email: string; name: string; password: string; role: Role; organizations: string[] }, by: Principal | null) {
        requireOrganizations(input.organizations, by)
        // (The first admin, made at the first start, is of every organisation there is, if any.)
        if (by && !input.organizations.length) throw badRequest('organizations', 'a user belongs to at least one organisation; name one of yours')
        const email = input.email.toLowerCase()
        if (reader.get('SELECT 1 FROM "User" WHERE "email" = ?', [email])) throw new ServiceError('CONFLICT', `a user with email ${email} already exists`)
        const context = await auth.$context
        const hash = await context.password.hash(input.password)
        const user = await context.internalAdapter.createUser({ email, name: input.name, role: input.role, emailVerified: true }, { method: 'admin' })
        await context.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash })
        const at = now().getTime()
        w.transaction(() => {
          for (const org of input.organizations)
            w.run('INSERT INTO "Membership" ("userId", "organizationId", "role", "createdAt") VALUES (?, ?, ?, ?)', [user.id, org, input.role, at])
        })
        return { id: user.id, email, name: input.name, role: input.role, organizations: [...input.organizations].sort() }
      },

      /** Replaces a user's organisations with `organizations` (each one of the admin's own). */
      setOrganizations(id: string, organizations: string[], by: Principal) {
        requireOrganizations(organizations, by)
        requireColleague(id, by)
        const user = reader.get<{ role: string }>('SELECT "role" FROM "User" WHERE "id" = ?', [id])
        if (!user) throw notFound('user', id)
        const at = now().getTime()
        const administered = organizationsAllowing(by, 'admin')
        // A new membership gets, by name, the least of the roles the admin sees the user have (a
        // viewer where it sees none): left unnamed, it fell back to the role the user was created
        // with, which an admin may long since have lowered — a viewer here became an admin there.
        const { roles } = membershipsOf(id, user.role as Role)
        const seen = administered.flatMap((o) => (roles[o] ? [ROLES.indexOf(roles[o])] : []))
        const role = ROLES[seen.length ? Math.min(...seen) : 0]!
        // Only memberships in organisations the admin administers change; others stay as they are.
        w.transaction(() => {
          for (const org of administered) if (!organizations.includes(org)) w.run('DELETE FROM "Membership" WHERE "userId" = ? AND "organizationId" = ?', [id, org])
          for (const org of organizations) w.run('INSERT OR IGNORE INTO "Membership" ("userId", "organizationId", "role", "createdAt") VALUES (?, ?, ?, ?)', [id, org, role, at])
          // A user of no organisation could sign in to nothing, and no admin could see it again to
          // add it back (nor make it anew: its email is taken). Removing is its own act (remove).
          if (!w.get('SELECT 1 FROM "Membership" WHERE "userId" = ? LIMIT 1', [id]))
            throw new ServiceError(
              'CONFLICT',
              `${w.get<{ email: string }>('SELECT "email" FROM "User" WHERE "id" = ?', [id])!.email} would belong to no organisation: keep one, or remove the user`,
              'organizations',
            )
        })
        return { id, organizations: organizationsOf(id).filter((o) => administered.includes(o)) }
      },

      /**
       * Takes the user out of the organisations `by` administers; a user left in none is deleted
       * (its sessions end at once, its sign-in with them). Its name stays in the audit trail.
       */
      remove(id: string, by: Principal) {
        requireColleague(id, by)
        if (id === by.id) throw new ServiceError('CONFLICT', 'you cannot remove yourself; another admin of your organisations can', 'id')
        const claimed = organizationsAllowing(by, 'admin')
        return w.transaction(() => {
          // Whom `by` administers as the transaction finds it, not as its request began: two admins
          // removing each other at once would otherwise leave their organisation with neither.
          const administered = w
            .all<{ organizationId: string }>(
              `SELECT m."organizationId" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
               WHERE m."userId" = ? AND coalesce(m."role", u."role") = 'admin' AND m."organizationId" IN (${placeholders(claimed.length)})`,
              [by.id, ...claimed],
            )
            .map((m) => m.organizationId)
          if (!administered.length) throw notFound('user', id)
          const { email } = w.get<{ email: string }>('SELECT "email" FROM "User" WHERE "id" = ?', [id]) ?? { email: id }
          const here = w.all<{ organizationId: string }>(
            `SELECT "organizationId" FROM "Membership" WHERE "userId" = ? AND "organizationId" IN (${placeholders(administered.length)}) ORDER BY "organizationId"`,
            [id, ...administered],
          )
          for (const m of here) w.run('DELETE FROM "Membership" WHERE "userId" = ? AND "organizationId" = ?', [id, m.organizationId])
          const deleted = !w.get('SELECT 1 FROM "Membership" WHERE "userId" = ? LIMIT 1', [id])
          if (deleted) {
            // (Sessions and accounts go with the user, by their foreign keys; these two name it without one.)
            w.run('DELETE FROM "Notification" WHERE "userId" = ?', [id])
            w.run('DELETE FROM "ExecutionWatch" WHERE "userId" = ?', [id])
            w.run('DELETE FROM "User" WHERE "id" = ?', [id])
          }
          return { id, email, organizations: here.map((m) => m.organizationId), deleted }
        })
      },

      /** The user's role in the organisations `by` administers (in others it stays as it is). */
      async setRole(id: string, role: Role, by: Principal) {
        requireColleague(id, by)
        const administered = organizationsAllowing(by, 'admin')
        const changed = w.transaction(() => {
          const here = w.all<{ organizationId: string }>(
            `SELECT "organizationId" FROM "Membership" WHERE "userId" = ? AND "organizationId" IN (${placeholders(administered.length)})`,
            [id, ...administered],
          )
          for (const m of here) w.run('UPDATE "Membership" SET "role" = ? WHERE "userId" = ? AND "organizationId" = ?', [role, id, m.organizationId])
          return here.map((m) => m.organizationId)
        })
        return { id, role, organizations: changed }
      },

      /** The first start makes an admin of every organisation: ADMIN_EMAIL / ADMIN_PASSWORD, or a password printed once. */
      async ensureAdmin(env: { email?: string; password?: string } = {}): Promise<{ email: string; password: string | null } | null> {
        if (reader.get('SELECT 1 FROM "User" LIMIT 1', [])) return null
        const email = env.email || 'admin@console.local'
        const password = env.password || randomBytes(12).toString('base64url')
        const organizations = reader.all<{ id: string }>('SELECT "id" FROM "Organization" ORDER BY "id"', []).map((o) => o.id)
        await this.create({ email, name: 'Administrator', password, role: 'admin', organizations }, null)
        return { email, password: env.password ? null : password }
      },
    },

    apiKeys: {
      /** A new key: the secret is answered once and only its SHA-256 is kept. */
      create(input: { name: string; organizationId: string; scope: ApiKeyScope }, by: Principal) {
        requireOrganizations([input.organizationId], by)
        const key = API_KEY_PREFIX + randomBytes(24).toString('base64url')
        const at = now()
        const id = newId('key', at.getTime())
        w.transaction(() =>
          w.run('INSERT INTO "ApiKey" ("id", "name", "prefix", "hash", "organizationId", "scope", "createdBy", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
            id,
            input.name,
            key.slice(0, 12),
            sha256(key),
            input.organizationId,
            input.scope,
            by.id,
            at.getTime(),
          ]),
        )
        return { id, name: input.name, organizationId: input.organizationId, scope: input.scope, prefix: key.slice(0, 12), key, createdAt: at.toISOString() }
      },

      list(by: Principal) {
        const administered = organizationsAllowing(by, 'admin')
        if (!administered.length) return []
        const rows = reader.all<{
          id: string
          name: string
          prefix: string
          organizationId: string
          scope: string
          createdAt: number
          lastUsedAt: number | null
          revokedAt: number | null
        }>(
          `SELECT "id", "name", "prefix", "organizationId", "scope", "createdAt", "lastUsedAt", "revokedAt" FROM "ApiKey"
           WHERE "organizationId" IN (${placeholders(administered.length)}) ORDER BY "createdAt" DESC`,
          administered,
        )
        const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
        return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt)!, lastUsedAt: iso(r.lastUsedAt), revokedAt: iso(r.revokedAt) }))
      },

      /** A revoked key is refused from its next request on. */
      revoke(id: string, by: Principal) {
        const key = reader.get<{ organizationId: string; revokedAt: number | null }>('SELECT "organizationId", "revokedAt" FROM "ApiKey" WHERE "id" = ?', [id])
        if (!key || !organizationsAllowing(by, 'admin').includes(key.organizationId)) throw notFound('API key', id)
        if (key.revokedAt === null) w.transaction(() => w.run('UPDATE "ApiKey" SET "revokedAt" = ? WHERE "id" = ?', [now().getTime(), id]))
        revocations += 1
        return { id, revoked: true as const, organizationId: key.organizationId }
      },
    },

    audit: {
      /**
       * Records what a principal did or looked at; the table refuses updates and deletes
       * (triggers). An entry not about an execution concerns `organizations` (by default the
       * principal's): only their admins read it.
       */
      record(principal: Principal, action: string, executionId: string | null, detail?: unknown, organizations?: readonly string[]) {
        recordAudit(auditWho(principal), action, executionId, detail, executionId ? undefined : (organizations ?? principal.organizations))
      },

      /**
       * Records a view once per sitting: a principal's reads, from one client, of one kind of view
       * of one execution count as one view until they pause for VIEW_QUIET_MS (a live page rereads on every
       * change), and one that goes on is recorded again every VIEW_REPEAT_MS. Changes are each
       * recorded by the write path.
       */
      recordView(principal: Principal, action: string, executionId: string) {
        const at = now().getTime()
        // Per client too (address and browser): another device with the same session or key is another sitting.
        const key = [principal.kind, principal.id, principal.ip, principal.userAgent, executionId, action].join('\u0000')
        const last = views.get(key)
        views.delete(key) // (re)inserted last: the map stays ordered by when each was seen
        if (last && at - last.seenAt < VIEW_QUIET_MS && at - last.recordedAt < VIEW_REPEAT_MS && at >= last.seenAt) {
          views.set(key, { recordedAt: last.recordedAt, seenAt: at })
          return
        }
        views.set(key, { recordedAt: at, seenAt: at })
        for (const [k, v] of views) {
          if (at - v.seenAt < VIEW_QUIET_MS) break
          views.delete(k)
        }
        recordAudit(auditWho(principal), action, executionId)
      },

      /** Newest first, filtered; only what concerns the organisations `by` administers (audit-trail.ts). */
      list: (q: AuditQuery, by: Principal) => listAuditEntries(reader, q, by),

      /** The actions recorded so far, for a filter's choices. */
      actions: () => auditActions(reader),
    },
  }
}

export type AccessService = ReturnType<typeof createAccessService>
