// $.Service, $.ServiceOrder, $.BusinessWorkflow and organisations: what an execution refers to.
import type { Transport } from './http.js'
import type { components } from './openapi.js'

export type Service = components['schemas']['Service']
export type ServiceOrder = components['schemas']['ServiceOrder']
export type BusinessWorkflow = components['schemas']['BusinessWorkflow']
export type Organization = components['schemas']['Organization']

export interface Lookups {
  service(id: string): Promise<Service>
  order(id: string): Promise<ServiceOrder>
  workflow(id: string): Promise<BusinessWorkflow>
  organization(id: string): Promise<Organization>
}

export function lookups(transport: Transport): Lookups {
  const get =
    <T>(collection: string) =>
    (id: string) =>
      transport.request<T>('GET', `/${collection}/${encodeURIComponent(id)}`)
  return { service: get('services'), order: get('orders'), workflow: get('workflows'), organization: get('organizations') }
}

/** `$.Service.get(id)` and friends: each a collection with `get`. */
export interface Collection<T> {
  get(id: string): Promise<T>
}
