import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An ALTER … DELETE on a full disk can leave its mutation file empty (the engine creates it, then
 * cannot write it): at the next start the engine cannot load that table, and with it the whole
 * embedded lake ("Failed to create connection"). Such a mutation carries no command and its ALTER
 * failed (the derived-table rebuild that issued it runs again from the write journal), so the
 * empty file is removed before the engine opens the folder. Returns the files removed.
 */
export function removeUnwrittenMutations(dataDir: string): string[] {
  const removed: string[] = [];
  const store = join(dataDir, 'store');
  for (const prefix of list(store)) {
    for (const table of list(join(store, prefix))) {
      const dir = join(store, prefix, table);
      for (const name of list(dir)) {
        if (!/^mutation_\d+\.txt$/.test(name)) continue;
        const file = join(dir, name);
        if (statSync(file).size > 0) continue;
        rmSync(file, { force: true });
        removed.push(file);
      }
    }
  }
  return removed;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
