/**
 * Citation lookups: "A/C.3/74/L.2 OP 11", "33/1 第7段(k)", "E/RES/2022/14 para 10", "L.2 OP11",
 * "OP 7(k) of resolution 33/1". The reference is matched against symbols and aliases exactly first,
 * then as a short form ("L.2" → any symbol ending in /L.2); nothing is guessed beyond that, and an
 * unknown reference or number is said, with the nearest existing ones suggested.
 */
import type { CorpusEntry } from "./corpus.ts";
import { findSymbols } from "./parse/text.ts";
import type { ParagraphKind, Resolution } from "./types.ts";

export interface ParagraphRef {
  /** "op" and "pp" as written; "para" means OP in a resolution and a report paragraph in a report. */
  kind: "op" | "pp" | "para";
  number: number;
  sub: string | null;
}

export interface CitationQuery {
  /** The reference as written: a symbol, an adopted number, a short form. */
  ref: string;
  paragraph: ParagraphRef | null;
  /** Whether the query is nothing but the citation (otherwise the rest is searched too). */
  bare: boolean;
}

const NUMBER_REF = /(?<![\w/.])(\d{4}\/\d{1,3}|\d{1,3}\/\d{1,4})(?![\w/])/;
const SHORT_REF = /(?<![\w/])(L\.\d+(?:\/Rev\.\d+)?|Rev\.\d+)(?![\w])/i;
const EN_PARA =
  /\b(op|pp|operative\s+paragraph|preambular\s+paragraph|para(?:graph)?s?\.?|¶)\s*(\d{1,3})\s*(?:\(\s*([a-z])\s*\)|([a-z])\b)?/i;
const ZH_PARA = /(执行部分|序言部分)?第\s*(\d{1,3})\s*段\s*(?:[(（]\s*([a-z])\s*[)）]|第?\s*[(（]?([a-z])[)）]?\s*[项分]段?)?/i;

export function parseCitation(query: string): CitationQuery | null {
  const q = query.normalize("NFKC").trim();
  const full = findSymbols(q)[0];
  let ref: string | null = full?.symbol ?? null;
  let refText = full?.symbol ?? "";
  if (!ref) {
    const num = NUMBER_REF.exec(q);
    const short = SHORT_REF.exec(q);
    ref = num?.[1] ?? short?.[1] ?? null;
    refText = num?.[0] ?? short?.[0] ?? "";
  }
  const paragraph = parseParagraphRef(q.replace(refText, " "));
  if (!ref) return null;
  const rest = q
    .replace(refText, " ")
    .replace(EN_PARA, " ")
    .replace(ZH_PARA, " ")
    .replace(/\b(?:of|in|resolution|decision|draft|the|what|does|say|says|text|show|me)\b|决议草案|决定草案|决议|决定|第|号|的|说了什么|内容|是什么|[?？,，。.:：]/gi, " ")
    .trim();
  return { ref, paragraph, bare: rest.length === 0 };
}

function parseParagraphRef(q: string): ParagraphRef | null {
  const en = EN_PARA.exec(q);
  if (en) {
    const word = en[1]!.toLowerCase();
    const kind = word.startsWith("op") || word.startsWith("operative") ? "op" : word.startsWith("pp") || word.startsWith("preambular") ? "pp" : "para";
    return { kind, number: Number(en[2]), sub: (en[3] ?? en[4] ?? null)?.toLowerCase() ?? null };
  }
  const zh = ZH_PARA.exec(q);
  if (zh) {
    const kind = zh[1] === "序言部分" ? "pp" : zh[1] === "执行部分" ? "op" : "para";
    return { kind, number: Number(zh[2]), sub: (zh[3] ?? zh[4] ?? null)?.toLowerCase() ?? null };
  }
  const bare = /(?:^|\s)(\d{1,3})\s*\(\s*([a-z])\s*\)/.exec(q);
  if (bare) return { kind: "para", number: Number(bare[1]), sub: bare[2]! };
  return null;
}

export interface LookupResult {
  /** Texts the reference names (more than one when a short form is ambiguous). */
  texts: Resolution[];
  /** Matching paragraphs, in document order; empty when the text exists but the paragraph does not. */
  entries: CorpusEntry[];
  asked: string;
  found: boolean;
  suggestions: string[];
  notices: string[];
}

export function resolveCitation(citation: CitationQuery, entries: CorpusEntry[]): LookupResult {
  const texts = uniqueTexts(entries);
  const matched = matchTexts(citation.ref, texts);
  const asked = `${citation.ref}${citation.paragraph ? ` ${describeRef(citation.paragraph)}` : ""}`;
  if (matched.length === 0) {
    return {
      texts: [],
      entries: [],
      asked,
      found: false,
      suggestions: nearest(citation.ref, texts.flatMap((t) => [t.symbol, ...t.aliases]).filter((s): s is string => !!s), 3),
      notices: [`No text in the corpus has the symbol or number ${citation.ref}.`],
    };
  }
  const notices: string[] = [];
  if (matched.length > 1) {
    notices.push(`${citation.ref} matches ${matched.length} texts: ${matched.map((t) => t.symbol ?? t.title).join(", ")}.`);
  }
  const found: CorpusEntry[] = [];
  for (const text of matched) {
    const own = entries.filter((e) => e.text === text);
    if (!citation.paragraph) {
      found.push(...own.filter((e) => e.paragraph.kind === "operative" || text.kind === "report"));
      continue;
    }
    found.push(...own.filter((e) => paragraphMatches(e, text, citation.paragraph!)));
  }
  if (found.length === 0 && citation.paragraph) {
    const labels = matched.flatMap((t) => t.paragraphs.map((p) => p.label));
    const wanted = describeRef(citation.paragraph);
    return {
      texts: matched,
      entries: [],
      asked,
      found: false,
      suggestions: nearestLabels(citation.paragraph, matched).map((l) => `${matched[0]!.symbol ?? matched[0]!.title} ${l}`),
      notices: [...notices, `${matched.map((t) => t.symbol ?? t.title).join(" / ")} has no ${wanted} (it has ${summarizeLabels(labels)}).`],
    };
  }
  return { texts: matched, entries: found, asked, found: true, suggestions: [], notices };
}

function describeRef(ref: ParagraphRef): string {
  const base = ref.kind === "pp" ? `PP ${ref.number}` : ref.kind === "op" ? `OP ${ref.number}` : `para. ${ref.number}`;
  return ref.sub ? `${base}(${ref.sub})` : base;
}

function wantedKind(ref: ParagraphRef, text: Resolution): ParagraphKind {
  if (ref.kind === "pp") return "preambular";
  if (ref.kind === "op") return "operative";
  return text.kind === "report" ? "report" : "operative";
}

function paragraphMatches(entry: CorpusEntry, text: Resolution, ref: ParagraphRef): boolean {
  const p = entry.paragraph;
  if (p.kind !== wantedKind(ref, text) || p.number !== ref.number) return false;
  // "OP 7" shows the chapeau and every item under it; "OP 7(k)" just that item.
  return ref.sub === null || p.sub === ref.sub;
}

function matchTexts(ref: string, texts: Resolution[]): Resolution[] {
  const norm = (s: string) => s.toUpperCase().replace(/\s+/g, "");
  const r = norm(ref);
  const exactSymbol = texts.filter((t) => t.symbol && norm(t.symbol) === r);
  if (exactSymbol.length > 0) return exactSymbol;
  const exactAlias = texts.filter((t) => t.aliases.some((a) => norm(a) === r) && t.kind !== "report");
  if (exactAlias.length > 0) return preferResolutions(exactAlias);
  const resForm = texts.filter((t) => t.symbol && (norm(t.symbol) === `E/RES/${r}` || norm(t.symbol) === `A/RES/${r}`));
  if (resForm.length > 0) return resForm;
  return texts.filter((t) => t.symbol && norm(t.symbol).endsWith(`/${r}`));
}

/** "33/1" is both a resolution and a decision of the Commission; a bare number means the resolution. */
function preferResolutions(texts: Resolution[]): Resolution[] {
  const resolutions = texts.filter((t) => t.kind === "resolution");
  return resolutions.length > 0 ? resolutions : texts;
}

function uniqueTexts(entries: CorpusEntry[]): Resolution[] {
  return [...new Set(entries.map((e) => e.text))];
}

function summarizeLabels(labels: string[]): string {
  const ops = labels.filter((l) => /^OP \d+$/.test(l)).map((l) => Number(l.slice(3)));
  const pps = labels.filter((l) => /^PP \d+$/.test(l)).map((l) => Number(l.slice(3)));
  const paras = labels.filter((l) => /^para\. \d+$/.test(l)).map((l) => Number(l.slice(6)));
  const parts: string[] = [];
  if (pps.length) parts.push(`PP 1–${Math.max(...pps)}`);
  if (ops.length) parts.push(`OP 1–${Math.max(...ops)}`);
  if (paras.length) parts.push(`paras. ${Math.min(...paras)}–${Math.max(...paras)}`);
  return parts.join(", ") || labels.slice(0, 5).join(", ");
}

function nearestLabels(ref: ParagraphRef, texts: Resolution[]): string[] {
  const labels = texts.flatMap((t) => t.paragraphs.filter((p) => p.kind === wantedKind(ref, t) && p.number !== null).map((p) => ({ label: p.label, n: p.number!, sub: p.sub })));
  return labels
    .sort((a, b) => Math.abs(a.n - ref.number) - Math.abs(b.n - ref.number) || (a.sub ? 1 : 0) - (b.sub ? 1 : 0))
    .slice(0, 3)
    .map((l) => l.label);
}

export function nearest(target: string, candidates: string[], k: number): string[] {
  const t = target.toUpperCase();
  return [...new Set(candidates)]
    .map((c) => ({ c, d: levenshtein(t, c.toUpperCase()) }))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, k)
    .map((x) => x.c);
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
