/**
 * Symbols that a report states only in its narrative: "…题为“X”的决议草案（E/CN.15/2024/L.2）…
 * （决议案文见第一章，D节，第 33/1号决议。）" or "通过了决议草案 A/C.3/74/L.2(见第 29 段，决议草案一)".
 * A narrative paragraph claims a symbol for a text by a pointer to it (chapter/section/ordinal or
 * adopted number) or by its title. A symbol is assigned only when exactly one claim names the text;
 * references to other documents ("见 E/CN.15/2024/13", an agenda document in a footnote) are not claims.
 */
import { findSymbols, ordinalValue, titleKey } from "./text.ts";

export interface TextRef {
  index: number;
  title: string;
  heading: string | null;
  section: string | null;
  ordinal: number | null;
  decision: boolean;
  adoptedNumber: string | null;
}

export interface Claim {
  textIndex: number;
  symbol: string;
  via: "pointer" | "title";
  paragraph: number | null;
}

export interface AliasClaim {
  textIndex: number;
  alias: string;
}

const TITLE = /(?:题为|entitled\s*)[“"]([^”"]{4,300})[”"]/g;
const POINTER_CHAPTER =
  /(决议|决定)(?:草案|修订草案)?案文见第([一二三四五六七八九十]+)章\s*[，,]?\s*([A-Z])\s*节(?:\s*[，,]\s*(?:(决议草案|决定草案)([一二三四五六七八九十]+)|第\s*(\d+\/\d+)\s*号(决议|决定)))?/g;
const POINTER_PARAGRAPH = /见第\s*\d+\s*段\s*[，,]\s*(决议草案|决定草案)([一二三四五六七八九十]+)/g;
const EN_POINTER = /\(see (?:chap\. [IVX]+, sect\. ([A-Z]), )?(?:para\. \d+, )?draft (resolution|decision) ([IVXLC]+)\)/gi;
const ECOSOC_RECOMMENDED = /经济及社会理事会在其第\s*(\d{4}\/\d+)\s*号决议中建议大会通过题为“([^”]+)”/g;
/** A symbol names the draft it sits by: "决议草案 A/C.3/74/L.2", "决议修订草案（E/…）", "提交的(A/C.3/74/L.2)". */
const DRAFT_CONTEXT = /(?:草案|draft (?:resolution|decision)|提交的)[^（()）。“”]{0,12}[（(]?\s*$/i;

export function findClaims(paragraphs: Array<{ text: string; number: number | null }>, texts: TextRef[]): { claims: Claim[]; aliases: AliasClaim[] } {
  const claims: Claim[] = [];
  const aliases: AliasClaim[] = [];
  for (const p of paragraphs) {
    const text = p.text.replace(/\s*\n\s*/g, "");
    const draftSymbols = findSymbols(text).filter((s) => DRAFT_CONTEXT.test(text.slice(Math.max(0, s.index - 40), s.index)) || /^[)）]?\s*[，,]\s*题为/.test(text.slice(s.index + s.symbol.length)));
    if (draftSymbols.length === 0) {
      collectEcosocAliases(text, texts, aliases);
      continue;
    }
    const pointed = resolvePointers(text, texts);
    const distinctSymbols = [...new Set(draftSymbols.map((s) => s.symbol))];
    if (pointed.length === 1 && distinctSymbols.length === 1) {
      claims.push({ textIndex: pointed[0]!, symbol: distinctSymbols[0]!, via: "pointer", paragraph: p.number });
    } else {
      for (const s of draftSymbols) {
        const title = nearestTitle(text, s.index);
        if (!title) continue;
        const matches = matchTitle(title, texts);
        if (matches.length === 1) claims.push({ textIndex: matches[0]!, symbol: s.symbol, via: "title", paragraph: p.number });
      }
    }
    collectEcosocAliases(text, texts, aliases);
  }
  return { claims, aliases };
}

function collectEcosocAliases(text: string, texts: TextRef[], aliases: AliasClaim[]): void {
  for (const m of text.matchAll(ECOSOC_RECOMMENDED)) {
    const matches = matchTitle(m[2]!, texts);
    if (matches.length === 1) aliases.push({ textIndex: matches[0]!, alias: `E/RES/${m[1]}` });
  }
}

function nearestTitle(text: string, at: number): string | null {
  let best: { title: string; distance: number } | null = null;
  for (const m of text.matchAll(TITLE)) {
    const end = m.index + m[0].length;
    const distance = at >= end ? at - end : m.index - at;
    if (distance < 0 || distance > 200) continue;
    if (!best || distance < best.distance) best = { title: m[1]!, distance };
  }
  return best?.title ?? null;
}

export function matchTitle(title: string, texts: TextRef[]): number[] {
  const key = titleKey(title);
  if (key.length < 4) return [];
  const exact = texts.filter((t) => titleKey(t.title) === key).map((t) => t.index);
  if (exact.length > 0) return exact;
  return texts
    .filter((t) => {
      const k = titleKey(t.title);
      return k.length >= 8 && (k.includes(key) || key.includes(k));
    })
    .map((t) => t.index);
}

function resolvePointers(text: string, texts: TextRef[]): number[] {
  const found = new Set<number>();
  for (const m of text.matchAll(POINTER_CHAPTER)) {
    const decision = m[1] === "决定";
    const section = m[3]!;
    const ordinalWord = m[5];
    const adopted = m[6];
    let candidates = texts.filter((t) => t.section === section);
    if (adopted) candidates = candidates.filter((t) => t.adoptedNumber === adopted && t.decision === (m[7] === "决定"));
    else if (ordinalWord) candidates = candidates.filter((t) => t.ordinal === ordinalValue(ordinalWord) && t.decision === (m[4] === "决定草案"));
    else candidates = candidates.filter((t) => t.decision === decision);
    if (candidates.length === 1) found.add(candidates[0]!.index);
  }
  for (const m of text.matchAll(POINTER_PARAGRAPH)) {
    const decision = m[1] === "决定草案";
    const ordinal = ordinalValue(m[2]!);
    const candidates = texts.filter((t) => t.ordinal === ordinal && t.decision === decision && t.adoptedNumber === null);
    if (candidates.length === 1) found.add(candidates[0]!.index);
  }
  for (const m of text.matchAll(EN_POINTER)) {
    const decision = m[2]!.toLowerCase() === "decision";
    const ordinal = ordinalValue(m[3]!.toUpperCase());
    const candidates = texts.filter((t) => t.ordinal === ordinal && t.decision === decision && (!m[1] || t.section === m[1]));
    if (candidates.length === 1) found.add(candidates[0]!.index);
  }
  return [...found];
}
