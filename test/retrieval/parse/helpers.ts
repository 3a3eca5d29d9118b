import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readManifest } from "../../../retrieval/manifest.ts";
import { parseDocument } from "../../../retrieval/parse/index.ts";
import type { Paragraph, ParsedDocument, Resolution } from "../../../retrieval/types.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const SEEDS = path.join(ROOT, "seeds");

const cache = new Map<string, ParsedDocument>();

/** Parses a seed with the project's manifest, as ingest does. */
export function seed(prefix: string): ParsedDocument {
  const file = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
  if (!cache.has(file)) {
    const manifest = readManifest(path.join(SEEDS, "manifest.json"));
    cache.set(file, parseDocument(file, fs.readFileSync(path.join(SEEDS, file)), manifest.documents[file]));
  }
  return cache.get(file)!;
}

export function text(doc: ParsedDocument, heading: string | null): Resolution {
  const t = doc.texts.find((x) => (heading === null ? x.kind === "report" : x.heading === heading));
  if (!t) throw new Error(`no text ${heading} in ${doc.file}`);
  return t;
}

export function paragraph(t: Resolution, label: string): Paragraph {
  const p = t.paragraphs.find((x) => x.label === label);
  if (!p) throw new Error(`no ${label} in ${t.symbol ?? t.title}`);
  return p;
}

export function counts(t: Resolution): { pp: number; op: number; sub: number; report: number } {
  const top = t.paragraphs.filter((p) => p.sub === null);
  return {
    pp: top.filter((p) => p.kind === "preambular").length,
    op: top.filter((p) => p.kind === "operative").length,
    sub: t.paragraphs.filter((p) => p.sub !== null).length,
    report: top.filter((p) => p.kind === "report" && p.number !== null).length,
  };
}
