// What a link to nothing shows (an unknown page, or an execution that is not there or not one of
// the reader's organisations'), in the console's frame and type rather than Next's bare 404.
import Link from 'next/link'

export const metadata = { title: 'Not found · Execution console' }

export default function NotFound() {
  return (
    <section aria-labelledby="not-found-title" className="mx-auto mt-16 flex max-w-md flex-col gap-3">
      <p className="text-sm font-medium text-slate-500 dark:text-slate-400">404</p>
      <h1 id="not-found-title" className="text-xl font-semibold">
        Not found
      </h1>
      <p className="text-slate-600 dark:text-slate-300">Nothing is at this address, or it is not one you may see: an execution of another organisation is answered the same way.</p>
      <p>
        <Link href="/executions" className="text-blue-700 underline dark:text-blue-300">
          Back to the executions
        </Link>
      </p>
    </section>
  )
}
