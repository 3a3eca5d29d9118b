/**
 * npm run eval: recall@5 and MRR@10 per language for each retriever side by side, on the question set
 * in test/eval/questions.jsonl (dev and held-out splits reported apart), plus verbatim-fragment
 * lookups sampled deterministically from the corpus, and a check that no hit carries a symbol that
 * is not its own text's.
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import dotenv from "dotenv";
import { loadConfig } from "../config.ts";
import { corpusEntries } from "../retrieval/corpus.ts";
import { describeError } from "../retrieval/errors.ts";
import { type EvalQuestion, mean, prng, recallAt, reciprocalRankAt } from "../retrieval/eval/metrics.ts";
import { openAnswerStack } from "../retrieval/service.ts";
import type { RetrieverName } from "../retrieval/types.ts";
import { renderTable } from "./lib/table.ts";

dotenv.config({ quiet: true });
const program = new Command()
  .name("eval")
  .option("--questions <file>", "JSON lines {id, lang, split, query, relevant}", "test/eval/questions.jsonl")
  .option("--fragments <n>", "number of verbatim fragments", (v) => Number(v), 300)
  .option("--split <split>", "dev | heldout | all (report only this split; tune on dev, never on heldout)", "all")
  .option("--json", "print the numbers as JSON");
program.parse();
const opts = program.opts<{ questions: string; fragments: number; split: string; json?: boolean }>();

type Question = EvalQuestion;

const RETRIEVERS: RetrieverName[] = ["dense", "bm25", "hybrid"];

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const stack = await openAnswerStack(config, { rebuild: "auto", log: (l) => process.stderr.write(`${l}\n`) });
  const entries = corpusEntries(stack.corpus);
  const symbolOf = new Map(entries.map((e) => [e.paragraph.id, e.text.symbol]));
  const questions: Question[] = fs
    .readFileSync(path.resolve(opts.questions), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question);
  let wrongSymbols = 0;

  const rows: string[][] = [];
  const results: Record<string, unknown> = {};
  for (const split of (["dev", "heldout", "all"] as const).filter((s) => opts.split === "all" || s === opts.split)) {
    for (const lang of ["zh", "en"] as const) {
      const qs = questions.filter((q) => q.lang === lang && (split === "all" || q.split === split));
      if (qs.length === 0) continue;
      const row = [split, lang, String(qs.length)];
      for (const retriever of RETRIEVERS) {
        const recall: number[] = [];
        const rr: number[] = [];
        for (const q of qs) {
          const { hits } = await stack.retriever.search(q.query, { top: 10, retriever });
          for (const h of hits) if (symbolOf.get(h.id) !== h.symbol) wrongSymbols++;
          recall.push(recallAt(hits, q.relevant, 5));
          rr.push(reciprocalRankAt(hits, q.relevant, 10));
        }
        results[`${split}.${lang}.${retriever}`] = { recall5: mean(recall), mrr10: mean(rr), n: qs.length };
        row.push(`${mean(recall).toFixed(3)} / ${mean(rr).toFixed(3)}`);
      }
      rows.push(row);
    }
  }

  // Verbatim fragments: 12–40 characters cut from random paragraphs; any paragraph containing the
  // fragment word for word is a right answer (identical language exists across texts).
  const random = prng(20241124);
  const flat = (s: string) => s.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
  const candidates = entries.filter((e) => e.paragraph.text.length >= 30);
  const fragRow = ["fragments", "zh+en", String(opts.fragments)];
  const fragments = Array.from({ length: opts.fragments }, () => {
    const e = candidates[Math.floor(random() * candidates.length)]!;
    const len = 12 + Math.floor(random() * 29);
    const start = Math.floor(random() * Math.max(1, e.paragraph.text.length - len));
    return e.paragraph.text.slice(start, start + len);
  });
  for (const retriever of RETRIEVERS) {
    let first = 0;
    for (const fragment of fragments) {
      const { hits } = await stack.retriever.search(fragment, { top: 1, retriever });
      const h = hits[0];
      if (h && symbolOf.get(h.id) !== h.symbol) wrongSymbols++;
      const answered = h && [h.id, ...h.alsoIn.map((a) => a.id)].some((id) => flat(entries.find((e) => e.paragraph.id === id)!.paragraph.text).includes(flat(fragment)));
      if (answered) first++;
    }
    results[`fragments.${retriever}`] = { top1: first / fragments.length, n: fragments.length };
    fragRow.push(`${((100 * first) / fragments.length).toFixed(1)}% first`);
  }
  rows.push(fragRow);
  results.wrongSymbols = wrongSymbols;

  if (opts.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${renderTable(["split", "lang", "n", ...RETRIEVERS.map((r) => `${r} R@5 / MRR@10`)], rows)}\n`);
  process.stdout.write(`\nhits carrying a symbol that is not their text's: ${wrongSymbols}\n`);
}

main().catch((error) => {
  process.stderr.write(`eval failed: ${describeError(error)}\n`);
  process.exitCode = 1;
});
