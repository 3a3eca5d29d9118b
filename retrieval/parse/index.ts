/**
 * parseDocument: one file's bytes → Document → texts → citable paragraphs.
 * Stages: decode → lines (furniture, footnotes) → blocks (wraps joined) → structure (texts,
 * report narrative) → links (symbols stated only in the narrative) → paragraphs (marks stripped,
 * labels, stable ids). Symbols are never guessed: a text's symbol comes from the manifest, its own
 * adopted-number heading, or a narrative claim naming exactly that text.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { ErrorCode, MandateDeskError } from "../errors.ts";
import type { DocumentOverride, TextOverride } from "../manifest.ts";
import type { DocumentKind, Footnote, Language, Paragraph, ParsedDocument, Resolution } from "../types.ts";
import { type Block, buildBlocks } from "./blocks.ts";
import { decodeDocument } from "./decode.ts";
import { type FootnoteDef, prepareLines } from "./lines.ts";
import { type TextRef, findClaims } from "./links.ts";
import { stripFootnoteMarks } from "./marks.ts";
import { type RawParagraph, type RawText, buildStructure } from "./structure.ts";
import { canonicalOrgan, isMostlyCjk, titleKey } from "./text.ts";

export function parseDocument(filePath: string, bytes: Uint8Array, override: DocumentOverride = {}): ParsedDocument {
  const file = path.basename(filePath);
  const { text } = decodeDocument(bytes, file);
  const prepared = prepareLines(text);
  if (prepared.lines.length === 0) {
    throw new MandateDeskError(ErrorCode.EmptyFile, "the file has no text once page furniture is removed", { file });
  }
  const language: Language = override.language ?? (isMostlyCjk(prepared.lines.map((l) => l.text).join("")) ? "zh" : "en");
  const blocks = buildBlocks(prepared);
  const documentOrgan = (override.body && (canonicalOrgan(override.body) ?? override.body)) || detectDocumentOrgan(blocks);
  const structure = buildStructure(blocks, { documentOrgan });
  if (structure.texts.length === 0 && structure.report.length === 0) {
    throw new MandateDeskError(
      ErrorCode.NoStructure,
      "no resolution structure found (no opening formula such as “大会，” or “The General Assembly,”, no numbered paragraphs)",
      { file },
    );
  }

  const knownMarks = new Set(prepared.footnotes.map((f) => f.mark));
  const clean = (s: string) => stripFootnoteMarks(s.replace(/ {2,}/g, " "), knownMarks).text;
  const frontText = structure.frontMatter.map((b) => b.text).join("\n");
  const leadText = [frontText, ...structure.report.slice(0, 3).map((p) => p.text)].join("\n");
  const docYear = override.year ?? findYear(leadText);
  const docSession = override.session ?? findSession(leadText);
  const kind: DocumentKind =
    override.kind ?? (structure.report.length > 0 ? "report" : structure.texts.every((t) => t.status === "adopted") ? "resolution" : "draft");
  const docSymbol = override.symbol ?? (kind === "report" ? (prepared.headerSymbols[0] ?? null) : null);
  const warnings = [...structure.warnings];

  const refs: TextRef[] = structure.texts.map((t, index) => ({
    index,
    title: clean(titleOf(t)),
    heading: t.heading,
    section: t.section,
    ordinal: t.ordinal,
    decision: t.decision,
    adoptedNumber: t.adoptedNumber,
  }));
  const { claims, aliases: aliasClaims } = findClaims(
    structure.report.filter((p) => p.sub === null).map((p) => ({ text: clean(p.text), number: p.number })),
    refs,
  );

  const texts: Resolution[] = [];
  if (structure.report.length > 0) {
    const title = override.title ?? detectReportTitle(structure.frontMatter) ?? `Report (${file})`;
    texts.push(
      buildText({
        file,
        raw: null,
        reportParagraphs: structure.report,
        summary: kind === "report" ? structure.frontMatter : [],
        title,
        symbol: docSymbol,
        aliases: [...(override.aliases ?? []), ...prepared.headerSymbols.filter((s) => s !== docSymbol)],
        body: documentOrgan,
        voice: null,
        status: "adopted",
        kindOfText: "report",
        year: docYear,
        session: docSession,
        language,
        footnotes: prepared.footnotes,
        clean,
        knownMarks,
        warnings: [],
      }),
    );
  }

  structure.texts.forEach((raw, index) => {
    const ref = refs[index]!;
    const textOverride = findOverride(override.texts, raw, ref.title);
    const textWarnings = [...raw.warnings];
    const adoptingOrgan = raw.organLine ?? (raw.recommendedBy === null && raw.adoptedNumber ? (raw.voice ?? documentOrgan) : null);
    const body = textOverride?.body ?? raw.recommendedBy ?? raw.organLine ?? (kind === "report" ? documentOrgan : (documentOrgan ?? raw.voice));
    let symbol: string | null = null;
    const ownClaims = [...new Set(claims.filter((c) => c.textIndex === index).map((c) => c.symbol))];
    const resForm = raw.adoptedNumber ? resolutionSymbol(raw.adoptedNumber, adoptingOrgan) : null;
    if (ownClaims.length > 1) textWarnings.push(`the narrative names several symbols for this text (${ownClaims.join(", ")}); none is used`);
    if (resForm) symbol = resForm;
    else if (ownClaims.length === 1) symbol = ownClaims[0]!;
    else if (kind !== "report" && structure.texts.length === 1 && prepared.headerSymbols.length === 1) symbol = prepared.headerSymbols[0]!;
    if (textOverride && textOverride.symbol !== undefined) {
      if (symbol && textOverride.symbol && symbol !== textOverride.symbol) {
        textWarnings.push(`the manifest's symbol ${textOverride.symbol} replaces ${symbol} found in the document`);
      }
      symbol = textOverride.symbol;
    }
    const aliases = [
      ...(raw.adoptedNumber && raw.adoptedNumber !== symbol ? [raw.adoptedNumber] : []),
      ...aliasClaims.filter((a) => a.textIndex === index).map((a) => a.alias),
      ...(kind === "report" && docSymbol ? [docSymbol] : []),
      ...(textOverride?.aliases ?? []),
    ];
    if (!symbol) textWarnings.push("no symbol stated in the text or the manifest: cited by title, body and session");
    texts.push(
      buildText({
        file,
        raw,
        reportParagraphs: [],
        summary: [],
        title: textOverride?.title ?? (ref.title || `Untitled text ${index + 1} of ${file}`),
        symbol,
        aliases,
        body: body ? (canonicalOrgan(body) ?? body) : null,
        voice: raw.voice,
        status: textOverride?.status ?? raw.status ?? (kind === "resolution" ? "adopted" : "draft"),
        kindOfText: raw.decision ? "decision" : "resolution",
        year: textOverride?.year ?? findYear(raw.adoptionDate ?? "") ?? docYear,
        session: textOverride?.session ?? docSession,
        language,
        footnotes: prepared.footnotes,
        clean,
        knownMarks,
        warnings: textWarnings,
      }),
    );
  });

  for (const key of Object.keys(override.texts ?? {})) {
    if (!structure.texts.some((raw, i) => overrideMatches(key, raw, refs[i]!.title))) {
      warnings.push(`manifest entry "${key}" matches no text in the document`);
    }
  }
  dedupeIds(texts);
  return {
    file,
    symbol: docSymbol,
    kind,
    title: kind === "report" ? (texts[0]?.title ?? null) : (texts[0]?.title ?? null),
    language,
    year: docYear,
    session: docSession,
    texts,
    warnings,
  };
}

interface BuildTextInput {
  file: string;
  raw: RawText | null;
  reportParagraphs: RawParagraph[];
  summary: Block[];
  title: string;
  symbol: string | null;
  aliases: string[];
  body: string | null;
  voice: string | null;
  status: "draft" | "adopted";
  kindOfText: Resolution["kind"];
  year: number | null;
  session: string | null;
  language: Language;
  footnotes: FootnoteDef[];
  clean: (s: string) => string;
  knownMarks: Set<string>;
  warnings: string[];
}

function buildText(input: BuildTextInput): Resolution {
  const id = input.symbol ?? (input.kindOfText === "report" ? `report:${input.file}` : `title:${shortHash(titleKey(input.title))}`);
  const rawParas = input.raw ? input.raw.paragraphs : input.reportParagraphs;
  const paragraphs: Paragraph[] = [];
  const finalText: string[] = [];
  let ppCount = 0;
  const unnumberedOps = rawParas.filter((p) => p.kind === "operative" && p.number === null && p.sub === null).length;
  let unnumberedSeen = 0;

  input.summary
    .filter((b) => b.kind === "plain" && /[。.]$/.test(b.text) && b.text.length > 30)
    .forEach((b, i) => {
      // "执行摘要\n本摘要是…": a summary's own heading is not part of its first paragraph.
      const text = input.clean(b.text.replace(/^[^\n。，；.,;]{1,16}\n/, ""));
      paragraphs.push(
        makeParagraph(id, input, { kind: "report", number: null, sub: null, label: `summary ¶${i + 1}`, text, chapeau: null, raw: b.text, firstLine: b.firstLine, lastLine: b.lastLine }),
      );
    });

  const numbers: Array<number | null> = [];
  rawParas.forEach((p, i) => {
    const text = input.clean(p.text);
    finalText[i] = text;
    let number = p.number;
    if (p.kind === "preambular") {
      if (p.sub === null) number = ++ppCount;
      else number = p.parent !== null && p.parent >= 0 ? (numbers[p.parent] ?? null) : null;
    }
    numbers[i] = number;
    const chapeau = p.sub === null ? null : p.parent === -1 ? (input.raw?.openingText ?? null) : p.parent !== null ? (finalText[p.parent] ?? null) : null;
    const subPart = p.sub ? `(${p.sub})` : "";
    let label: string;
    if (p.kind === "preambular") label = `PP ${number}${subPart}`;
    else if (p.kind === "report") label = `para. ${number}${subPart}`;
    else if (number !== null) label = `OP ${number}${subPart}`;
    else if (p.sub) label = subPart;
    else label = unnumberedOps > 1 ? `OP ¶${++unnumberedSeen}` : "OP";
    paragraphs.push(makeParagraph(id, input, { kind: p.kind, number, sub: p.sub, label, text, chapeau, raw: p.text, firstLine: p.firstLine, lastLine: p.lastLine }));
  });

  return {
    id,
    symbol: input.symbol,
    aliases: [...new Set(input.aliases.filter((a) => a && a !== input.symbol))],
    title: input.clean(input.title),
    kind: input.kindOfText,
    status: input.status,
    body: input.body,
    voice: input.voice,
    session: input.session,
    year: input.year,
    language: input.language,
    file: input.file,
    heading: input.raw?.heading ?? null,
    sponsors: input.raw?.sponsors ?? null,
    paragraphs,
    annex: input.raw?.annex ? input.raw.annex.join("\n") : null,
    warnings: input.warnings,
  };
}

function makeParagraph(
  textId: string,
  input: BuildTextInput,
  p: { kind: Paragraph["kind"]; number: number | null; sub: string | null; label: string; text: string; chapeau: string | null; raw: string; firstLine: number; lastLine: number },
): Paragraph {
  const marks = stripFootnoteMarks(p.raw, input.knownMarks).marks;
  const footnotes: Footnote[] = [];
  for (const mark of marks) {
    const defs = input.footnotes.filter((f) => f.mark === mark);
    const def = defs.find((f) => f.line >= p.firstLine) ?? defs.at(-1);
    if (def && !footnotes.some((f) => f.mark === mark)) footnotes.push({ mark, text: def.text });
  }
  return {
    id: `${textId}:${p.label.replace(/\s+/g, "")}`,
    kind: p.kind,
    number: p.number,
    sub: p.sub,
    label: p.label,
    text: p.text,
    chapeau: p.chapeau,
    footnotes,
    source: { file: input.file, line: p.firstLine, endLine: p.lastLine },
  };
}

function titleOf(t: RawText): string {
  return t.titleParts.join("").trim();
}

/** An ECOSOC resolution number is year/n (E/RES/2022/14); a General Assembly one is session/n (A/RES/77/232). */
function resolutionSymbol(number: string, organ: string | null): string | null {
  if (organ === "Economic and Social Council" && /^\d{4}\/\d+$/.test(number)) return `E/RES/${number}`;
  if (organ === "General Assembly" && /^\d{1,3}\/\d+$/.test(number)) return `A/RES/${number}`;
  return null;
}

function findOverride(texts: Record<string, TextOverride> | undefined, raw: RawText, title: string): TextOverride | undefined {
  if (!texts) return undefined;
  const key = Object.keys(texts).find((k) => overrideMatches(k, raw, title));
  return key ? texts[key] : undefined;
}

function overrideMatches(key: string, raw: RawText, title: string): boolean {
  const k = key.replace(/\s+/g, "");
  return (
    (raw.heading !== null && raw.heading.replace(/\s+/g, "") === k) ||
    (raw.adoptedNumber !== null && raw.adoptedNumber === k) ||
    titleKey(title) === titleKey(key)
  );
}

function detectDocumentOrgan(blocks: Block[]): string | null {
  for (const b of blocks.slice(0, 12)) {
    if (b.kind === "organ") return canonicalOrgan(b.text);
    const report = /^(.{2,20}?)的报告$/.exec(b.text) ?? /^Report of the (.{2,60})$/i.exec(b.text);
    if (report) {
      const organ = canonicalOrgan(report[1]!);
      if (organ) return organ;
    }
  }
  return null;
}

function detectReportTitle(front: Block[]): string | null {
  for (const block of front) {
    const line = block.text.split("\n").find((l) => /^.{2,40}的报告$|^Report of the .{2,80}$/.test(l.trim()));
    if (line) return line.trim();
  }
  return null;
}

const EN_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";

export function findYear(text: string): number | null {
  const zh = /(\d{4})\s*年\s*\d{1,2}\s*月/.exec(text);
  const en = new RegExp(`\\b\\d{1,2}\\s+(?:${EN_MONTHS})\\s+(\\d{4})\\b|\\b(?:${EN_MONTHS})\\s+\\d{1,2},\\s+(\\d{4})\\b`).exec(text);
  const candidates = [zh && { index: zh.index, year: Number(zh[1]) }, en && { index: en.index, year: Number(en[1] ?? en[2]) }].filter(
    (c): c is { index: number; year: number } => !!c,
  );
  candidates.sort((a, b) => a.index - b.index);
  return candidates[0]?.year ?? null;
}

function findSession(text: string): string | null {
  const zh = /第([一二三四五六七八九十]+)届(?:会议|特别会议)/.exec(text);
  if (zh) return zh[0];
  const en = /\b([A-Z][a-z]+(?:-[a-z]+)?) session\b/.exec(text);
  return en ? `${en[1]} session` : null;
}

function shortHash(s: string): string {
  return createHash("sha1").update(s).digest("hex").slice(0, 12);
}

function dedupeIds(texts: Resolution[]): void {
  const seen = new Map<string, number>();
  for (const t of texts) {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    if (n > 1) {
      const oldId = t.id;
      t.id = `${oldId}~${n}`;
      for (const p of t.paragraphs) p.id = p.id.replace(oldId, t.id);
      t.warnings.push(`another text in the same document has the id ${oldId}`);
    }
    const labels = new Map<string, number>();
    for (const p of t.paragraphs) {
      const c = (labels.get(p.id) ?? 0) + 1;
      labels.set(p.id, c);
      if (c > 1) {
        p.id = `${p.id}~${c}`;
        t.warnings.push(`paragraph label ${p.label} occurs ${c} times`);
      }
    }
  }
}
