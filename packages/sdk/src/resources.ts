// Resources (the console's docs/resources.md): what steps hold while they run — model tokens per
// minute, GPU slots, a team's seats. Readers list them with their use; admins create and change them.
import type { Transport } from './http.js'
import type { components } from './openapi.js'

export type Resource = components['schemas']['Resource']
export type ResourceInput = components['schemas']['ResourceInput']
export type ResourceUsageSeries = components['schemas']['ResourceUsageSeries']
export type ResourceRequirement = components['schemas']['ResourceRequirement']
/** A resource a step holds, as allocateResources answers it (`id`: the resource's). */
export type AllocatedResource = components['schemas']['ResourceAllocation']['resources'][number]
/** Seed 002's ResourceUsage, its times as Dates (`usage.endTime.getTime() - usage.startTime.getTime()`). */
export type ResourceUsage = Omit<components['schemas']['ResourceUsage'], 'startTime' | 'endTime' | 'requestedAt'> & {
  requestedAt: Date
  startTime?: Date
  endTime?: Date
}

export interface Resources {
  list(): Promise<Resource[]>
  get(id: string): Promise<Resource>
  create(input: ResourceInput): Promise<Resource>
  update(id: string, patch: Partial<Omit<ResourceInput, 'type' | 'organizationId'>>): Promise<Resource>
  remove(id: string): Promise<void>
  /** Capacity, use and waiting demand over time (default: the last hour in 30 points). */
  usage(id: string, range?: { from?: string; to?: string; buckets?: number }): Promise<ResourceUsageSeries>
}

export function resources(transport: Transport): Resources {
  const path = (id: string) => `/resources/${encodeURIComponent(id)}`
  return {
    list: () => transport.request('GET', '/resources'),
    get: (id) => transport.request('GET', path(id)),
    create: (input) => transport.request('POST', '/resources', { body: input }),
    update: (id, patch) => transport.request('PATCH', path(id), { body: patch }),
    remove: async (id) => {
      await transport.request('DELETE', path(id))
    },
    usage: (id, range = {}) => transport.request('GET', `${path(id)}/usage`, { query: { from: range.from, to: range.to, buckets: range.buckets } }),
  }
}

/** An execution's ResourceUsage as the API answers it, its times made Dates. */
export function usageOf(rows: components['schemas']['ResourceUsage'][]): ResourceUsage[] {
  return rows.map(({ requestedAt, startTime, endTime, ...rest }) => ({
    ...rest,
    requestedAt: new Date(requestedAt),
    ...(startTime ? { startTime: new Date(startTime) } : {}),
    ...(endTime ? { endTime: new Date(endTime) } : {}),
  }))
}
