/**
 * A measuring instrument for bench:risk-eval --ceiling, not a model the product ships: gradient-
 * boosted regression trees on the log-loss (histogram splits on quantile bins, shallow trees,
 * Newton leaf values), trained on the same cut-offs, features and label as the score. Trees find
 * thresholds and interactions (a never-started learner in week 1 against week 10) that a logistic
 * model cannot, so the gap between the two is what a different model could still win from the
 * features Lookout has; a small gap says the limit is in the data.
 */
export interface BoostingOptions {
  trees: number;
  depth: number;
  learningRate: number;
  bins: number;
  minLeaf: number;
}

export const DEFAULT_BOOSTING: BoostingOptions = { trees: 150, depth: 3, learningRate: 0.1, bins: 32, minLeaf: 200 };

type Node = { leaf: number } | { feature: number; bin: number; left: Node; right: Node };

/** Trains on rows x with labels y (0/1); returns the log-odds of a new row. */
export function trainBoostedTrees(x: readonly (readonly number[])[], y: readonly (0 | 1)[], o: BoostingOptions = DEFAULT_BOOSTING): (row: readonly number[]) => number {
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const edges = Array.from({ length: d }, (_, j) => quantileEdges(x.map((r) => r[j]!), o.bins));
  const binned = x.map((r) => r.map((v, j) => binOf(edges[j]!, v)));
  const positives = y.reduce<number>((a, b) => a + b, 0);
  const base = Math.log((positives + 0.5) / (n - positives + 0.5));
  const logOdds = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const trees: Node[] = [];

  const grow = (rows: number[], depth: number): Node => {
    let g = 0;
    let h = 0;
    for (const i of rows) {
      g += grad[i]!;
      h += hess[i]!;
    }
    const leaf = { leaf: (-g / (h + 1)) * o.learningRate };
    if (depth === 0 || rows.length < 2 * o.minLeaf) return leaf;
    let best = { gain: 0, feature: -1, bin: -1 };
    for (let j = 0; j < d; j++) {
      const bins = edges[j]!.length + 1;
      const hg = new Float64Array(bins);
      const hh = new Float64Array(bins);
      const count = new Int32Array(bins);
      for (const i of rows) {
        const b = binned[i]![j]!;
        hg[b] = hg[b]! + grad[i]!;
        hh[b] = hh[b]! + hess[i]!;
        count[b] = count[b]! + 1;
      }
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let b = 0; b < bins - 1; b++) {
        gl += hg[b]!;
        hl += hh[b]!;
        nl += count[b]!;
        if (nl < o.minLeaf || rows.length - nl < o.minLeaf) continue;
        const gain = gl ** 2 / (hl + 1) + (g - gl) ** 2 / (h - hl + 1) - g ** 2 / (h + 1);
        if (gain > best.gain) best = { gain, feature: j, bin: b };
      }
    }
    if (best.feature < 0) return leaf;
    const left: number[] = [];
    const right: number[] = [];
    for (const i of rows) (binned[i]![best.feature]! <= best.bin ? left : right).push(i);
    return { feature: best.feature, bin: best.bin, left: grow(left, depth - 1), right: grow(right, depth - 1) };
  };
  const leafOf = (tree: Node, bins: readonly number[]) => {
    let node = tree;
    while (!('leaf' in node)) node = bins[node.feature]! <= node.bin ? node.left : node.right;
    return node.leaf;
  };

  const all = Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-logOdds[i]!));
      grad[i] = p - y[i]!;
      hess[i] = Math.max(p * (1 - p), 1e-6);
    }
    const tree = grow(all, o.depth);
    trees.push(tree);
    for (let i = 0; i < n; i++) logOdds[i] = logOdds[i]! + leafOf(tree, binned[i]!);
  }
  return (row) => {
    const bins = row.map((v, j) => binOf(edges[j]!, v));
    return trees.reduce((sum, tree) => sum + leafOf(tree, bins), base);
  };
}

/** Up to bins − 1 distinct cut values at the quantiles of the values. */
function quantileEdges(values: number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = sorted[Math.floor((b * sorted.length) / bins)]!;
    if (v > (edges.at(-1) ?? -Infinity)) edges.push(v);
  }
  return edges;
}

/** The bin of v: the number of edges ≤ v. */
function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v < edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
