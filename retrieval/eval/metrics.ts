/**
 * Retrieval metrics, shared by `npm run eval` and its tests. A hit counts for every paragraph it
 * cites: identical language shown once under several symbols (alsoIn) answers for all of them.
 */
import type { Hit } from "../types.ts";

export function hitIds(hit: Hit): string[] {
  return [hit.id, ...hit.alsoIn.map((a) => a.id)];
}

/** Share of the relevant paragraphs found in the top k, out of at most k findable. */
export function recallAt(hits: Hit[], relevant: string[], k: number): number {
  if (relevant.length === 0) return 0;
  const found = new Set(hits.slice(0, k).flatMap(hitIds).filter((id) => relevant.includes(id)));
  return found.size / Math.min(relevant.length, k);
}

export function reciprocalRankAt(hits: Hit[], relevant: string[], k: number): number {
  const rank = hits.slice(0, k).findIndex((h) => hitIds(h).some((id) => relevant.includes(id)));
  return rank < 0 ? 0 : 1 / (rank + 1);
}

export function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** A deterministic PRNG (mulberry32), so the fragment set is the same on every run and machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One line of test/eval/questions.jsonl. */
export interface EvalQuestion {
  id: string;
  lang: "zh" | "en";
  split: "dev" | "heldout";
  query: string;
  relevant: string[];
  note?: string;
}
