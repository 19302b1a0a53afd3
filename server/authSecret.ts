import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret that encrypts Lookout's session cookies: LOOKOUT_AUTH_SECRET, else one
 * generated once and kept in the data folder (mode 600) so sessions survive restarts.
 */
export function resolveAuthSecret(configured: string | undefined, dataDir: string, fileName = 'auth-secret'): string {
  if (configured) return configured;
  const file = join(dataDir, fileName);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  } catch {
    // not generated yet
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
