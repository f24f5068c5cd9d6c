/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Native and wasm packages stay in node_modules instead of being bundled; so do the metrics,
  // log and tracing libraries, so Next's bundle and server.ts share one copy (ops/metrics.ts).
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    '@prisma/adapter-pg',
    'pg',
    '@prisma/client',
    'recheck',
    'pino',
    'prom-client',
    '@opentelemetry/api',
    '@opentelemetry/sdk-trace',
    '@opentelemetry/exporter-trace-otlp-http',
    '@opentelemetry/context-async-hooks',
    '@opentelemetry/resources',
    // The log archives' S3 client (retention/archive-store.ts): loaded only when LOG_ARCHIVE_URL is s3://.
    '@aws-sdk/client-s3',
  ],
  poweredByHeader: false,
  // The console draws no images through next/image: its optimiser (/_next/image) would only be a
  // way for anyone to make the server fetch and re-encode its own URLs. Off, it answers 404.
  images: { unoptimized: true },
  // Browsers still ask for /favicon.ico now and then, whatever the page's <link rel="icon"> says:
  // they get the console's icon, not a 404 in the console.
  async redirects() {
    return [{ source: '/favicon.ico', destination: '/icon.svg', permanent: true }]
  },
}

export default nextConfig
