import type { NamedOrganization } from './organizations'

/**
 * A select's options for whom a new thing is, for a user of several organisations: first the
 * console's own choice (`byDefault`, value ""), then each organisation by name.
 */
export function OrganizationOptions({ organizations, byDefault }: { organizations: readonly NamedOrganization[]; byDefault: string }) {
  return (
    <>
      <option value="">{byDefault}</option>
      {organizations.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </>
  )
}
