// The baseline of bench/pages.ts: the smallest Next.js App Router page, built and served like the console.
export const metadata = { title: 'minimal' }
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
