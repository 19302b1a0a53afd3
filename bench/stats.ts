/** Small helpers the benchmarks share: percentiles and argument parsing. */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

/** `--name value` options with numeric defaults. */
export function numericArgs<T extends Record<string, number>>(defaults: T, argv = process.argv.slice(2)): T {
  const out: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!.replace(/^--/, '');
    if (!(key in defaults)) throw new Error(`unknown option --${key}; known: ${Object.keys(defaults).map((k) => '--' + k).join(' ')}`);
    const value = Number(argv[++i]);
    if (!Number.isFinite(value)) throw new Error(`--${key} needs a number`);
    out[key] = value;
  }
  return out as T;
}
