/**
 * The parsed corpus: every file under the seeds directory parsed (with the manifest's overrides) and
 * written once to DATA_DIR/corpus.json. Re-running ingest on the same inputs writes the same bytes,
 * so the corpus hash only changes when a document or the manifest does — which is what tells the
 * index it is stale.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ErrorCode, MandateDeskError, describeError, isMandateDeskError } from "./errors.ts";
import { type Manifest, readManifest } from "./manifest.ts";
import { parseDocument } from "./parse/index.ts";
import type { Paragraph, ParsedDocument, Resolution } from "./types.ts";

export const CORPUS_FORMAT = 1;
export const CORPUS_FILE = "corpus.json";
const TEXT_EXTENSIONS = new Set([".txt", ".md", ".text"]);

export interface IngestProblem {
  file: string;
  code: string;
  message: string;
}

export interface Corpus {
  format: number;
  /** sha256 of the documents: the index records it to know when it is stale. */
  hash: string;
  documents: ParsedDocument[];
  problems: IngestProblem[];
}

export interface CorpusEntry {
  paragraph: Paragraph;
  text: Resolution;
  document: ParsedDocument;
}

export function ingestDirectory(seedsDir: string): Corpus {
  if (!fs.existsSync(seedsDir) || !fs.statSync(seedsDir).isDirectory()) {
    throw new MandateDeskError(ErrorCode.CorpusMissing, `the seeds directory ${seedsDir} does not exist`, { file: seedsDir });
  }
  const problems: IngestProblem[] = [];
  let manifest: Manifest = { documents: {} };
  const manifestPath = path.join(seedsDir, "manifest.json");
  if (fs.existsSync(manifestPath)) {
    try {
      manifest = readManifest(manifestPath);
    } catch (error) {
      problems.push(problemOf("manifest.json", error));
    }
  }
  const files = fs
    .readdirSync(seedsDir)
    .filter((f) => !f.startsWith(".") && f !== "manifest.json" && !/^readme/i.test(f))
    .filter((f) => fs.statSync(path.join(seedsDir, f)).isFile())
    .sort();
  for (const key of Object.keys(manifest.documents)) {
    if (!files.includes(key)) {
      problems.push({ file: "manifest.json", code: ErrorCode.ManifestMissingFile, message: `the manifest describes "${key}", which is not in ${seedsDir}` });
    }
  }
  const documents: ParsedDocument[] = [];
  for (const file of files) {
    const ext = path.extname(file).toLowerCase();
    if (!TEXT_EXTENSIONS.has(ext)) {
      const hint = ext === ".pdf" ? "extract its text first (e.g. `pdftotext -layout`)" : "only .txt and .md text files are ingested";
      problems.push({ file, code: ErrorCode.BinaryFile, message: `skipped: ${hint}` });
      continue;
    }
    try {
      const doc = parseDocument(file, fs.readFileSync(path.join(seedsDir, file)), manifest.documents[file]);
      documents.push(doc);
      for (const w of doc.warnings) problems.push({ file, code: "md_warning", message: w });
    } catch (error) {
      problems.push(problemOf(file, error));
    }
  }
  return { format: CORPUS_FORMAT, hash: hashDocuments(documents), documents, problems };
}

function problemOf(file: string, error: unknown): IngestProblem {
  if (isMandateDeskError(error)) return { file, code: error.code, message: error.message };
  // A parser bug must not stop the other documents from being ingested, but it must be seen.
  return { file, code: "md_internal", message: `could not be parsed: ${describeError(error)}` };
}

function hashDocuments(documents: ParsedDocument[]): string {
  return createHash("sha256").update(JSON.stringify(documents)).digest("hex");
}

/** Writes the corpus atomically; returns false when the file already holds exactly this corpus. */
export function writeCorpus(dataDir: string, corpus: Corpus): boolean {
  fs.mkdirSync(dataDir, { recursive: true });
  const target = path.join(dataDir, CORPUS_FILE);
  const json = `${JSON.stringify(corpus, null, 1)}\n`;
  if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === json) return false;
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, json);
  fs.renameSync(tmp, target);
  return true;
}

export function loadCorpus(dataDir: string): Corpus {
  const file = path.join(dataDir, CORPUS_FILE);
  if (!fs.existsSync(file)) {
    throw new MandateDeskError(ErrorCode.CorpusMissing, `no parsed corpus at ${file}`, { file, fix: "npm run ingest" });
  }
  let corpus: Corpus;
  try {
    corpus = JSON.parse(fs.readFileSync(file, "utf8")) as Corpus;
  } catch (error) {
    throw new MandateDeskError(ErrorCode.CorpusCorrupt, `the corpus file is not valid JSON (${(error as Error).message})`, { file, fix: "npm run ingest" });
  }
  if (corpus?.format !== CORPUS_FORMAT || !Array.isArray(corpus.documents) || typeof corpus.hash !== "string") {
    throw new MandateDeskError(ErrorCode.CorpusCorrupt, `the corpus file has an unknown format`, { file, fix: "npm run ingest" });
  }
  return corpus;
}

export function corpusEntries(corpus: Corpus): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const document of corpus.documents) {
    for (const text of document.texts) {
      for (const paragraph of text.paragraphs) out.push({ paragraph, text, document });
    }
  }
  return out;
}
