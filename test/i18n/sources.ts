import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The files under the given folders (relative to the repository root) whose names end in one of `endings`. */
export function sourceFiles(folders: string[], ...endings: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : walk(path);
        return endings.some((e) => name.endsWith(e)) ? [path] : [];
      });
  return folders.flatMap(walk);
}
