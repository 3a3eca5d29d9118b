/**
 * Okapi BM25 over pre-tokenised paragraphs. Small and in memory: the corpus of one mission is a few
 * thousand paragraphs, and BM25's postings are rebuilt from the corpus in milliseconds at start-up,
 * so nothing lexical needs to be persisted.
 */
export interface Bm25Options {
  k1?: number;
  b?: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, Array<{ doc: number; tf: number }>>();
  private readonly lengths: number[] = [];
  private readonly avgLength: number;
  private readonly k1: number;
  private readonly b: number;

  constructor(docs: string[][], options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    docs.forEach((tokens, doc) => {
      this.lengths.push(tokens.length);
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, count] of tf) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, tf: count });
      }
    });
    this.avgLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, this.lengths.length);
  }

  get size(): number {
    return this.lengths.length;
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Top documents for the query tokens; `allow` restricts to a subset (filters). */
  search(queryTokens: string[], k: number, allow?: (doc: number) => boolean): Array<{ doc: number; score: number }> {
    const qtf = new Map<string, number>();
    for (const t of queryTokens) qtf.set(t, (qtf.get(t) ?? 0) + 1);
    const scores = new Map<number, number>();
    for (const [term, count] of qtf) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf } of list) {
        if (allow && !allow(doc)) continue;
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengths[doc]!) / this.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + count * idf * ((tf * (this.k1 + 1)) / norm));
      }
    }
    return [...scores.entries()]
      .map(([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, k);
  }
}
