/**
 * Gradient-boosted decision trees for a yes/no decision (logistic loss, second-order leaf values, features cut into
 * quantile bins): small, dependency-free, trains on the bank in about a second on two cores, captures what a linear
 * model cannot (a missing number vetoes an otherwise perfect match), and stays explainable: every split on the path
 * of a decision credits its feature with the change it made (Saabas attribution), so a trace lists what each feature
 * contributed.
 */

interface Node {
  /** Feature index, or -1 for a leaf. */
  f: number;
  /** Go left when value <= t. */
  t: number;
  l: number;
  r: number;
  /** The node's value (log-odds step); on inner nodes, what the subtree would predict if cut here. */
  v: number;
}

/** A trained model, stored as JSON in the index version folder. */
export interface BoostedModel {
  features: string[];
  /** Log-odds before any tree. */
  base: number;
  trees: Node[][];
}

export interface BoostOptions {
  /** Boosting rounds. */
  trees: number;
  /** Depth of each tree. */
  depth: number;
  /** Shrinkage of each tree's step. */
  learningRate: number;
  /** Least (weighted) hessian in a leaf, which keeps leaves from fitting a handful of examples. */
  minLeaf: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Quantile cut points per feature. */
  bins: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Up to `bins - 1` distinct quantile cut points of one feature. */
function cutPoints(values: number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const cuts = new Set<number>();
  for (let k = 1; k < bins; k++) {
    const i = Math.floor((k / bins) * sorted.length);
    // Both indices are clamped into range of a non-empty column.
    const a = sorted[Math.max(0, i - 1)]!;
    const b = sorted[Math.min(sorted.length - 1, i)]!;
    if (a !== b) cuts.add((a + b) / 2);
    else if (i < sorted.length && sorted[sorted.length - 1] !== a) {
      // Many equal values (0/1 features): cut just above them.
      const next = sorted.find((x) => x > a);
      if (next !== undefined) cuts.add((a + next) / 2);
    }
  }
  return [...cuts].sort((a, b) => a - b);
}

/**
 * Fits the model. Examples are weighted so that both classes weigh the same in total (a question has one right
 * passage among several candidates); the operating threshold is chosen afterwards on held-out predictions.
 */
export function trainBoosted(features: string[], rows: number[][], labels: number[], opts: BoostOptions): BoostedModel {
  const n = rows.length;
  const d = features.length;
  const cuts = features.map((_, j) => cutPoints(rows.map((r) => r[j]!), opts.bins));
  // Bin index of each value: the number of cut points below it.
  const binned = features.map((_, j) => {
    const out = new Uint8Array(n);
    const c = cuts[j]!;
    for (let i = 0; i < n; i++) {
      const v = rows[i]![j]!;
      let b = 0;
      while (b < c.length && v > c[b]!) b++;
      out[i] = b;
    }
    return out;
  });
  const positives = labels.reduce((a, b) => a + b, 0);
  const weight = labels.map((y) => (y ? n / (2 * Math.max(1, positives)) : n / (2 * Math.max(1, n - positives))));
  // Balanced weights put the prior at even odds.
  const base = 0;
  const score = new Float64Array(n).fill(base);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const trees: Node[][] = [];
  for (let round = 0; round < opts.trees; round++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(score[i]!);
      const w = weight[i]!;
      grad[i] = (p - labels[i]!) * w;
      hess[i] = Math.max(1e-6, p * (1 - p)) * w;
    }
    const nodes: Node[] = [];
    const grow = (members: Int32Array, depth: number): number => {
      let G = 0;
      let H = 0;
      for (const i of members) {
        G += grad[i]!;
        H += hess[i]!;
      }
      const id = nodes.length;
      nodes.push({ f: -1, t: 0, l: -1, r: -1, v: (-G / (H + opts.lambda)) * opts.learningRate });
      if (depth >= opts.depth || H < 2 * opts.minLeaf) return id;
      const parentGain = (G * G) / (H + opts.lambda);
      let best = { gain: 1e-9, f: -1, bin: -1 };
      for (let j = 0; j < d; j++) {
        const nb = cuts[j]!.length + 1;
        if (nb < 2) continue;
        const gs = new Float64Array(nb);
        const hs = new Float64Array(nb);
        const col = binned[j]!;
        for (const i of members) {
          const bin = col[i]!;
          gs[bin]! += grad[i]!;
          hs[bin]! += hess[i]!;
        }
        let gl = 0;
        let hl = 0;
        for (let b = 0; b < nb - 1; b++) {
          gl += gs[b]!;
          hl += hs[b]!;
          const gr = G - gl;
          const hr = H - hl;
          if (hl < opts.minLeaf || hr < opts.minLeaf) continue;
          const gain = (gl * gl) / (hl + opts.lambda) + (gr * gr) / (hr + opts.lambda) - parentGain;
          if (gain > best.gain) best = { gain, f: j, bin: b };
        }
      }
      if (best.f < 0) return id;
      const col = binned[best.f]!;
      const left = members.filter((i) => col[i]! <= best.bin);
      const right = members.filter((i) => col[i]! > best.bin);
      const node = nodes[id]!;
      node.f = best.f;
      node.t = cuts[best.f]![best.bin]!;
      node.l = grow(left, depth + 1);
      node.r = grow(right, depth + 1);
      return id;
    };
    grow(Int32Array.from({ length: n }, (_, i) => i), 0);
    for (let i = 0; i < n; i++) score[i]! += leafValue(nodes, rows[i]!);
    trees.push(nodes);
  }
  return { features, base, trees };
}

// Node indices come from the trainer (children always exist), so the lookups below are in range.
function leafValue(nodes: Node[], x: number[]): number {
  let node = nodes[0]!;
  while (node.f >= 0) node = nodes[x[node.f]! <= node.t ? node.l : node.r]!;
  return node.v;
}

/** Probability that the candidate is a right answer. */
export function predictBoosted(model: BoostedModel, x: number[]): number {
  let z = model.base;
  for (const t of model.trees) z += leafValue(t, x);
  return sigmoid(z);
}

/** Each feature's contribution to the log-odds: the change in node value at every split on the decision's paths. */
export function boostedContributions(model: BoostedModel, x: number[]): number[] {
  const out = new Array<number>(model.features.length).fill(0);
  for (const nodes of model.trees) {
    let node = nodes[0]!;
    while (node.f >= 0) {
      const next = nodes[x[node.f]! <= node.t ? node.l : node.r]!;
      out[node.f]! += next.v - node.v;
      node = next;
    }
  }
  return out;
}
