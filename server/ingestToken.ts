import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The configured token, else the one generated earlier for this data folder,
 * else a new one kept there (mode 600) so that senders keep working across restarts.
 */
export function resolveIngestToken(configured: string | undefined, dataDir: string): { token: string; generated: boolean } {
  if (configured) return { token: configured, generated: false };
  const file = join(dataDir, 'ingest-token');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return { token: existing, generated: true };
  } catch {
    // none yet
  }
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return { token, generated: true };
}
