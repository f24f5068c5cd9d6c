// Organisations as a page names them: the signed-in principal's own, with their names (the `me`
// query's `named`), so a row's organisationId reads "Acme Corp", not "org_acme".

export interface NamedOrganization {
  id: string
  name: string
}

/** An organisation's name, or its id when the page was not told it (not one of the principal's). */
export function organizationName(organizations: readonly NamedOrganization[], id: string): string {
  return organizations.find((o) => o.id === id)?.name ?? id
}
