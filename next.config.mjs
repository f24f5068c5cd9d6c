/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Native and wasm packages stay in node_modules instead of being bundled.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/client', 'recheck'],
  poweredByHeader: false,
}

export default nextConfig
