import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { ingestDirectory, writeCorpus } from "../../../retrieval/corpus.ts";
import { ErrorCode, MandateDeskError } from "../../../retrieval/errors.ts";
import { parseDocument } from "../../../retrieval/parse/index.ts";
import { ROOT, SEEDS, seed } from "./helpers.ts";

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "md-ingest-"));
  tmpDirs.push(d);
  return d;
}
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof MandateDeskError, `expected a coded error, got ${String(error)}`);
    return error.code;
  }
  return "no error";
}

const GOOD = fs.readFileSync(path.join(SEEDS, "000_e8288b70285ba9e8.txt"));

describe("bad input gets a clear message naming the file, and the rest is ingested", () => {
  test("an empty file, a PDF renamed .txt, a binary file and a text with no resolution structure are each refused with a reason", () => {
    assert.equal(codeOf(() => parseDocument("empty.txt", new Uint8Array())), ErrorCode.EmptyFile);
    assert.equal(codeOf(() => parseDocument("blank.txt", Buffer.from("  \n\n \n"))), ErrorCode.EmptyFile);
    assert.equal(codeOf(() => parseDocument("scan.txt", Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"))), ErrorCode.BinaryFile);
    assert.equal(codeOf(() => parseDocument("logo.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))), ErrorCode.BinaryFile);
    assert.equal(codeOf(() => parseDocument("notes.txt", Buffer.from("Lunch with the delegation at noon.\nBring the draft.\n"))), ErrorCode.NoStructure);
  });

  test("a GB18030/GBK-encoded document is decoded, not mangled, and parses like its UTF-8 original", () => {
    const gbk = fs.readFileSync(path.join(ROOT, "test/fixtures/gbk/ccpcj-draft-2018-gb18030.txt"));
    assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk));
    const fromGbk = parseDocument("ccpcj-draft-2018-gb18030.txt", gbk);
    const original = seed("000");
    assert.deepEqual(
      fromGbk.texts[0]!.paragraphs.map((p) => [p.label, p.text]),
      original.texts[0]!.paragraphs.map((p) => [p.label, p.text]),
    );
  });

  test("ingest reports each bad file and each bad manifest entry, and still ingests the good documents", () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "a-good.txt"), GOOD);
    fs.writeFileSync(path.join(dir, "b-empty.txt"), "");
    fs.writeFileSync(path.join(dir, "c-scan.txt"), "%PDF-1.4\n");
    fs.writeFileSync(path.join(dir, "d-notes.txt"), "Call the capital before the vote.\n");
    fs.writeFileSync(path.join(dir, "e-report.pdf"), "%PDF-1.4\n");
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ documents: { "gone.txt": { symbol: "A/C.3/74/L.2" } } }));
    const corpus = ingestDirectory(dir);
    assert.deepEqual(corpus.documents.map((d) => d.file), ["a-good.txt"]);
    const byFile = Object.fromEntries(corpus.problems.filter((p) => p.code !== "md_warning").map((p) => [p.file, p.code]));
    assert.deepEqual(byFile, {
      "manifest.json": ErrorCode.ManifestMissingFile,
      "b-empty.txt": ErrorCode.EmptyFile,
      "c-scan.txt": ErrorCode.BinaryFile,
      "d-notes.txt": ErrorCode.NoStructure,
      "e-report.pdf": ErrorCode.BinaryFile,
    });
    assert.match(corpus.problems.find((p) => p.file === "manifest.json")!.message, /gone\.txt/);
  });

  test("a malformed manifest is reported with its problem and the documents are ingested without it", () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "a-good.txt"), GOOD);
    fs.writeFileSync(path.join(dir, "manifest.json"), "{ documents: ");
    const notJson = ingestDirectory(dir);
    assert.equal(notJson.documents.length, 1);
    assert.equal(notJson.problems[0]!.code, ErrorCode.ManifestMalformed);
    assert.match(notJson.problems[0]!.message, /not valid JSON/);

    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ documents: { "a-good.txt": { symbol: "resolution 12" } } }));
    const badSymbol = ingestDirectory(dir);
    assert.equal(badSymbol.documents[0]!.texts[0]!.symbol, null);
    assert.match(badSymbol.problems[0]!.message, /documents\.a-good\.txt\.symbol is not a UN document symbol/);
  });

  test("a manifest states a symbol the text does not, per text", () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "a-good.txt"), GOOD);
    fs.writeFileSync(
      path.join(dir, "manifest.json"),
      JSON.stringify({ documents: { "a-good.txt": { texts: { "法国和罗马尼亚：决议草案": { symbol: "E/CN.15/2018/L.9", aliases: ["27/3"] } } } } }),
    );
    const t = ingestDirectory(dir).documents[0]!.texts[0]!;
    assert.equal(t.symbol, "E/CN.15/2018/L.9");
    assert.deepEqual(t.aliases, ["27/3"]);
    assert.equal(t.paragraphs[0]!.id, "E/CN.15/2018/L.9:PP1");
  });
});

describe("npm run ingest", () => {
  const run = (seeds: string, data: string) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/ingest.ts"), "--seeds", seeds, "--data", data], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, DATA_DIR: "", SEEDS_DIR: "" },
    });

  test("prints the table with counts and writes the same corpus twice (re-running changes nothing)", () => {
    const data = tmpDir();
    const first = run(SEEDS, data);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /第 33\/1号决议\s+resolution\/adopted\s+E\/CN\.15\/2024\/L\.2\s+\S+\s+12\s+11\s+21/);
    assert.match(first.stderr, /written/);
    const bytes = fs.readFileSync(path.join(data, "corpus.json"));
    const second = run(SEEDS, data);
    assert.equal(second.status, 0);
    assert.match(second.stderr, /unchanged/);
    assert.deepEqual(fs.readFileSync(path.join(data, "corpus.json")), bytes);
  });

  test("exits non-zero when nothing could be ingested, and leaves the stored corpus untouched", () => {
    const seeds = tmpDir();
    const data = tmpDir();
    fs.writeFileSync(path.join(seeds, "empty.txt"), "");
    writeCorpus(data, ingestDirectory(SEEDS));
    const before = fs.readFileSync(path.join(data, "corpus.json"));
    const result = run(seeds, data);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /empty\.txt: the file is empty/);
    assert.match(result.stderr, /Nothing could be ingested/);
    assert.deepEqual(fs.readFileSync(path.join(data, "corpus.json")), before);
  });
});
