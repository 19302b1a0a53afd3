/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native engine and its client stay as plain Node modules, loaded once by the server process.
  serverExternalPackages: ['chdb', '@clickhouse/client', 'pino', 'ioredis'],
  // Tests build into their own folder so they can run beside a running Lookout.
  distDir: process.env.LOOKOUT_NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
