/**
 * npm run bench: what the product costs on this machine.
 *  1. Seeds: ingest + index time, hybrid query latency p50/p95 in-process (embedding included), peak RSS.
 *  2. Scale: synthetic corpora (seed paragraphs mixed and perturbed) of 100k and 1M paragraphs through
 *     the same embedder and the same VectorIndex (LangChain HNSWLib): build time, memory, dense query
 *     latency p50/p95 and HNSW recall@10 against exact search.
 * Exact neighbours are computed while the corpus streams by, so no second copy of 1M vectors is held.
 * Numbers are printed, never asserted: wall-clock depends on the machine.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import dotenv from "dotenv";
import { loadConfig } from "../config.ts";
import { corpusEntries, ingestDirectory } from "../retrieval/corpus.ts";
import { LocalEmbeddings } from "../retrieval/embeddings/index.ts";
import { describeError } from "../retrieval/errors.ts";
import { percentile, prng } from "../retrieval/eval/metrics.ts";
import { Glossary } from "../retrieval/glossary/index.ts";
import { buildIndex } from "../retrieval/indexer.ts";
import { HybridRetriever } from "../retrieval/search.ts";
import { conceptTaggerFor, embedderFor } from "../retrieval/service.ts";
import { VectorIndex } from "../retrieval/vector-index.ts";
import { renderTable } from "./lib/table.ts";

dotenv.config({ quiet: true });
const program = new Command()
  .name("bench")
  .option("--scale <sizes>", "synthetic corpus sizes, comma-separated (0 to skip)", "100000,1000000")
  .option("--queries <n>", "queries per run", (v) => Number(v), 200)
  .option("--json <file>", "also write the results as JSON to this file");
program.parse();
const opts = program.opts<{ scale: string; queries: number; json?: string }>();

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (x: number) => `${x.toFixed(2)} ms`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function seedsBench(): Promise<Record<string, number>> {
  const config = loadConfig(process.env);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "md-bench-"));
  try {
    const t0 = performance.now();
    const corpus = ingestDirectory(config.SEEDS_DIR);
    const t1 = performance.now();
    const glossary = Glossary.load();
    const { embeddings, id } = embedderFor({ ...config, EMBEDDER: "local" }, glossary, corpus);
    const index = await buildIndex(corpus, embeddings, id);
    await index.save(path.join(dataDir, "index"));
    const t2 = performance.now();
    const retriever = new HybridRetriever({ corpus, index, embeddings, glossary });
    const questions = sampleQueries(corpus, opts.queries);
    for (const q of questions.slice(0, 20)) await retriever.search(q);
    const times: number[] = [];
    for (const q of questions) {
      const s = performance.now();
      await retriever.search(q, { top: 10 });
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    return {
      paragraphs: index.meta.count,
      ingestMs: t1 - t0,
      indexMs: t2 - t1,
      totalMs: t2 - t0,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      peakRss: peakRss(),
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Questions for latency: paraphrase-like word mixes from the corpus, Chinese and English. */
function sampleQueries(corpus: ReturnType<typeof ingestDirectory>, n: number): string[] {
  const random = prng(7);
  const texts = corpusEntries(corpus).map((e) => e.paragraph.text);
  const english = ["online scams and trafficking", "UNODC technical assistance on cybercrime", "children sexual exploitation online", "Crime Congress preparations", "extrabudgetary resources", "rehabilitation and reintegration of offenders", "sport and youth crime prevention", "mutual legal assistance and extradition"];
  return Array.from({ length: n }, (_, i) => {
    if (i % 3 === 0) return english[i % english.length]!;
    const t = texts[Math.floor(random() * texts.length)]!;
    const start = Math.floor(random() * Math.max(1, t.length - 20));
    return t.slice(start, start + 8 + Math.floor(random() * 12));
  });
}

/** A perturbed mix of seed paragraphs: clauses shuffled and spliced, some characters replaced. */
function synthesizer(texts: string[], seed: number): () => string {
  const random = prng(seed);
  const clauses = texts.flatMap((t) => t.split(/(?<=[，；。,;])/)).filter((c) => c.length > 4);
  const chars = [...new Set(texts.join("").replace(/[\s\p{P}\p{S}\d]/gu, ""))];
  return () => {
    const parts: string[] = [];
    const n = 2 + Math.floor(random() * 5);
    for (let i = 0; i < n; i++) parts.push(clauses[Math.floor(random() * clauses.length)]!);
    let s = parts.join("");
    const edits = Math.floor(s.length * 0.05);
    const arr = [...s];
    for (let i = 0; i < edits; i++) arr[Math.floor(random() * arr.length)] = chars[Math.floor(random() * chars.length)]!;
    s = arr.join("");
    return s;
  };
}

async function scaleBench(size: number): Promise<Record<string, number>> {
  const config = loadConfig(process.env);
  const corpus = ingestDirectory(config.SEEDS_DIR);
  const texts = corpusEntries(corpus).map((e) => e.paragraph.text);
  const { tagger, version } = conceptTaggerFor(Glossary.load(), corpus);
  const embeddings = new LocalEmbeddings({ conceptTagger: tagger, conceptVersion: version });
  const queryCount = Math.min(opts.queries, 100);
  const makeQuery = synthesizer(texts, 99);
  const queries = Array.from({ length: queryCount }, () => embeddings.embedSync(makeQuery().slice(0, 40)));
  const exact = queries.map(() => [] as Array<{ label: number; sim: number }>);

  const make = synthesizer(texts, size);
  const started = performance.now();
  let store: VectorIndex | null = null;
  const batch = 10_000;
  let embedMs = 0;
  let addMs = 0;
  for (let offset = 0; offset < size; offset += batch) {
    const count = Math.min(batch, size - offset);
    const e0 = performance.now();
    const vectors: number[][] = [];
    for (let i = 0; i < count; i++) vectors.push(embeddings.embedSync(make()));
    embedMs += performance.now() - e0;
    // Exact top-10 per query, kept incrementally while the vectors pass by.
    vectors.forEach((v, i) => {
      queries.forEach((q, qi) => {
        let dot = 0;
        for (let d = 0; d < v.length; d++) dot += v[d]! * q[d]!;
        const top = exact[qi]!;
        if (top.length < 10 || dot > top[top.length - 1]!.sim) {
          top.push({ label: offset + i, sim: dot });
          top.sort((a, b) => b.sim - a.sim);
          if (top.length > 10) top.pop();
        }
      });
    });
    const a0 = performance.now();
    const items = vectors.map((_, i) => ({ id: `s${offset + i}`, symbol: null, label: "OP 1" }));
    if (!store) store = await VectorIndex.build(embeddings, vectors, items, { embedderId: embeddings.id, corpusHash: "synthetic" });
    else await store.add(vectors, items);
    addMs += performance.now() - a0;
    if ((offset / batch) % 10 === 0) log(`  ${size}: ${offset + count} paragraphs, ${((performance.now() - started) / 1000).toFixed(0)} s, RSS ${mb(process.memoryUsage().rss)}`);
  }
  const buildMs = performance.now() - started;
  const rssAfterBuild = process.memoryUsage().rss;

  let recallSum = 0;
  const times: number[] = [];
  const queryTexts = Array.from({ length: queryCount }, () => makeQuery().slice(0, 40));
  for (let qi = 0; qi < queryCount; qi++) {
    const found = await store!.search(queries[qi]!, 10);
    const want = new Set(exact[qi]!.map((x) => `s${x.label}`));
    recallSum += found.filter((f) => want.has(f.id)).length / want.size;
    const s = performance.now();
    await store!.search(await embeddings.embedQuery(queryTexts[qi]!), 10);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-scale-"));
  const s0 = performance.now();
  let saveMs = Number.NaN;
  let savedBytes = Number.NaN;
  try {
    await store!.save(path.join(dir, "index"));
    saveMs = performance.now() - s0;
    savedBytes = fs.readdirSync(path.join(dir, "index")).reduce((n, f) => n + fs.statSync(path.join(dir, "index", f)).size, 0);
  } catch (error) {
    log(`  save failed at ${size}: ${describeError(error)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    size,
    buildMs,
    embedMs,
    addMs,
    saveMs,
    savedBytes,
    rssAfterBuild,
    peakRss: peakRss(),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    recall10: recallSum / queryCount,
  };
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {};
  log("seeds: ingest + index + queries…");
  const seeds = await seedsBench();
  results.seeds = seeds;
  process.stdout.write(
    `${renderTable(
      ["seeds", "paragraphs", "ingest", "index", "ingest+index", "query p50", "query p95", "peak RSS"],
      [["hybrid", String(seeds.paragraphs), ms(seeds.ingestMs!), ms(seeds.indexMs!), ms(seeds.totalMs!), ms(seeds.p50!), ms(seeds.p95!), mb(seeds.peakRss!)]],
    )}\n\n`,
  );
  const sizes = opts.scale.split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const rows: string[][] = [];
  for (const size of sizes) {
    log(`scale ${size}: synthesizing, embedding, indexing…`);
    const r = await scaleBench(size);
    results[`scale${size}`] = r;
    rows.push([
      String(size),
      `${(r.buildMs! / 1000).toFixed(1)} s`,
      `${(r.embedMs! / 1000).toFixed(1)} s`,
      `${(r.addMs! / 1000).toFixed(1)} s`,
      Number.isNaN(r.saveMs!) ? "failed" : `${(r.saveMs! / 1000).toFixed(1)} s / ${mb(r.savedBytes!)}`,
      mb(r.rssAfterBuild!),
      mb(r.peakRss!),
      ms(r.p50!),
      ms(r.p95!),
      r.recall10!.toFixed(3),
    ]);
    process.stdout.write(
      `${renderTable(["paragraphs", "build", "embed", "hnsw add", "save / size", "RSS built", "peak RSS", "dense p50", "dense p95", "recall@10"], rows)}\n`,
    );
  }
  if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${describeError(error)}\n`);
  process.exitCode = 1;
});
