import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the server keeps the token it generated for a data folder. */
export function ingestTokenFile(dataDir: string): string {
  return join(dataDir, 'ingest-token');
}

/** The token kept in the data folder, if there is one. */
export function readStoredIngestToken(dataDir: string): string | undefined {
  try {
    const token = readFileSync(ingestTokenFile(dataDir), 'utf8').trim();
    return token.length >= 16 ? token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The configured token, else the one generated earlier for this data folder,
 * else a new one kept there (mode 600) so that senders keep working across restarts.
 * `stored` tells that the token lives in the data folder rather than the configuration.
 */
export function resolveIngestToken(configured: string | undefined, dataDir: string): { token: string; stored: boolean } {
  if (configured) return { token: configured, stored: false };
  const existing = readStoredIngestToken(dataDir);
  if (existing) return { token: existing, stored: true };
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(ingestTokenFile(dataDir), token + '\n', { mode: 0o600 });
  return { token, stored: true };
}
