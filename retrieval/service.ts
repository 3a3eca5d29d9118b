/**
 * Opens the whole retrieval stack from configuration: corpus (re-ingested from seeds when they
 * changed), glossary, embedder, HNSW index (rebuilt when missing or stale, or refused with the
 * command that fixes it), the hybrid retriever and the answer service (composing when a model is
 * configured). Every entry point (start, ask, digest, eval) goes through here.
 */
import { createHash } from "node:crypto";
import type { Config } from "../config.ts";
import { type Corpus, ingestDirectory, loadCorpus, writeCorpus } from "./corpus.ts";
import { createEmbeddings } from "./embeddings/index.ts";
import { isMandateDeskError } from "./errors.ts";
import { Glossary } from "./glossary/index.ts";
import { type BuildProgress, buildIndex, indexDir, indexState, indexStateError } from "./indexer.ts";
import { createChatModel } from "./llm/chat.ts";
import { createComposingAnswerService } from "./llm/compose.ts";
import { HybridRetriever } from "./search.ts";
import { detectLanguage } from "./answer.ts";
import { composeSummary } from "./llm/compose.ts";
import type { AnswerService, DigestSummarizer } from "./types.ts";
import { VectorIndex } from "./vector-index.ts";

export interface OpenOptions {
  /** "auto": ingest and index what is missing or stale (npm start). "never": refuse with the fixing command (ask, eval). */
  rebuild?: "auto" | "never";
  onProgress?: BuildProgress;
  log?: (line: string) => void;
}

export interface AnswerStack {
  retriever: HybridRetriever;
  answers: AnswerService;
  corpus: Corpus;
  embedderId: string;
  /** The digest's lead sentences from the same composer as answers; null with LLM_PROVIDER=none. */
  summarizeDigest: DigestSummarizer | null;
  close(): Promise<void>;
}

/**
 * A concept that tags most paragraphs (会员国, 打击) says nothing about any one of them and would
 * drown the distinctive ones in the embedding, so the tagger leaves those out.
 */
export function conceptTaggerFor(glossary: Glossary, corpus: Corpus): { tagger: (text: string) => string[]; version: string } {
  const df = new Map<string, number>();
  let n = 0;
  for (const d of corpus.documents) {
    for (const t of d.texts) {
      for (const p of t.paragraphs) {
        n++;
        for (const c of new Set(glossary.conceptsIn(p.text))) df.set(c, (df.get(c) ?? 0) + 1);
      }
    }
  }
  const generic = new Set([...df.entries()].filter(([, count]) => count > Math.max(20, n * 0.12)).map(([c]) => c));
  const version = createHash("sha256")
    .update(JSON.stringify(glossary.entries))
    .update([...generic].sort().join(","))
    .digest("hex")
    .slice(0, 16);
  return { tagger: (text) => glossary.conceptsIn(text).filter((c) => !generic.has(c)), version };
}

export function embedderFor(config: Config, glossary: Glossary, corpus: Corpus) {
  const { tagger, version } = conceptTaggerFor(glossary, corpus);
  return createEmbeddings({
    provider: config.EMBEDDER,
    model: config.EMBEDDING_MODEL,
    baseUrl: config.EMBEDDER === "ollama" ? config.OLLAMA_BASE_URL : config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    timeoutMs: 30_000,
    conceptTagger: tagger,
    conceptVersion: version,
  });
}

export function currentCorpus(config: Config, rebuild: "auto" | "never", log: (line: string) => void): Corpus {
  if (rebuild === "never") return loadCorpus(config.DATA_DIR);
  let stored: Corpus | null = null;
  try {
    stored = loadCorpus(config.DATA_DIR);
  } catch (error) {
    if (!isMandateDeskError(error)) throw error;
  }
  const fresh = ingestDirectory(config.SEEDS_DIR);
  if (fresh.documents.length === 0) {
    if (stored) {
      log(`No document in ${config.SEEDS_DIR} could be ingested; keeping the stored corpus.`);
      return stored;
    }
    throw new Error(`No document in ${config.SEEDS_DIR} could be ingested: ${fresh.problems.map((p) => `${p.file}: ${p.message}`).join("; ")}`);
  }
  if (writeCorpus(config.DATA_DIR, fresh)) log(`Corpus updated from ${config.SEEDS_DIR}: ${fresh.documents.length} documents.`);
  return fresh;
}

export async function openAnswerStack(config: Config, options: OpenOptions = {}): Promise<AnswerStack> {
  const rebuild = options.rebuild ?? "auto";
  const log = options.log ?? (() => {});
  const corpus = currentCorpus(config, rebuild, log);
  const glossary = Glossary.load();
  const { embeddings, id: embedderId } = embedderFor(config, glossary, corpus);
  const dir = indexDir(config.DATA_DIR);
  const state = indexState(config.DATA_DIR, corpus, embedderId);
  let index: VectorIndex;
  if (state.state === "ok") {
    index = await VectorIndex.load(dir, embeddings);
  } else if (rebuild === "auto") {
    log(state.state === "missing" ? "Building the search index…" : `Rebuilding the search index (${state.state === "stale" ? state.reason : `embedder changed from ${state.builtWith}`})…`);
    index = await buildIndex(corpus, embeddings, embedderId, options.onProgress);
    await index.save(dir);
  } else {
    throw indexStateError(state, config.DATA_DIR, embedderId);
  }
  const retriever = new HybridRetriever({ corpus, index, embeddings, glossary });
  const chat = createChatModel({
    provider: config.LLM_PROVIDER,
    model: config.LLM_MODEL,
    baseUrl: config.LLM_PROVIDER === "ollama" ? config.OLLAMA_BASE_URL : config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    timeoutMs: config.LLM_TIMEOUT_MS,
  });
  // With no model this is the extractive answer, plus the rule-based rewrite of thread follow-ups.
  const answers = createComposingAnswerService({ retriever, chat, timeoutMs: config.LLM_TIMEOUT_MS });
  const summarizeDigest: DigestSummarizer | null = chat
    ? async (topic, hits) =>
        (await composeSummary({ chat, prompt: "digest", text: topic, hits, language: detectLanguage(topic), timeoutMs: config.LLM_TIMEOUT_MS })).summary
    : null;
  return { retriever, answers, corpus, embedderId, summarizeDigest, close: async () => {} };
}
