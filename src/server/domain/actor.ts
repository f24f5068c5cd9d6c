// Who asks for a change or a read: a request's principal as the services see it, or one of the
// console's own parts (the engine, supervision, the scheduler). Bound by the front door's scope.
export interface Actor {
  type: 'operator' | 'api' | 'worker' | 'engine' | 'system'
  id: string
  /**
   * A request's organisations: it reaches only executions of which one is the customer or the
   * provider, and anything else is "not found". Unset for the console's own engine and runtime.
   */
  organizations?: readonly string[]
  /**
   * The organisations whose executions the request may read, when wider than those it may
   * change (a role is per organisation): an execution of those is refused (403), not "not found".
   */
  readable?: readonly string[]
  /** Who sent the request and from where, for the audit trail. */
  source?: { name: string; ip: string | null; userAgent: string | null }
}
