/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native engine and its client stay as plain Node modules, loaded once by the server process.
  serverExternalPackages: ['chdb', '@clickhouse/client', 'pino', 'ioredis'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
