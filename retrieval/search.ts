/**
 * The retriever every surface uses: citation lookups first, then hybrid ranking of dense HNSW
 * search and BM25, fused by reciprocal rank. Questions are expanded through the glossary so an
 * English question reaches Chinese paragraphs; a pasted verbatim fragment puts its paragraph first;
 * operative paragraphs win ties; identical language in several texts is shown once with every
 * citation. Hits are built from the corpus, never from the index's metadata alone.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { Bm25Index } from "./bm25.ts";
import { type Corpus, type CorpusEntry, corpusEntries } from "./corpus.ts";
import { ErrorCode, MandateDeskError } from "./errors.ts";
import type { Glossary } from "./glossary/index.ts";
import { parseCitation, resolveCitation } from "./lookup.ts";
import { isMandate } from "./mandates.ts";
import { tokenize } from "./tokenize.ts";
import type { Hit, Retriever, RetrieverName, SearchFilters, SearchOptions, SearchResponse } from "./types.ts";
import type { VectorIndex } from "./vector-index.ts";

export const MAX_QUERY_CHARS = 1000;
const RRF_K = 60;
/** The built-in embedder hashes words and concepts, so it is the weaker of the two signals; a neural embedder would earn 1. */
const DENSE_WEIGHT = 0.7;
const CANDIDATES = 100;
/** Equal relevance goes to what users act on: operative language, then preambular, then narrative. */
const KIND_PRIOR: Record<string, number> = { operative: 1, preambular: 0.93, report: 0.85 };

export interface HybridRetrieverOptions {
  corpus: Corpus;
  index: VectorIndex;
  embeddings: EmbeddingsInterface;
  glossary: Glossary;
  defaultRetriever?: RetrieverName;
}

interface Prepared {
  entry: CorpusEntry;
  /** Text with spaces and punctuation removed: for verbatim-fragment matching. */
  flat: string;
  /** Text with only white space removed: identical language, for de-duplication (a comma is a difference). */
  same: string;
  mandate: boolean;
  /** "请联合国毒品和犯罪问题办公室：" with items under it: only its items are answers (each carries it as chapeau). */
  chapeauOnly: boolean;
}

export class HybridRetriever implements Retriever {
  private readonly items: Prepared[];
  private readonly byId = new Map<string, number>();
  private readonly bm25: Bm25Index;
  private readonly index: VectorIndex;
  private readonly embeddings: EmbeddingsInterface;
  private readonly glossary: Glossary;
  private readonly defaultRetriever: RetrieverName;
  readonly entries: CorpusEntry[];

  constructor(options: HybridRetrieverOptions) {
    this.entries = corpusEntries(options.corpus);
    this.index = options.index;
    this.embeddings = options.embeddings;
    this.glossary = options.glossary;
    this.defaultRetriever = options.defaultRetriever ?? "hybrid";
    const hasItems = new Set(this.entries.filter((e) => e.paragraph.sub !== null).map((e) => `${e.text.id}|${e.paragraph.kind}|${e.paragraph.number}`));
    this.items = this.entries.map((entry, i) => {
      this.byId.set(entry.paragraph.id, i);
      const p = entry.paragraph;
      const lead = p.sub ? (p.chapeau ?? "") : p.text;
      const chapeauOnly = p.sub === null && /[：:]$/.test(p.text.trim()) && hasItems.has(`${entry.text.id}|${p.kind}|${p.number}`);
      return {
        entry,
        chapeauOnly,
        flat: flatten(p.text),
        same: p.text.replace(/\s+/g, ""),
        mandate: p.kind === "operative" && !chapeauOnly && (isMandate(lead, entry.text.language) || isMandate(p.text, entry.text.language)),
      };
    });
    this.bm25 = new Bm25Index(this.entries.map((e) => tokenize(lexicalText(e), { glossary: this.glossary })));
  }

  async search(rawQuery: string, options: SearchOptions = {}): Promise<SearchResponse> {
    const notices: string[] = [];
    let query = (rawQuery ?? "").replace(/\s+/g, " ").trim();
    if (query.length === 0) {
      return { query: rawQuery ?? "", hits: [], notices: ["The question is empty: ask about a topic (“online scams and trafficking”) or cite a paragraph (“A/C.3/74/L.2 OP 11”)."] };
    }
    if (query.length > MAX_QUERY_CHARS) {
      query = query.slice(0, MAX_QUERY_CHARS);
      notices.push(`The question was longer than ${MAX_QUERY_CHARS} characters; only its beginning was searched.`);
    }
    const top = clampTop(options.top);
    const allow = this.filterFn(options.filters);

    // A pasted passage ("所涉方案预算问题的说", "/CN.7/2024/2-E/CN") is answered by the paragraphs that contain it,
    // even when it holds a symbol or looks like no language at all.
    if (this.verbatimMatches(query, allow).length > 0) {
      const ranked = await this.rank(query, options.retriever ?? this.defaultRetriever, allow);
      return { query: rawQuery, hits: this.finish(ranked, top), notices };
    }

    const citation = parseCitation(query);
    if (citation) {
      const result = resolveCitation(citation, this.entries);
      const lookup = { found: result.found, asked: result.asked, suggestions: result.suggestions };
      notices.push(...result.notices);
      const cited = result.entries.filter((e) => allow(this.byId.get(e.paragraph.id)!));
      if (citation.bare || (result.found && citation.paragraph)) {
        const hits = cited.slice(0, Math.max(top, citation.paragraph ? cited.length : top)).map((e, i) => this.toHit(this.byId.get(e.paragraph.id)!, i + 1, 1, []));
        return { query: rawQuery, hits, lookup, notices };
      }
      // A reference plus words ("what does 33/1 say about children"): search within the cited texts.
      const within = new Set(result.texts);
      const ranked = await this.rank(query, options.retriever ?? this.defaultRetriever, (i) => allow(i) && (within.size === 0 || within.has(this.items[i]!.entry.text)));
      return { query: rawQuery, hits: this.finish(ranked, top), lookup, notices };
    }

    if (!/[\p{L}\p{N}]/u.test(query)) {
      return { query: rawQuery, hits: [], notices: [...notices, "The question has no words to search for."] };
    }
    const expansion = this.glossary.expand(query);
    if (expansion.language === "other" && expansion.concepts.length === 0) {
      return {
        query: rawQuery,
        hits: [],
        notices: [...notices, "Mandate Desk searches Chinese and English texts; please ask in Chinese or English."],
      };
    }
    const unknown = this.unknownTopicWords(query);
    if (unknown.length > 0) {
      return {
        query: rawQuery,
        hits: [],
        notices: [...notices, `Nothing in the corpus matches this: ${unknown.map((w) => `“${w}”`).join(", ")} is not a term of these texts. Try other wording, or Chinese.`],
      };
    }
    const ranked = await this.rank(query, options.retriever ?? this.defaultRetriever, allow);
    const hits = this.finish(ranked, top);
    if (hits.length === 0) notices.push("Nothing in the corpus matches this question.");
    return { query: rawQuery, hits, notices };
  }


  /**
   * English words the texts cannot be reached by: the corpus is Chinese, so an English word counts
   * only through the glossary. A short topic ("quantum gravity") half made of such words matches
   * nothing real, whatever its other half happens to share; a longer question may carry some.
   */
  private unknownTopicWords(query: string): string[] {
    const words = [...query.toLowerCase().matchAll(/[a-z][a-z'-]+/g)].filter((m) => !QUESTION_WORDS.has(m[0]));
    if (words.length === 0 || words.length > 4) return [];
    const spans = this.glossary.match(query).filter((m) => m.script === "en");
    const unknown = words.filter((w) => !spans.some((s) => w.index >= s.start && w.index < s.end)).map((w) => w[0]);
    return unknown.length * 2 >= words.length ? unknown : [];
  }

  /** The paragraph with this id, as a hit (for follow-ups and digests that stored ids). */
  hitById(id: string): Hit | null {
    const i = this.byId.get(id);
    return i === undefined ? null : this.toHit(i, 1, 1, []);
  }

  private async rank(query: string, retriever: RetrieverName, allowed: (i: number) => boolean): Promise<Array<{ i: number; score: number }>> {
    const allow = (i: number) => allowed(i) && !this.items[i]!.chapeauOnly;
    const expansion = this.glossary.expand(withChineseOrdinals(query));
    const expanded = expansion.expandedText;
    const fused = new Map<number, number>();
    const add = (list: Array<{ i: number; score: number }>, weight: number) =>
      list.forEach(({ i }, rank) => fused.set(i, (fused.get(i) ?? 0) + weight / (RRF_K + rank + 1)));

    const tokens = tokenize(expanded, { glossary: this.glossary, conceptRepeat: 2 });
    // Nearest neighbours always exist; without a shared word, bigram or concept they are not an answer ("量子引力" shares only 力).
    if (retriever === "hybrid" && !tokens.some((t) => !t.startsWith("u:") && this.bm25.has(t))) return this.verbatimFirst(query, [], allowed);

    let dense: Array<{ i: number; score: number }> = [];
    let lexical: Array<{ i: number; score: number }> = [];
    if (retriever !== "bm25") {
      let vector: number[];
      try {
        vector = await this.embeddings.embedQuery(expanded);
      } catch (error) {
        if (error instanceof MandateDeskError) throw error;
        throw new MandateDeskError(ErrorCode.EmbedderFailed, `the question could not be embedded: ${(error as Error).message}`, {}, { cause: error });
      }
      const filtered = this.items.length !== countAllowed(this.items.length, allow);
      const hits = await this.index.search(vector, filtered ? CANDIDATES * 5 : CANDIDATES, filtered ? (item) => allow(this.byId.get(item.id) ?? -1) : undefined);
      dense = hits.map((h) => ({ i: this.byId.get(h.id) ?? -1, score: h.score })).filter((h) => h.i >= 0 && allow(h.i));
    }
    if (retriever !== "dense") {
      lexical = this.bm25.search(tokens, CANDIDATES, allow).map((h) => ({ i: h.doc, score: h.score }));
    }
    let ranked: Array<{ i: number; score: number }>;
    if (retriever === "dense") ranked = dense;
    else if (retriever === "bm25") ranked = lexical;
    else {
      add(dense, DENSE_WEIGHT);
      add(lexical, 1);
      ranked = [...fused.entries()].map(([i, score]) => ({ i, score }));
    }
    ranked = ranked.map(({ i, score }) => ({ i, score: score * (KIND_PRIOR[this.items[i]!.entry.paragraph.kind] ?? 1) }));
    ranked.sort((a, b) => b.score - a.score || a.i - b.i);
    return this.verbatimFirst(query, ranked, allowed);
  }

  /**
   * Paragraphs containing the question word for word (spaces and punctuation aside). Ten characters
   * of Chinese or a symbol-laden string are distinctive; a phrase found in more than twenty
   * paragraphs is ordinary wording, not a quotation.
   */
  private verbatimMatches(query: string, allow: (i: number) => boolean): number[] {
    const fragment = flatten(query);
    if (fragment.length < 10) return [];
    const exact: number[] = [];
    for (let i = 0; i < this.items.length; i++) {
      if (allow(i) && this.items[i]!.flat.includes(fragment)) {
        exact.push(i);
        if (exact.length > 20) return [];
      }
    }
    return exact;
  }

  /** A pasted fragment of a paragraph is the strongest evidence there is: its paragraphs go first. */
  private verbatimFirst(query: string, ranked: Array<{ i: number; score: number }>, allow: (i: number) => boolean): Array<{ i: number; score: number }> {
    const exact = this.verbatimMatches(query, allow);
    if (exact.length === 0) return ranked;
    const order = new Map(ranked.map((r, pos) => [r.i, pos]));
    exact.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a - b);
    const best = ranked[0]?.score ?? 1;
    const head = exact.map((i, k) => ({ i, score: best + (exact.length - k) }));
    return [...head, ...ranked.filter((r) => !exact.includes(r.i))];
  }

  /** De-duplicates identical language across texts and turns the top of the ranking into hits. */
  private finish(ranked: Array<{ i: number; score: number }>, top: number): Hit[] {
    const groups: Array<{ i: number; score: number; also: number[] }> = [];
    const bySame = new Map<string, (typeof groups)[number]>();
    for (const r of ranked) {
      const same = this.items[r.i]!.same;
      const group = same.length >= 12 ? bySame.get(same) : undefined;
      if (group) {
        group.also.push(r.i);
        continue;
      }
      const g = { i: r.i, score: r.score, also: [] as number[] };
      groups.push(g);
      if (same.length >= 12) bySame.set(same, g);
      if (groups.length >= top && ranked.length > 500) break;
    }
    // Identical paragraphs not among the candidates are still cited under every symbol.
    for (const g of groups.slice(0, top)) {
      const same = this.items[g.i]!.same;
      if (same.length < 12) continue;
      this.items.forEach((item, j) => {
        if (j !== g.i && !g.also.includes(j) && item.same === same) g.also.push(j);
      });
    }
    return groups.slice(0, top).map((g, k) => this.toHit(g.i, k + 1, g.score, g.also));
  }

  private toHit(i: number, rank: number, score: number, also: number[]): Hit {
    const { paragraph: p, text: t } = this.items[i]!.entry;
    return {
      rank,
      score: Math.round(score * 1e6) / 1e6,
      id: p.id,
      symbol: t.symbol,
      aliases: t.aliases,
      title: t.title,
      body: t.body,
      voice: t.voice,
      year: t.year,
      session: t.session,
      status: t.status,
      textKind: t.kind,
      paragraph: { kind: p.kind, number: p.number, sub: p.sub, label: p.label },
      text: p.text,
      chapeau: p.chapeau,
      alsoIn: also.map((j) => {
        const e = this.items[j]!.entry;
        return { symbol: e.text.symbol, title: e.text.title, label: e.paragraph.label, id: e.paragraph.id };
      }),
      source: { file: p.source.file, line: p.source.line },
    };
  }

  private filterFn(filters: SearchFilters | undefined): (i: number) => boolean {
    if (!filters) return () => true;
    const symbol = filters.symbol?.toUpperCase().replace(/\s+/g, "");
    const body = filters.body?.toLowerCase();
    return (i: number) => {
      const item = this.items[i];
      if (!item) return false;
      const { text: t, paragraph: p } = item.entry;
      if (symbol) {
        const names = [t.symbol, ...t.aliases].filter((s): s is string => !!s).map((s) => s.toUpperCase());
        if (!names.some((n) => n === symbol || n.endsWith(`/${symbol}`))) return false;
      }
      if (body && !(t.body ?? "").toLowerCase().includes(body) && !(t.voice ?? "").toLowerCase().includes(body)) return false;
      if (filters.year !== undefined && t.year !== filters.year) return false;
      if (filters.kind && p.kind !== filters.kind) return false;
      if (filters.mandatesOnly && !item.mandate) return false;
      return true;
    };
  }
}

/** What BM25 sees: the paragraph, its chapeau, and what names its text (title, sponsors) so "the Colombian draft on X" finds it. */
/** Words of asking, not of a topic: they never count against a question. */
const QUESTION_WORDS = new Set(
  "a an the of and or in on at to for by with from about is are was were be been do does did have has had we our us you what which who whom when where why how there any anything some something say said says agree agreed agreement language paragraph paragraphs text texts resolution resolutions draft drafts decision decisions mention mentions mentioned tell show find know please".split(" "),
);

const CN_DIGIT = "零一二三四五六七八九";

/** 1–99 in Chinese numerals, as UN Chinese writes sessions: 15 → 十五, 33 → 三十三. */
function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGIT[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : CN_DIGIT[tens]}十${ones === 0 ? "" : CN_DIGIT[ones]}`;
}

/** People type "第15届", "第33届会议"; the texts write 第十五届, 第三十三届会议. */
export function withChineseOrdinals(query: string): string {
  return query.replace(/第\s*(\d{1,2})\s*(届|次)/g, (_, n: string, unit: string) => `第${chineseNumber(Number(n))}${unit}`);
}

function lexicalText(e: CorpusEntry): string {
  return [e.text.title, e.text.sponsors, e.paragraph.chapeau, e.paragraph.text].filter(Boolean).join("\n");
}

function flatten(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
}

function clampTop(top: number | undefined): number {
  if (top === undefined || !Number.isFinite(top)) return 5;
  return Math.max(1, Math.min(50, Math.floor(top)));
}

function countAllowed(n: number, allow: (i: number) => boolean): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (allow(i)) c++;
  return c;
}
