/**
 * The HNSW index behind a small interface of our own, so the rest of retrieval never touches
 * LangChain's vector store directly. Documents hold only the paragraph id, symbol and label as
 * metadata; the verbatim text stays in the corpus, so quotes always come from the parsed data and the
 * docstore stays small enough to save at scale (LangChain writes it as one JSON string).
 */
import fs from "node:fs";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { ErrorCode, MandateDeskError } from "./errors.ts";

export interface IndexedItem {
  id: string;
  symbol: string | null;
  label: string;
}

export interface VectorHit {
  id: string;
  /** Cosine similarity (1 is identical). */
  score: number;
}

export interface IndexMeta {
  format: number;
  embedderId: string;
  corpusHash: string;
  dimensions: number;
  count: number;
}

export const INDEX_FORMAT = 1;
const META_FILE = "meta.json";

export class VectorIndex {
  private constructor(
    private readonly store: HNSWLib,
    readonly meta: IndexMeta,
  ) {
    // LangChain never raises ef from hnswlib's default of 10 (recall@10 ≈ 0.77 at 100k); 100 gives ≈ 1.0.
    this.setEf(100);
  }

  static async build(
    embeddings: EmbeddingsInterface,
    vectors: number[][],
    items: IndexedItem[],
    meta: Omit<IndexMeta, "format" | "count" | "dimensions">,
  ): Promise<VectorIndex> {
    const dimensions = vectors[0]?.length ?? 0;
    const store = new HNSWLib(embeddings, { space: "cosine", numDimensions: dimensions });
    const batch = 10_000;
    for (let i = 0; i < items.length; i += batch) {
      await store.addVectors(
        vectors.slice(i, i + batch),
        items.slice(i, i + batch).map((item) => new Document({ pageContent: "", metadata: { ...item } })),
      );
    }
    return new VectorIndex(store, { format: INDEX_FORMAT, ...meta, dimensions, count: items.length });
  }

  /** Adds vectors to a built index (the synthetic scale benchmark streams its corpus in batches). */
  async add(vectors: number[][], items: IndexedItem[]): Promise<void> {
    await this.store.addVectors(vectors, items.map((item) => new Document({ pageContent: "", metadata: { ...item } })));
    this.meta.count += items.length;
  }

  static readMeta(dir: string): IndexMeta | null {
    const file = path.join(dir, META_FILE);
    if (!fs.existsSync(file)) return null;
    try {
      const meta = JSON.parse(fs.readFileSync(file, "utf8")) as IndexMeta;
      return meta.format === INDEX_FORMAT ? meta : null;
    } catch {
      return null;
    }
  }

  static async load(dir: string, embeddings: EmbeddingsInterface): Promise<VectorIndex> {
    const meta = VectorIndex.readMeta(dir);
    if (!meta) {
      throw new MandateDeskError(ErrorCode.IndexMissing, `no search index at ${dir}`, { file: dir, fix: "npm run index" });
    }
    try {
      const store = await HNSWLib.load(dir, embeddings);
      return new VectorIndex(store, meta);
    } catch (error) {
      throw new MandateDeskError(ErrorCode.IndexCorrupt, `the search index at ${dir} cannot be read (${(error as Error).message})`, { file: dir, fix: "npm run index" }, { cause: error });
    }
  }

  setEf(ef: number): void {
    if (this.meta.count > 0) this.store.index.setEf(ef);
  }

  async search(vector: number[], k: number, filter?: (item: IndexedItem) => boolean): Promise<VectorHit[]> {
    if (this.meta.count === 0) return [];
    const results = await this.store.similaritySearchVectorWithScore(
      vector,
      Math.min(k, this.meta.count),
      filter ? (doc: Document) => filter(doc.metadata as IndexedItem) : undefined,
    );
    return results.map(([doc, distance]) => ({ id: (doc.metadata as IndexedItem).id, score: 1 - distance }));
  }

  /** Saves into a fresh directory and swaps it in, so a crash mid-save never leaves a half-written index. */
  async save(dir: string): Promise<void> {
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    await this.store.save(tmp);
    fs.writeFileSync(path.join(tmp, META_FILE), `${JSON.stringify(this.meta, null, 1)}\n`);
    const old = `${dir}.old-${process.pid}`;
    if (fs.existsSync(dir)) fs.renameSync(dir, old);
    fs.renameSync(tmp, dir);
    fs.rmSync(old, { recursive: true, force: true });
  }
}
