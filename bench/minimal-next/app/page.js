export const dynamic = 'force-dynamic'
export default function Page() {
  return <main>minimal page, rendered at {new Date().toISOString()}</main>
}
