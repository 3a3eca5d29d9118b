/**
 * npm run ask: search the corpus from a terminal. Its JSON (--json, --batch) is a contract other
 * tools rely on: {"query", "hits": [...]} per question, hits shaped like retrieval/types.ts `Hit`.
 */
import fs from "node:fs";
import readline from "node:readline";
import { Command, InvalidArgumentError } from "commander";
import dotenv from "dotenv";
import { loadConfig } from "../config.ts";
import { describeError } from "../retrieval/errors.ts";
import { renderAnswerText } from "../retrieval/llm/render.ts";
import { openAnswerStack } from "../retrieval/service.ts";
import type { ParagraphKind, RetrieverName, SearchOptions } from "../retrieval/types.ts";

dotenv.config({ quiet: true });

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new InvalidArgumentError("must be a whole number from 1 to 50");
  return n;
};

const program = new Command()
  .name("ask")
  .description("Ask the corpus a question, or look up a paragraph (\"A/C.3/74/L.2 OP 11\")")
  .argument("[question...]", "the question")
  .option("--json", "print JSON: {query, hits}")
  .option("--batch <file>", "read JSON lines {id, query}; print one JSON line per query")
  .option("--top <k>", "number of hits (1–50)", positiveInt, 5)
  .option("--retriever <name>", "dense | bm25 | hybrid", (v) => {
    if (!["dense", "bm25", "hybrid"].includes(v)) throw new InvalidArgumentError("must be dense, bm25 or hybrid");
    return v;
  }, "hybrid")
  .option("--answer", "print the composed answer exactly as the bot posts it")
  .option("--symbol <symbol>", "only this text (symbol, alias or short form such as L.2)")
  .option("--body <body>", "only texts of this body (e.g. \"General Assembly\")")
  .option("--year <year>", "only texts of this year", (v) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new InvalidArgumentError("must be a year such as 2024");
    return n;
  })
  .option("--kind <kind>", "operative | preambular | report", (v) => {
    if (!["operative", "preambular", "report"].includes(v)) throw new InvalidArgumentError("must be operative, preambular or report");
    return v;
  })
  .option("--mandates", "only operative paragraphs that request, decide, call upon or invite");
program.parse();

interface Opts {
  json?: boolean;
  batch?: string;
  top: number;
  retriever: RetrieverName;
  answer?: boolean;
  symbol?: string;
  body?: string;
  year?: number;
  kind?: ParagraphKind;
  mandates?: boolean;
}
const opts = program.opts<Opts>();
const question = program.args.join(" ");

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!opts.batch && program.args.length === 0) {
    fail("Ask a question, e.g. npm run ask -- \"what have we agreed on online scams and trafficking?\"", 2);
    return;
  }
  const stack = await openAnswerStack(config, { rebuild: "never" });
  const options: SearchOptions = {
    top: opts.top,
    retriever: opts.retriever,
    filters: { symbol: opts.symbol, body: opts.body, year: opts.year, kind: opts.kind, mandatesOnly: opts.mandates },
  };

  if (opts.batch) {
    const input = opts.batch === "-" ? process.stdin : fs.createReadStream(opts.batch);
    input.on("error", (error: Error) => fail(`cannot read ${opts.batch}: ${error.message}`, 2));
    let n = 0;
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      n++;
      if (line.trim() === "") continue;
      let item: { id?: unknown; query?: unknown };
      try {
        item = JSON.parse(line);
      } catch {
        process.stdout.write(`${JSON.stringify({ id: null, query: null, hits: [], error: `line ${n} is not JSON` })}\n`);
        continue;
      }
      if (typeof item.query !== "string") {
        process.stdout.write(`${JSON.stringify({ id: item.id ?? null, query: null, hits: [], error: `line ${n} has no "query" string` })}\n`);
        continue;
      }
      const result = await stack.retriever.search(item.query, options);
      process.stdout.write(`${JSON.stringify({ id: item.id ?? null, query: item.query, hits: result.hits, notices: result.notices })}\n`);
    }
    return;
  }

  if (opts.answer) {
    const answer = await stack.answers.answer(question, options);
    process.stdout.write(`${renderAnswerText(answer)}\n`);
    return;
  }
  const result = await stack.retriever.search(question, options);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ query: result.query, hits: result.hits, notices: result.notices, lookup: result.lookup })}\n`);
    return;
  }
  process.stdout.write(
    `${renderAnswerText({ question, searched: question, language: "en", summary: null, mode: "extractive", fallbackReason: null, hits: result.hits, lookup: result.lookup, notices: result.notices })}\n`,
  );
}

function fail(message: string, code: number): void {
  process.stderr.write(`ask: ${message}\n`);
  process.exitCode = code;
}

main().catch((error) => fail(describeError(error), 1));
