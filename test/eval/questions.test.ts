import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { before, test } from "node:test";
import { corpusEntries, ingestDirectory } from "../../retrieval/corpus.ts";
import type { EvalQuestion } from "../../retrieval/eval/metrics.ts";
import type { Paragraph } from "../../retrieval/types.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const QUESTIONS_FILE = path.join(HERE, "questions.jsonl");
// The seeds, not data/: the set must stay valid for whoever runs the tests, ingested or not.
const SEEDS_DIR = path.resolve(HERE, "../../seeds");

const MIN_PER_LANGUAGE = 60;
const MAX_SHARED_ZH_CHARS = 7;
const MAX_SHARED_EN_WORDS = 5;

type Question = EvalQuestion;

let lines: string[] = [];
let questions: Question[] = [];
let paragraphs = new Map<string, Paragraph>();

before(() => {
  lines = fs
    .readFileSync(QUESTIONS_FILE, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  questions = lines.map((line) => JSON.parse(line) as Question);
  paragraphs = new Map(corpusEntries(ingestDirectory(SEEDS_DIR)).map((e) => [e.paragraph.id, e.paragraph]));
});

function isQuestion(value: unknown): value is Question {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const allowed = new Set(["id", "lang", "split", "query", "relevant", "note"]);
  return (
    Object.keys(v).every((k) => allowed.has(k)) &&
    typeof v.id === "string" &&
    /^(zh|en)-\d{3}$/.test(v.id) &&
    (v.lang === "zh" || v.lang === "en") &&
    v.id.startsWith(`${v.lang}-`) &&
    (v.split === "dev" || v.split === "heldout") &&
    typeof v.query === "string" &&
    v.query.trim().length > 0 &&
    Array.isArray(v.relevant) &&
    v.relevant.length > 0 &&
    v.relevant.every((r) => typeof r === "string" && r.length > 0) &&
    (v.note === undefined || typeof v.note === "string")
  );
}

/** Longest run of characters the two strings share, ignoring case and whitespace (PDF text spaces digits). */
function longestSharedRun(a: string, b: string): { length: number; run: string } {
  const x = a.toLowerCase().replace(/\s+/g, "");
  const y = b.toLowerCase().replace(/\s+/g, "");
  let best = 0;
  let end = 0;
  const row = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= y.length; j++) {
      const above = row[j] ?? 0;
      const run = x[i - 1] === y[j - 1] ? diagonal + 1 : 0;
      row[j] = run;
      if (run > best) {
        best = run;
        end = i;
      }
      diagonal = above;
    }
  }
  return { length: best, run: x.slice(end - best, end) };
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function sharedWordRun(query: string, text: string, n: number): string | null {
  const grams = new Set<string>();
  const t = words(text);
  for (let i = 0; i + n <= t.length; i++) grams.add(t.slice(i, i + n).join(" "));
  const q = words(query);
  for (let i = 0; i + n <= q.length; i++) {
    const gram = q.slice(i, i + n).join(" ");
    if (grams.has(gram)) return gram;
  }
  return null;
}

test("every line of the question file is a JSON object of the documented shape", () => {
  assert.ok(lines.length > 0, "the question file is empty");
  lines.forEach((line, index) => {
    let parsed: unknown;
    assert.doesNotThrow(() => {
      parsed = JSON.parse(line);
    }, `line ${index + 1} is not valid JSON`);
    assert.ok(isQuestion(parsed), `line ${index + 1} does not have the shape {id, lang, split, query, relevant, note?}: ${line}`);
  });
});

test("question ids are unique and no question lists the same paragraph twice", () => {
  const seen = new Set<string>();
  for (const q of questions) {
    assert.ok(!seen.has(q.id), `duplicate question id ${q.id}`);
    seen.add(q.id);
    assert.equal(new Set(q.relevant).size, q.relevant.length, `${q.id} lists a paragraph twice`);
  }
});

test("each language has at least sixty questions split evenly between dev and heldout", () => {
  for (const lang of ["zh", "en"] as const) {
    const own = questions.filter((q) => q.lang === lang);
    assert.ok(own.length >= MIN_PER_LANGUAGE, `${lang} has ${own.length} questions, fewer than ${MIN_PER_LANGUAGE}`);
    const dev = own.filter((q) => q.split === "dev").length;
    const heldout = own.filter((q) => q.split === "heldout").length;
    assert.ok(dev > 0 && heldout > 0, `${lang} must have both splits (dev ${dev}, heldout ${heldout})`);
    assert.ok(Math.abs(dev - heldout) <= 1, `${lang} splits are unbalanced: dev ${dev}, heldout ${heldout}`);
  }
});

test("every relevant paragraph id exists in the corpus parsed from the seeds", () => {
  assert.ok(paragraphs.size > 0, "the seeds produced no paragraphs");
  const missing = questions.flatMap((q) => q.relevant.filter((id) => !paragraphs.has(id)).map((id) => `${q.id} → ${id}`));
  assert.deepEqual(missing, [], `relevant ids not in the corpus:\n${missing.join("\n")}`);
});

test("no Chinese query copies eight or more consecutive characters of a relevant paragraph", () => {
  const copies: string[] = [];
  for (const q of questions.filter((x) => x.lang === "zh")) {
    for (const id of q.relevant) {
      const p = paragraphs.get(id);
      if (!p) continue;
      for (const source of [p.text, p.chapeau ?? ""]) {
        const shared = longestSharedRun(q.query, source);
        if (shared.length > MAX_SHARED_ZH_CHARS) copies.push(`${q.id} copies "${shared.run}" from ${id}`);
      }
    }
  }
  assert.deepEqual(copies, [], copies.join("\n"));
});

test("no English query copies six or more consecutive words of a relevant paragraph", () => {
  const copies: string[] = [];
  for (const q of questions.filter((x) => x.lang === "en")) {
    for (const id of q.relevant) {
      const p = paragraphs.get(id);
      if (!p) continue;
      for (const source of [p.text, p.chapeau ?? ""]) {
        const gram = sharedWordRun(q.query, source, MAX_SHARED_EN_WORDS + 1);
        if (gram) copies.push(`${q.id} copies "${gram}" from ${id}`);
      }
    }
  }
  assert.deepEqual(copies, [], copies.join("\n"));
});
