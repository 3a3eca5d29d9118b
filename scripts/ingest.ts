/**
 * npm run ingest: parse seeds/ (with seeds/manifest.json) into DATA_DIR/corpus.json and print what
 * was found per document and per text. Exit status is non-zero only when nothing could be ingested.
 */
import { Command } from "commander";
import dotenv from "dotenv";
import { loadConfig } from "../config.ts";
import { ingestDirectory, writeCorpus } from "../retrieval/corpus.ts";
import { describeError } from "../retrieval/errors.ts";
import type { ParsedDocument } from "../retrieval/types.ts";
import { renderTable } from "./lib/table.ts";

dotenv.config({ quiet: true });

const program = new Command()
  .name("ingest")
  .description("Parse the documents in the seeds directory into the corpus")
  .option("--seeds <dir>", "directory of documents (default: SEEDS_DIR or ./seeds)")
  .option("--data <dir>", "where to write corpus.json (default: DATA_DIR or ./data)")
  .option("--json", "print the parsed corpus as JSON instead of the table");
program.parse();
const opts = program.opts<{ seeds?: string; data?: string; json?: boolean }>();

try {
  const config = loadConfig({ ...process.env, ...(opts.seeds ? { SEEDS_DIR: opts.seeds } : {}), ...(opts.data ? { DATA_DIR: opts.data } : {}) });
  const corpus = ingestDirectory(config.SEEDS_DIR);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(corpus.documents, null, 2)}\n`);
  } else {
    process.stdout.write(`${summaryTable(corpus.documents)}\n`);
    if (corpus.problems.length > 0) {
      process.stdout.write(`\nWarnings (${corpus.problems.length}):\n`);
      for (const p of corpus.problems) process.stdout.write(`  ${p.file}: ${p.message}\n`);
    }
  }
  if (corpus.documents.length === 0) {
    process.stderr.write(`Nothing could be ingested from ${config.SEEDS_DIR}; the corpus was left as it was.\n`);
    process.exitCode = 1;
  } else {
    const changed = writeCorpus(config.DATA_DIR, corpus);
    const paragraphs = corpus.documents.reduce((n, d) => n + d.texts.reduce((m, t) => m + t.paragraphs.length, 0), 0);
    process.stderr.write(
      `${corpus.documents.length} documents, ${corpus.documents.reduce((n, d) => n + d.texts.length, 0)} texts, ${paragraphs} paragraphs → ${config.DATA_DIR}/corpus.json (${changed ? "written" : "unchanged"})\n`,
    );
  }
} catch (error) {
  process.stderr.write(`ingest failed: ${describeError(error)}\n`);
  process.exitCode = 1;
}

function summaryTable(documents: ParsedDocument[]): string {
  const rows: string[][] = [];
  for (const doc of documents) {
    rows.push([doc.file, doc.kind, doc.symbol ?? "-", doc.title ?? "", "", "", "", "", String(doc.warnings.length)]);
    for (const t of doc.texts) {
      const count = (kind: string) => t.paragraphs.filter((p) => p.kind === kind && p.sub === null).length;
      const subs = t.paragraphs.filter((p) => p.sub !== null).length;
      rows.push([
        `  ${t.heading ?? (t.kind === "report" ? "(narrative)" : "(text)")}`,
        `${t.kind}/${t.status}`,
        t.symbol ?? "- (no symbol)",
        t.title,
        String(count("preambular")),
        String(count("operative")),
        String(subs),
        String(count("report")),
        String(t.warnings.length),
      ]);
    }
  }
  return renderTable(["Document / text", "Kind", "Symbol", "Title", "PP", "OP", "Sub", "Para", "Warn"], rows, [26, 18, 24, 36]);
}
