'use client'
// The execution's "More" menu: copy its id or link, go to its relatives, read it as the API does.
import { toast } from 'sonner'
import type { ServiceExecution } from '@/server/domain/execution'
import { DropdownMenu, MenuItem, MenuLink, MenuSeparator } from '@/components/ui/DropdownMenu'

async function copy(text: string, what: string) {
  try {
    await navigator.clipboard.writeText(text)
    toast.success(`Copied ${what}`)
  } catch {
    // (no clipboard without a secure context or permission: show it to copy by hand)
    toast.message(`Copy the ${what} by hand`, { description: text })
  }
}

export function ExecutionMenu({ execution: e }: { execution: ServiceExecution }) {
  return (
    <DropdownMenu label={<>More ▾</>} title="More about this execution">
      <MenuItem onSelect={() => void copy(e.$id, 'execution id')}>Copy execution id</MenuItem>
      <MenuItem onSelect={() => void copy(`${window.location.origin}/executions/${e.$id}`, 'link')}>Copy link</MenuItem>
      <MenuSeparator />
      <MenuLink href={`/executions?correlation=${encodeURIComponent(e.correlationId)}`}>Executions of this correlation</MenuLink>
      <MenuLink href={`/executions?parent=${encodeURIComponent(e.$id)}`}>Its child executions</MenuLink>
      {e.parentExecutionId && <MenuLink href={`/executions/${e.parentExecutionId}`}>Its parent execution</MenuLink>}
      <MenuSeparator />
      <MenuLink href={`/api/executions/${e.$id}`} external>
        As JSON (the API)
      </MenuLink>
    </DropdownMenu>
  )
}
