import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ErrorCode, MandateDeskError } from "../../retrieval/errors.ts";
import { openAnswerStack } from "../../retrieval/service.ts";
import { loadConfig } from "../../config.ts";
import { ROOT, seededStack } from "./helpers.ts";

let dataDir: string;
let cleanup: () => void;
before(async () => {
  ({ dataDir, cleanup } = await seededStack());
});
after(() => cleanup());

function ask(args: string[], data = dataDir, input?: string) {
  return spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/ask.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input,
    env: { ...process.env, DATA_DIR: data, SEEDS_DIR: path.join(ROOT, "seeds"), LLM_PROVIDER: "none", EMBEDDER: "local" },
  });
}

function copyData(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "md-copy-"));
  fs.cpSync(dataDir, copy, { recursive: true });
  return copy;
}

function assertHitShape(hit: Record<string, unknown>): void {
  assert.equal(typeof hit.rank, "number");
  assert.equal(typeof hit.score, "number");
  assert.ok(hit.symbol === null || typeof hit.symbol === "string");
  assert.ok(Array.isArray(hit.aliases));
  assert.equal(typeof hit.title, "string");
  assert.ok(hit.body === null || typeof hit.body === "string");
  const p = hit.paragraph as Record<string, unknown>;
  assert.ok(["preambular", "operative", "report"].includes(p.kind as string));
  assert.ok(p.number === null || Number.isInteger(p.number));
  assert.ok(p.sub === null || typeof p.sub === "string");
  assert.equal(typeof p.label, "string");
  assert.equal(typeof hit.text, "string");
  const source = hit.source as Record<string, unknown>;
  assert.equal(typeof source.file, "string");
  assert.ok(Number.isInteger(source.line));
}

describe("ask --json is a contract", () => {
  test("one question prints one JSON object {query, hits} with hits of the documented shape", () => {
    const r = ask(["--json", "--top", "3", "A/C.3/74/L.2 OP 11"]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.query, "A/C.3/74/L.2 OP 11");
    assert.equal(out.hits[0].symbol, "A/C.3/74/L.2");
    assert.deepEqual(out.hits[0].paragraph, { kind: "operative", number: 11, sub: null, label: "OP 11" });
    for (const hit of out.hits) assertHitShape(hit);
  });

  test("a batch of JSON lines prints one JSON line per query, in order, with its id", () => {
    const input = ['{"id": "q1", "query": "33/1 第7段(k)"}', '{"id": 2, "query": "online child sexual exploitation"}', "not json", '{"id": "q4"}'].join("\n");
    const r = ask(["--json", "--top", "2", "--batch", "-"], dataDir, input);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 4);
    assert.deepEqual([lines[0].id, lines[0].query, lines[0].hits[0].paragraph.label], ["q1", "33/1 第7段(k)", "OP 7(k)"]);
    assert.equal(lines[1].id, 2);
    assert.equal(lines[1].hits.length, 2);
    for (const hit of [...lines[0].hits, ...lines[1].hits]) assertHitShape(hit);
    assert.match(lines[2].error, /line 3 is not JSON/);
    assert.match(lines[3].error, /no "query"/);
  });

  test("without --json the answer is readable, quotes and citations first", () => {
    const r = ask(["33/1 OP 9(a)"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\[1\] 请联合国毒品和犯罪问题办公室：\n\s+继续在其现有任务授权范围内/);
    assert.match(r.stdout, /E\/CN\.15\/2024\/L\.2.*OP 9\(a\)/);
  });

  test("bad arguments are refused with a message, not a stack trace", () => {
    const r = ask(["--top", "zero", "x"]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--top.*whole number/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  });
});

describe("an unusable index is named with the command that rebuilds it", () => {
  test("a missing index", () => {
    const data = copyData();
    fs.rmSync(path.join(data, "index"), { recursive: true });
    const r = ask(["--json", "trafficking"], data);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /there is no search index yet.*npm run index/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test("a corrupt index file", () => {
    const data = copyData();
    fs.writeFileSync(path.join(data, "index", "hnswlib.index"), "not an index");
    const r = ask(["--json", "trafficking"], data);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot be read.*npm run index/);
  });

  test("an index built by another embedder is refused, not silently mixed", async () => {
    const data = copyData();
    const metaFile = path.join(data, "index", "meta.json");
    const meta = JSON.parse(fs.readFileSync(metaFile, "utf8"));
    fs.writeFileSync(metaFile, JSON.stringify({ ...meta, embedderId: "openai:text-embedding-3-small@https://api.openai.com/v1" }));
    const r = ask(["--json", "trafficking"], data);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /built with the embedder openai:text-embedding-3-small.*configured embedder is local-hash-v1.*npm run index/);
    await assert.rejects(
      openAnswerStack(loadConfig({ DATA_DIR: data, SEEDS_DIR: path.join(ROOT, "seeds") }), { rebuild: "never" }),
      (e: unknown) => e instanceof MandateDeskError && e.code === ErrorCode.EmbedderMismatch,
    );
  });

  test("a stale index (the corpus changed) is rebuilt by npm start's path and refused by ask", async () => {
    const data = copyData();
    const metaFile = path.join(data, "index", "meta.json");
    const meta = JSON.parse(fs.readFileSync(metaFile, "utf8"));
    fs.writeFileSync(metaFile, JSON.stringify({ ...meta, corpusHash: "0".repeat(64) }));
    assert.match(ask(["--json", "trafficking"], data).stderr, /out of date.*npm run index/);
    const stack = await openAnswerStack(loadConfig({ DATA_DIR: data, SEEDS_DIR: path.join(ROOT, "seeds") }), { rebuild: "auto" });
    assert.notEqual(JSON.parse(fs.readFileSync(metaFile, "utf8")).corpusHash, "0".repeat(64));
    assert.ok((await stack.retriever.search("trafficking")).hits.length > 0);
  });
});
