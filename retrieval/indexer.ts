/**
 * Builds the dense index from the corpus and decides when it is stale: the corpus changed (its
 * hash), or another embedder built it (its id). The embedding text of a paragraph carries its
 * title and chapeau, so a sub-paragraph is found by what its chapeau says too.
 */
import path from "node:path";
import type { Embeddings } from "@langchain/core/embeddings";
import { type Corpus, type CorpusEntry, corpusEntries } from "./corpus.ts";
import { ErrorCode, MandateDeskError } from "./errors.ts";
import { VectorIndex } from "./vector-index.ts";

export const INDEX_DIR = "index";

export function indexDir(dataDir: string): string {
  return path.join(dataDir, INDEX_DIR);
}

export function embeddingText(entry: CorpusEntry): string {
  const p = entry.paragraph;
  return [entry.text.title, p.chapeau, p.text].filter(Boolean).join("\n");
}

export type IndexState = { state: "ok" } | { state: "missing" } | { state: "stale"; reason: string } | { state: "mismatch"; builtWith: string };

export function indexState(dataDir: string, corpus: Corpus, embedderId: string): IndexState {
  const meta = VectorIndex.readMeta(indexDir(dataDir));
  if (!meta) return { state: "missing" };
  if (meta.embedderId !== embedderId) return { state: "mismatch", builtWith: meta.embedderId };
  if (meta.corpusHash !== corpus.hash) return { state: "stale", reason: "the corpus changed since the index was built" };
  return { state: "ok" };
}

export interface BuildProgress {
  (done: number, total: number): void;
}

export async function buildIndex(
  corpus: Corpus,
  embeddings: Embeddings,
  embedderId: string,
  onProgress?: BuildProgress,
): Promise<VectorIndex> {
  const entries = corpusEntries(corpus);
  const texts = entries.map(embeddingText);
  const vectors: number[][] = [];
  const batch = 256;
  for (let i = 0; i < texts.length; i += batch) {
    try {
      vectors.push(...(await embeddings.embedDocuments(texts.slice(i, i + batch))));
    } catch (error) {
      if (error instanceof MandateDeskError) throw error;
      throw new MandateDeskError(ErrorCode.EmbedderFailed, `embedding failed: ${(error as Error).message}`, { fix: "npm run index" }, { cause: error });
    }
    onProgress?.(Math.min(i + batch, texts.length), texts.length);
  }
  return VectorIndex.build(
    embeddings,
    vectors,
    entries.map((e) => ({ id: e.paragraph.id, symbol: e.text.symbol, label: e.paragraph.label })),
    { embedderId, corpusHash: corpus.hash },
  );
}

/** The error a reader of an unusable index sees: what is wrong and the command that fixes it. */
export function indexStateError(state: Exclude<IndexState, { state: "ok" }>, dataDir: string, embedderId: string): MandateDeskError {
  const file = indexDir(dataDir);
  switch (state.state) {
    case "missing":
      return new MandateDeskError(ErrorCode.IndexMissing, "there is no search index yet", { file, fix: "npm run index" });
    case "stale":
      return new MandateDeskError(ErrorCode.IndexStale, `the search index is out of date: ${state.reason}`, { file, fix: "npm run index" });
    case "mismatch":
      return new MandateDeskError(
        ErrorCode.EmbedderMismatch,
        `the search index was built with the embedder ${state.builtWith}, but the configured embedder is ${embedderId}`,
        { file, fix: "npm run index" },
      );
  }
}
