import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FULL_EVENTS } from './shape';

export interface DashboardBenchOptions {
  /** Folder of the lake (built once, reused). */
  data: string;
  events: number;
  /** Timed runs of the snapshot and of each widget, per window. */
  runs: number;
  warmup: number;
  /** Which pages to time: the course dashboard, the institutional pages (issue 21), or both. */
  pages: 'all' | 'course' | 'institution';
  /** Build only: continue an interrupted build after this many sessions of the other courses… */
  resume: number;
  /** …with the end instant (epoch seconds) of the interrupted build. */
  end: number;
}

/** Under the project folder (git-ignored): about 11 GiB at 100 million events. */
export const DEFAULT_DATA = 'bench-data/dashboard-lake';

export function parseArgs(argv: string[]): DashboardBenchOptions {
  const out: DashboardBenchOptions = { data: DEFAULT_DATA, events: FULL_EVENTS, runs: 30, warmup: 3, pages: 'all', resume: 0, end: 0 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!.replace(/^--/, '');
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    if (key === 'data') out.data = value;
    else if (key === 'pages') {
      if (value !== 'all' && value !== 'course' && value !== 'institution') throw new Error('--pages is all, course or institution');
      out.pages = value;
    }
    else if (key === 'events' || key === 'runs' || key === 'warmup' || key === 'resume' || key === 'end') {
      const n = Number(value.replace(/_/g, ''));
      if (!Number.isInteger(n) || n < (key === 'events' || key === 'runs' ? 1 : 0)) throw new Error(`--${key} needs a whole number`);
      out[key] = n;
    } else throw new Error(`unknown option --${key}; known: --data --events --runs --warmup --pages (build: --resume --end)`);
  }
  out.data = resolve(out.data);
  return out;
}

/** Written by the build when the lake is complete. */
export interface LakeMarker {
  events: number;
  endEpoch: number;
  largeCourseId: string;
  largeCourseDays: number;
  insertSeconds: number;
  mergeSeconds: number;
  diskBytes: number;
  counts: Record<string, string | number>;
  tables: { table: string; rows: number; parts: number; bytes: number }[];
}

export const markerPath = (data: string) => join(data, 'bench-dashboard-lake.json');

export function readMarker(data: string): LakeMarker | undefined {
  const path = markerPath(data);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LakeMarker) : undefined;
}
