// $.Service, $.ServiceOrder, $.Customer, $.BusinessWorkflow and organisations: what an execution
// refers to (seed 001's marketplace relations), read, listed and created under the executions'
// tenancy rule — another organisation's order or customer is "not found".
import type { Transport } from './http.js'
import type { components, operations } from './openapi.js'

export type Service = components['schemas']['Service']
export type ServiceOrder = components['schemas']['ServiceOrder']
export type BusinessWorkflow = components['schemas']['BusinessWorkflow']
export type Organization = components['schemas']['Organization']
/** A customer is an organisation (seed 000: `customer: Person | Organization`). */
export type Customer = Organization
export type ServiceInput = components['schemas']['CreateService']
export type ServiceOrderInput = components['schemas']['CreateServiceOrder']
export type CustomerInput = components['schemas']['CreateCustomer']
export type ServiceOrderFilter = NonNullable<operations['listOrders']['parameters']['query']>
export type CustomerFilter = NonNullable<operations['listCustomers']['parameters']['query']>
/** A page of a list, and the cursor of the next (null on the last). */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface Lookups {
  service(id: string): Promise<Service>
  order(id: string): Promise<ServiceOrder>
  workflow(id: string): Promise<BusinessWorkflow>
  organization(id: string): Promise<Organization>
  customer(id: string): Promise<Customer>
}

export function lookups(transport: Transport): Lookups {
  const get =
    <T>(collection: string) =>
    (id: string) =>
      transport.request<T>('GET', `/${collection}/${encodeURIComponent(id)}`)
  return { service: get('services'), order: get('orders'), workflow: get('workflows'), organization: get('organizations'), customer: get('customers') }
}

/** `$.Service.get(id)` and friends: each a collection with `get`. */
export interface Collection<T> {
  get(id: string): Promise<T>
}

/** A collection that also lists (a page, or every page with `iterate`) and creates. */
export interface Listed<T, Input, Filter> extends Collection<T> {
  /** One page, at most `limit` (50 by default); `nextCursor` fetches the next. */
  list(filter?: Filter): Promise<Page<T>>
  /** Every item the filter matches, page after page. */
  iterate(filter?: Omit<Filter, 'cursor'>): AsyncIterable<T>
  create(input: Input): Promise<T>
}

type Query = Record<string, string | number | boolean | readonly string[] | undefined>

function listed<T, Input, Filter extends object>(transport: Transport, path: string, get: (id: string) => Promise<T>): Listed<T, Input, Filter> {
  const list = (filter: Filter = {} as Filter) => transport.request<Page<T>>('GET', path, { query: filter as Query })
  return {
    get,
    list,
    async *iterate(filter = {} as Omit<Filter, 'cursor'>) {
      let cursor: string | undefined
      do {
        const page = await list({ ...filter, cursor } as Filter)
        yield* page.items
        cursor = page.nextCursor ?? undefined
      } while (cursor)
    },
    create: (input) => transport.request<T>('POST', path, { body: input }),
  }
}

/** $.Service: the catalog (public), and new services (admins). */
export interface Services extends Collection<Service> {
  list(): Promise<Service[]>
  create(input: ServiceInput): Promise<Service>
}

export function marketplace(transport: Transport, find: Lookups) {
  const services: Services = {
    get: find.service,
    list: () => transport.request<Service[]>('GET', '/services'),
    create: (input) => transport.request<Service>('POST', '/services', { body: input }),
  }
  return {
    Service: services,
    ServiceOrder: listed<ServiceOrder, ServiceOrderInput, ServiceOrderFilter>(transport, '/orders', find.order),
    Customer: listed<Customer, CustomerInput, CustomerFilter>(transport, '/customers', find.customer),
  }
}
