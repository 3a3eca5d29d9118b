/**
 * The gate between a model's text and a user. A model may say what the retrieved paragraphs add
 * up to; it may never be the source of a symbol, a resolution number or a paragraph number, since a
 * wrong one is the worst defect this product can have. So anything in its text that looks like a
 * reference must point at a hit we gave it, or the whole text is dropped for the extractive answer.
 */
import type { Hit, Language, ParagraphKind } from "../types.ts";

export const MAX_SUMMARY_CHARS = 1200;

/** The literal a prompt asks the model to answer with when the passages do not answer. */
export const NO_ANSWER = "NO_ANSWER";

export type CompositionCheck =
  | { ok: true; summary: string; cited: number[] }
  | { ok: false; reason: string };

export interface ValidateOptions {
  /** The question's language; the text must be written in it. Unchecked when absent. */
  language?: Language;
  maxChars?: number;
}

// First segment 1–6 letters, then at least two "/"-separated segments: A/RES/70/1, E/CN.15/2024/L.2, A/C.3/74/L.2.
const SYMBOL = /(?<![A-Za-z0-9/.])[A-Za-z]{1,6}(?:\/[A-Za-z0-9.\-()]+){2,}/g;
// "33/1", "2022/14", "第 33/1号": an adopted resolution number, once symbols are taken out.
const RESOLUTION_NUMBER = /(?<![\w/.])\d{1,4}\s?\/\s?\d{1,4}(?![\w/])/g;
const ZH_NUMERAL = "0-9一二三四五六七八九十百零〇两";
const ZH_PARAGRAPH = new RegExp(
  `(?:(序言|执行)部分)?第\\s*([${ZH_NUMERAL}]+)\\s*(?:段|款)(?:\\s*[（(]\\s*([a-z])\\s*[)）])?`,
  "g",
);
const NUMBER_LIST = String.raw`(\d{1,3}(?:\s*\(\s*[a-z]\s*\))?(?:\s*(?:,|and|to|or|–|-)\s*\d{1,3}(?:\s*\(\s*[a-z]\s*\))?)*)`;
const EN_PARAGRAPH = new RegExp(
  String.raw`\b(?:(OP|PP)\s*\.?|(operative|preambular)?\s*(?:paragraphs?|paras?\.?))\s*` + NUMBER_LIST,
  "gi",
);
const CITATION = /[[［【]\s*(\d{1,3}(?:\s*[,，、\-–]\s*\d{1,3})*)\s*[\]］】]/g;
// Quotation marks present their content as the document's words; “…” also names titles in Chinese.
const QUOTED = /“([^”]{1,400})”|"([^"]{1,400})"|「([^」]{1,400})」|『([^』]{1,400})』/g;
const MIN_CHECKED_QUOTE = 8;
const LINK = /https?:\/\/|www\.|undocs\.org/i;
const THINKING = /<think>[\s\S]*?(?:<\/think>|$)/gi;
const CJK = /[\u3400-\u9fff]/g;
const LATIN = /[A-Za-z]/g;

/** "E/CN.15/2024/L.2 OP 7(g)", or the title when the text has no symbol: how a passage is named to a model. */
export function citationLabel(hit: Hit): string {
  return `${hit.symbol ?? hit.title} ${hit.paragraph.label}`;
}

/** Compares quotes across hard wraps and spacing differences, nothing more lenient. */
function squash(text: string): string {
  return text.replace(/\s+/g, "");
}

function normaliseSymbol(symbol: string): string {
  return symbol.replace(/\s+/g, "").toUpperCase();
}

/** A match's trailing sentence punctuation or an unbalanced ")" is not part of the symbol. */
function trimSymbol(match: string): string {
  let s = match;
  for (;;) {
    const next = s.replace(/[.\-]+$/, "");
    const opens = (next.match(/\(/g) ?? []).length;
    const closes = (next.match(/\)/g) ?? []).length;
    const trimmed = closes > opens && next.endsWith(")") ? next.slice(0, -1) : next;
    if (trimmed === s) return s;
    s = trimmed;
  }
}

export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  let total = 0;
  let pending = 0;
  for (const ch of text) {
    const digit = digits[ch];
    if (digit !== undefined) {
      pending = digit;
    } else if (ch === "十" || ch === "百") {
      total += (pending === 0 ? 1 : pending) * (ch === "十" ? 10 : 100);
      pending = 0;
    } else {
      return null;
    }
  }
  return total + pending;
}

/** Every symbol-like string in `text`, trimmed of trailing punctuation. */
export function findSymbols(text: string): string[] {
  return [...text.matchAll(SYMBOL)].map((m) => trimSymbol(m[0]));
}

/** Symbols and bare resolution numbers ("33/1") in `text`: what a model must not introduce on its own. */
export function findReferences(text: string): string[] {
  const symbols = findSymbols(text);
  const numbers = [...text.replace(SYMBOL, " ").matchAll(RESOLUTION_NUMBER)].map((m) => m[0].replace(/\s+/g, ""));
  return [...symbols, ...numbers];
}

interface ParagraphRef {
  raw: string;
  kind: ParagraphKind | null;
  number: number;
  sub: string | null;
}

function findParagraphRefs(text: string): ParagraphRef[] {
  const refs: ParagraphRef[] = [];
  for (const m of text.matchAll(ZH_PARAGRAPH)) {
    const number = parseChineseNumber(m[2] ?? "");
    const kind = m[1] === "序言" ? "preambular" : m[1] === "执行" ? "operative" : null;
    refs.push({ raw: m[0], kind, number: number ?? -1, sub: m[3] ?? null });
  }
  for (const m of text.matchAll(EN_PARAGRAPH)) {
    const marker = (m[1] ?? m[2] ?? "").toLowerCase();
    const kind = marker === "op" || marker === "operative" ? "operative" : marker === "pp" || marker === "preambular" ? "preambular" : null;
    for (const item of (m[3] ?? "").matchAll(/(\d{1,3})(?:\s*\(\s*([a-z])\s*\))?/g)) {
      refs.push({ raw: m[0], kind, number: Number(item[1]), sub: item[2] ?? null });
    }
  }
  return refs;
}

function allowedReferences(hits: readonly Hit[]): { symbols: Set<string>; numbers: Set<string> } {
  const symbols = new Set<string>();
  const numbers = new Set<string>();
  const names = hits.flatMap((hit) => [hit.symbol, ...hit.aliases, ...hit.alsoIn.map((also) => also.symbol)]);
  for (const name of names) {
    if (!name) continue;
    symbols.add(normaliseSymbol(name));
    // A/RES/70/1 may be called "70/1" and E/RES/2022/14 "2022/14"; lookbehind-free so inner pairs count.
    for (const m of name.matchAll(/(\d{1,4})\/(\d{1,4})(?!\d)/g)) numbers.add(`${m[1]}/${m[2]}`);
  }
  return { symbols, numbers };
}

function paragraphIsGiven(ref: ParagraphRef, hits: readonly Hit[]): boolean {
  return hits.some((hit) => {
    const p = hit.paragraph;
    return p.number === ref.number && (ref.kind === null || p.kind === ref.kind) && (ref.sub === null || p.sub === ref.sub);
  });
}

function expandCitation(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(/\s*[,，、]\s*/)) {
    const [from, to] = part.split(/\s*[\-–]\s*/).map(Number);
    if (from === undefined) continue;
    if (to === undefined) out.push(from);
    else for (let n = from; n <= to && out.length < 100; n++) out.push(n);
  }
  return out;
}

function writtenIn(text: string, language: Language): boolean {
  const cjk = (text.match(CJK) ?? []).length;
  const latin = (text.match(LATIN) ?? []).length;
  // A Chinese character carries about as much as a short Latin word, hence the factor of 3.
  return language === "zh" ? cjk > 0 && cjk * 3 >= latin : latin > 0 && cjk * 3 < latin;
}

/** Removes a reasoning model's <think> block and tidies whitespace; what is left is what gets validated. */
export function cleanModelText(text: string): string {
  return text.replace(THINKING, "").replace(/\s+/g, " ").trim();
}

/**
 * Accepts the model's text only if every reference in it points at one of `hits` (numbered from 1)
 * and it is short, cites at least one passage and is written in the question's language. On
 * success the summary has citations normalised to "[1][2]".
 */
export function validateComposition(text: string, hits: readonly Hit[], options: ValidateOptions = {}): CompositionCheck {
  const maxChars = options.maxChars ?? MAX_SUMMARY_CHARS;
  const cleaned = cleanModelText(text);
  if (cleaned === "") return { ok: false, reason: "empty: the model returned no text" };
  if (cleaned.replace(/[^A-Za-z_]/g, "").toUpperCase() === NO_ANSWER) {
    return { ok: false, reason: "no_answer: the model found that the passages do not answer the question" };
  }
  if (cleaned.length > maxChars) return { ok: false, reason: `too_long: ${cleaned.length} characters (limit ${maxChars})` };

  // A link would carry a symbol past the symbol check (undocs.org/A/RES/...); links come from hits only.
  if (LINK.test(cleaned)) return { ok: false, reason: "link: the text contains a web address" };

  const cited: number[] = [];
  for (const m of cleaned.matchAll(CITATION)) {
    for (const n of expandCitation(m[1] ?? "")) {
      if (!Number.isInteger(n) || n < 1 || n > hits.length) {
        return { ok: false, reason: `invalid_citation: [${n}] but ${hits.length} passage(s) were given` };
      }
      if (!cited.includes(n)) cited.push(n);
    }
  }
  if (cited.length === 0) return { ok: false, reason: "no_citation: the text cites no passage as [n]" };
  const withoutCitations = cleaned.replace(CITATION, " ");

  const allowed = allowedReferences(hits);
  for (const symbol of findSymbols(withoutCitations)) {
    if (!allowed.symbols.has(normaliseSymbol(symbol))) {
      return { ok: false, reason: `unknown_symbol: ${symbol} is not among the retrieved passages` };
    }
  }
  const withoutSymbols = withoutCitations.replace(SYMBOL, " ");
  for (const m of withoutSymbols.matchAll(RESOLUTION_NUMBER)) {
    const number = m[0].replace(/\s+/g, "");
    if (!allowed.numbers.has(number)) {
      return { ok: false, reason: `unknown_symbol: resolution number ${number} is not among the retrieved passages` };
    }
  }
  for (const ref of findParagraphRefs(withoutSymbols)) {
    if (!paragraphIsGiven(ref, hits)) {
      return { ok: false, reason: `unknown_paragraph: "${ref.raw.trim()}" is not among the retrieved passages` };
    }
  }

  const given = hits.map((hit) => squash([hit.chapeau, hit.text, hit.title].join("\n")));
  for (const m of withoutCitations.matchAll(QUOTED)) {
    const quoted = squash(m[1] ?? m[2] ?? m[3] ?? m[4] ?? "");
    if (quoted.length >= MIN_CHECKED_QUOTE && !given.some((passage) => passage.includes(quoted))) {
      return { ok: false, reason: `unverified_quote: ${m[0].slice(0, 60)} is not verbatim in the passages` };
    }
  }

  if (options.language && !writtenIn(withoutSymbols, options.language)) {
    return { ok: false, reason: `wrong_language: the question is in ${options.language === "zh" ? "Chinese" : "English"}` };
  }

  const summary = cleaned.replace(CITATION, (_match, list: string) => expandCitation(list).map((n) => `[${n}]`).join(""));
  return { ok: true, summary, cited };
}
