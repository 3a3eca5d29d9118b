/**
 * The bilingual terminology glossary: the only bridge between an English question and a Chinese
 * paragraph, because the retriever is offline and has no translation model. Matching is exact on
 * curated variants (no fuzzy guessing), so a concept is only claimed where the documents' own
 * wording is present.
 *
 * Matching rules, both sides leftmost-longest so that "联合国打击跨国有组织犯罪公约" is the Convention
 * and not also "有组织犯罪" (implications are expressed explicitly through `broader`):
 * - Chinese: a character trie; whitespace inside the text is transparent (seed PDFs break lines
 *   inside words, "在\n线诈骗"), full-width ASCII and Latin case are folded. One-character Chinese
 *   variants ("请") are too ambiguous to detect without word segmentation, so they are emitted as
 *   expansion terms but never used to detect a concept.
 * - English: a token trie over light stems (plural, -ing, -ed, final -e), case-insensitive, whole
 *   words only, articles ignored; hyphens and spaces are the same separator ("capacity-building").
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ErrorCode, MandateDeskError } from "../errors.ts";

export interface GlossaryEntry {
  /** Stable snake_case id, used by the index to store concepts per paragraph. */
  id: string;
  /** English variants; the first is the preferred wording. */
  en: string[];
  /** Chinese variants as they appear in UN documents; the first is the preferred wording. */
  zh: string[];
  /** Ids of wider concepts this one implies (the Trafficking Protocol implies trafficking in persons). */
  broader?: string[];
}

export interface GlossaryMatch {
  /** Concepts the matched wording stands for (usually one; a few words are shared, e.g. 网络). */
  concepts: readonly string[];
  /** UTF-16 offsets into the text given to `match`. */
  start: number;
  end: number;
  script: "zh" | "en";
}

export type QueryLanguage = "zh" | "en" | "mixed" | "other";

export interface QueryExpansion {
  /** Script of the query; "en" means Latin script, "other" covers empty, Cyrillic, Arabic... */
  language: QueryLanguage;
  /** Concepts named in the query, in order of appearance. */
  concepts: string[];
  /** Wider concepts implied by `concepts` and not named themselves. */
  broader: string[];
  /** Chinese variants of the named concepts (preferred first, deduplicated). */
  zhTerms: string[];
  /** English variants of the named concepts. */
  enTerms: string[];
  /** The query followed by every variant it does not already contain: ready for a lexical retriever. */
  expandedText: string;
}

const entrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:_[a-z0-9]+)*$/, "id must be snake_case ascii"),
  en: z.array(z.string()).min(1, "needs at least one English variant"),
  zh: z.array(z.string()).min(1, "needs at least one Chinese variant"),
  broader: z.array(z.string()).optional(),
});

const fileSchema = z.strictObject({
  version: z.literal(1),
  entries: z.array(z.unknown()).min(1, "has no entries"),
});

const DEFAULT_PATH = fileURLToPath(new URL("./terms.json", import.meta.url));

let cachedDefault: Glossary | undefined;

interface EnNode {
  next: Map<string, EnNode>;
  ids: number[] | undefined;
}

const ARTICLES = new Set(["the", "a", "an"]);
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const STEM_CACHE_LIMIT = 50_000;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x3000 || code === 0x200b;
}

/** Full-width ASCII to ASCII, Latin capitals to lower case: the variants and the text meet in one form. */
function fold(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
  if (code >= 65 && code <= 90) return code + 32;
  if (code >= 0xc0 && code <= 0xde && code !== 0xd7) return code + 32;
  return code;
}

function zhSlot(node: number, code: number): number {
  return Math.imul(node ^ (code << 15), 0x9e3779b1) >>> 7;
}

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 0xdf && code <= 0xff && code !== 0xf7);
}

/**
 * A deliberately light stemmer: it only has to make "victims"/"victim", "trafficking"/"trafficked",
 * "smuggling"/"smuggle" meet, and it is applied identically to variants and text, so over-stemming
 * ("united" -> "unit") is harmless as long as it does not land on another common word.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) return w;
  else if (/(?:[sxz]|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s")) w = w.slice(0, -1);
  let cut = false;
  if (w.length > 5 && w.endsWith("ing")) {
    w = w.slice(0, -3);
    cut = true;
  } else if (w.length > 4 && w.endsWith("ed")) {
    w = w.slice(0, -2);
    cut = true;
  }
  if (cut && w.length > 3) {
    const last = w.charCodeAt(w.length - 1);
    if (last === w.charCodeAt(w.length - 2) && !"lsz".includes(w[w.length - 1] ?? "")) w = w.slice(0, -1);
  }
  // Put back the "e" a suffix took when the stem would be too short to be a word of its own:
  // "noted"/"noting" must meet "note" and not the word "not".
  if (cut && w.length <= 3) return `${w}e`;
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

interface RawMatch {
  ids: number[];
  start: number;
  end: number;
  script: "zh" | "en";
}

interface Token {
  stem: string;
  start: number;
  end: number;
}

function fail(origin: string, message: string): never {
  throw new MandateDeskError(ErrorCode.GlossaryMalformed, `Glossary ${origin} is malformed: ${message}`, { file: origin });
}

function describeEntry(raw: unknown, index: number): string {
  const id = typeof raw === "object" && raw !== null && "id" in raw ? (raw as { id: unknown }).id : undefined;
  return typeof id === "string" && id ? `entry #${index + 1} ("${id}")` : `entry #${index + 1}`;
}

export class Glossary {
  readonly entries: readonly GlossaryEntry[];
  private readonly byId: Map<string, number>;
  /**
   * Chinese trie as flat tables, because the scan runs over every indexed paragraph (a million
   * in the benchmark): the first character is a direct array lookup (most positions stop there),
   * deeper edges live in one open-addressing hash table of (node, UTF-16 unit) pairs.
   */
  private readonly zhFirst = new Int32Array(65536).fill(-1);
  private readonly zhIds: (number[] | undefined)[] = [undefined];
  private readonly zhBuild = new Map<number, Map<number, number>>();
  private zhMask = 0;
  private zhKeyNode = new Int32Array(0);
  private zhKeyCode = new Uint16Array(0);
  private zhTarget = new Int32Array(0);
  /** Per-call dedupe marks for conceptsIn, cheaper than a fresh Set for each paragraph. */
  private readonly seenMark: Uint32Array;
  private seenGeneration = 0;
  private readonly enRoot: EnNode = { next: new Map(), ids: undefined };
  private readonly stemCache = new Map<string, string>();
  /** Transitive closure of `broader`, by entry index. */
  private readonly ancestors: number[][];

  private constructor(entries: GlossaryEntry[]) {
    this.entries = entries;
    this.byId = new Map(entries.map((e, i) => [e.id, i]));
    entries.forEach((entry, index) => {
      for (const variant of entry.zh) {
        const key = Glossary.zhKey(variant);
        if (key.length > 1) this.addZh(key, index);
      }
      for (const variant of entry.en) this.addEn(this.tokenize(variant).map((t) => t.stem), index);
    });
    this.ancestors = entries.map((_, index) => this.closure(index));
    this.freezeZh();
    this.seenMark = new Uint32Array(entries.length);
  }

  /**
   * The glossary shipped next to this module (cached after the first call), or the file at `path`.
   * Throws MandateDeskError (md_manifest_malformed) naming the file and the offending entry.
   */
  static load(path?: string | URL): Glossary {
    if (path === undefined && cachedDefault) return cachedDefault;
    const file = path === undefined ? DEFAULT_PATH : path instanceof URL ? fileURLToPath(path) : path;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new MandateDeskError(ErrorCode.GlossaryMalformed, `Glossary file ${file} cannot be read`, { file }, { cause: error });
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new MandateDeskError(
        ErrorCode.GlossaryMalformed,
        `Glossary ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        { file },
        { cause: error },
      );
    }
    const glossary = Glossary.fromData(data, file);
    if (path === undefined) cachedDefault = glossary;
    return glossary;
  }

  /** Validates already-parsed glossary data (`{ version: 1, entries: [...] }`); `origin` names it in errors. */
  static fromData(data: unknown, origin = "<data>"): Glossary {
    const file = fileSchema.safeParse(data);
    if (!file.success) fail(origin, file.error.issues.map((i) => `${i.path.join(".") || "top level"}: ${i.message}`).join("; "));
    const entries: GlossaryEntry[] = [];
    const seen = new Map<string, number>();
    file.data.entries.forEach((raw, index) => {
      const where = describeEntry(raw, index);
      const parsed = entrySchema.safeParse(raw);
      if (!parsed.success) fail(origin, `${where}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "entry"} ${i.message}`).join("; ")}`);
      const entry = parsed.data;
      const previous = seen.get(entry.id);
      if (previous !== undefined) fail(origin, `${where}: duplicate id, first used by entry #${previous + 1}`);
      seen.set(entry.id, index);
      Glossary.checkVariants(entry, where, origin);
      entries.push(entry.broader ? { id: entry.id, en: entry.en, zh: entry.zh, broader: entry.broader } : { id: entry.id, en: entry.en, zh: entry.zh });
    });
    entries.forEach((entry, index) => {
      for (const id of entry.broader ?? []) {
        if (id === entry.id) fail(origin, `${describeEntry(entry, index)}: lists itself as broader`);
        if (!seen.has(id)) fail(origin, `${describeEntry(entry, index)}: broader concept "${id}" does not exist`);
      }
    });
    return new Glossary(entries);
  }

  private static checkVariants(entry: z.infer<typeof entrySchema>, where: string, origin: string): void {
    const keys = new Set<string>();
    entry.zh.forEach((variant, j) => {
      if (!variant.trim()) fail(origin, `${where}: zh[${j}] is empty`);
      if (!CJK.test(variant)) fail(origin, `${where}: zh[${j}] "${variant}" has no Chinese character`);
      const key = `zh:${Glossary.zhKey(variant)}`;
      if (keys.has(key)) fail(origin, `${where}: zh[${j}] "${variant}" is listed twice`);
      keys.add(key);
    });
    entry.en.forEach((variant, j) => {
      if (!variant.trim()) fail(origin, `${where}: en[${j}] is empty`);
      if (CJK.test(variant)) fail(origin, `${where}: en[${j}] "${variant}" contains Chinese characters`);
      if (!/[a-z0-9]/i.test(variant)) fail(origin, `${where}: en[${j}] "${variant}" has no word to match`);
      const key = `en:${variant.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim()}`;
      if (keys.has(key)) fail(origin, `${where}: en[${j}] "${variant}" is listed twice`);
      keys.add(key);
    });
  }

  private static zhKey(variant: string): string {
    let key = "";
    for (let i = 0; i < variant.length; i++) {
      const code = fold(variant.charCodeAt(i));
      if (!isSpace(code)) key += String.fromCharCode(code);
    }
    return key;
  }

  private addZh(key: string, index: number): void {
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      let next = -1;
      if (i === 0) next = this.zhFirst[code] ?? -1;
      else next = this.zhBuild.get(node)?.get(code) ?? -1;
      if (next < 0) {
        next = this.zhIds.length;
        this.zhIds.push(undefined);
        if (i === 0) this.zhFirst[code] = next;
        else {
          let edges = this.zhBuild.get(node);
          if (!edges) this.zhBuild.set(node, (edges = new Map()));
          edges.set(code, next);
        }
      }
      node = next;
    }
    const ids = this.zhIds[node];
    this.zhIds[node] = ids ? (ids.includes(index) ? ids : [...ids, index]) : [index];
  }

  private freezeZh(): void {
    let count = 0;
    for (const edges of this.zhBuild.values()) count += edges.size;
    let size = 16;
    while (size < count * 2) size *= 2;
    this.zhMask = size - 1;
    this.zhKeyNode = new Int32Array(size).fill(-1);
    this.zhKeyCode = new Uint16Array(size);
    this.zhTarget = new Int32Array(size);
    for (const [node, edges] of this.zhBuild) {
      for (const [code, target] of edges) {
        let slot = zhSlot(node, code) & this.zhMask;
        while (this.zhKeyNode[slot] !== -1) slot = (slot + 1) & this.zhMask;
        this.zhKeyNode[slot] = node;
        this.zhKeyCode[slot] = code;
        this.zhTarget[slot] = target;
      }
    }
    this.zhBuild.clear();
  }

  private zhNext(node: number, code: number): number {
    const keyNode = this.zhKeyNode;
    const mask = this.zhMask;
    let slot = zhSlot(node, code) & mask;
    for (;;) {
      const at = keyNode[slot] as number;
      if (at === -1) return -1;
      if (at === node && this.zhKeyCode[slot] === code) return this.zhTarget[slot] as number;
      slot = (slot + 1) & mask;
    }
  }

  private addEn(stems: string[], index: number): void {
    if (stems.length === 0) return;
    let node = this.enRoot;
    for (const s of stems) {
      let next = node.next.get(s);
      if (!next) {
        next = { next: new Map(), ids: undefined };
        node.next.set(s, next);
      }
      node = next;
    }
    node.ids = node.ids ? (node.ids.includes(index) ? node.ids : [...node.ids, index]) : [index];
  }

  private closure(index: number): number[] {
    const out: number[] = [];
    // Breadth-first, so direct broader concepts come before what they imply in turn.
    const queue = [...(this.entries[index]?.broader ?? [])];
    for (let q = 0; q < queue.length; q++) {
      const at = this.byId.get(queue[q] as string);
      if (at === undefined || at === index || out.includes(at)) continue;
      out.push(at);
      queue.push(...(this.entries[at]?.broader ?? []));
    }
    return out;
  }

  private stemOf(word: string): string {
    let s = this.stemCache.get(word);
    if (s === undefined) {
      if (this.stemCache.size >= STEM_CACHE_LIMIT) this.stemCache.clear();
      s = stem(word);
      this.stemCache.set(word, s);
    }
    return s;
  }

  private tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      // Fast skip of CJK and other non-Latin text, the bulk of a Chinese paragraph.
      if ((c > 0xff && (c < 0xff01 || c > 0xff5e)) || !isWordChar(fold(c))) {
        i++;
        continue;
      }
      const start = i;
      let wide = false;
      while (i < n) {
        const raw = text.charCodeAt(i);
        if (!isWordChar(fold(raw))) break;
        if (raw >= 0xff01) wide = true;
        i++;
      }
      const word = wide
        ? Array.from(text.slice(start, i), (ch) => String.fromCharCode(fold(ch.charCodeAt(0)))).join("")
        : text.slice(start, i).toLowerCase();
      // Possessive "'s" ("children's") would otherwise break a phrase.
      if (word === "s" && start > 0 && (text[start - 1] === "'" || text[start - 1] === "\u2019")) continue;
      if (ARTICLES.has(word)) continue;
      tokens.push({ stem: this.stemOf(word), start, end: i });
    }
    return tokens;
  }

  /** Every concept mention in `text`, leftmost-longest, ordered by position. */
  match(text: string): GlossaryMatch[] {
    return this.scan(text).map((m) => ({ concepts: m.ids.map((i) => this.entries[i]?.id ?? ""), start: m.start, end: m.end, script: m.script }));
  }

  private scan(text: string): RawMatch[] {
    const found: RawMatch[] = [];
    this.scanZh(text, found);
    const zhCount = found.length;
    this.scanEn(text, found);
    if (zhCount > 0 && found.length > zhCount) found.sort((a, b) => a.start - b.start);
    return found;
  }

  private scanZh(text: string, out: RawMatch[]): void {
    const n = text.length;
    const first = this.zhFirst;
    const idsAt = this.zhIds;
    let i = 0;
    while (i < n) {
      let node = first[fold(text.charCodeAt(i))] ?? -1;
      if (node < 0) {
        i++;
        continue;
      }
      let j = i + 1;
      let bestIds = idsAt[node];
      let bestEnd = bestIds ? j : -1;
      while (j < n) {
        const code = fold(text.charCodeAt(j));
        if (isSpace(code)) {
          j++;
          continue;
        }
        const next = this.zhNext(node, code);
        if (next < 0) break;
        node = next;
        j++;
        const ids = idsAt[node];
        if (ids) {
          bestEnd = j;
          bestIds = ids;
        }
      }
      if (bestEnd > 0 && bestIds) {
        out.push({ ids: bestIds, start: i, end: bestEnd, script: "zh" });
        i = bestEnd;
      } else {
        i++;
      }
    }
  }

  private scanEn(text: string, out: RawMatch[]): void {
    const tokens = this.tokenize(text);
    const root = this.enRoot.next;
    let i = 0;
    while (i < tokens.length) {
      let node = root.get((tokens[i] as Token).stem);
      if (!node) {
        i++;
        continue;
      }
      let j = i + 1;
      let bestEnd = node.ids ? j : -1;
      let bestIds = node.ids;
      while (j < tokens.length) {
        const next: EnNode | undefined = node.next.get((tokens[j] as Token).stem);
        if (!next) break;
        node = next;
        j++;
        if (node.ids) {
          bestEnd = j;
          bestIds = node.ids;
        }
      }
      if (bestEnd > 0 && bestIds) {
        out.push({ ids: bestIds, start: (tokens[i] as Token).start, end: (tokens[bestEnd - 1] as Token).end, script: "en" });
        i = bestEnd;
      } else {
        i++;
      }
    }
  }

  /** Concept ids named in `text` (either language), deduplicated in order of first mention. */
  conceptsIn(text: string): string[] {
    const out: string[] = [];
    const mark = this.seenMark;
    if (this.seenGeneration === 0xffffffff) {
      mark.fill(0);
      this.seenGeneration = 0;
    }
    const generation = ++this.seenGeneration;
    for (const m of this.scan(text)) {
      for (const index of m.ids) {
        if (mark[index] === generation) continue;
        mark[index] = generation;
        out.push(this.entries[index]?.id ?? "");
      }
    }
    return out;
  }

  /** `ids` plus every concept they imply through `broader`, transitively; unknown ids are dropped. */
  withBroader(ids: readonly string[]): string[] {
    const out = new Set<string>();
    for (const id of ids) {
      const index = this.byId.get(id);
      if (index === undefined) continue;
      out.add(id);
      for (const a of this.ancestors[index] ?? []) out.add(this.entries[a]?.id ?? id);
    }
    return [...out];
  }

  entry(id: string): GlossaryEntry | undefined {
    const index = this.byId.get(id);
    return index === undefined ? undefined : this.entries[index];
  }

  get size(): number {
    return this.entries.length;
  }

  /** Translates and expands a question for a lexical retriever; never throws on odd input. */
  expand(query: string): QueryExpansion {
    const concepts = this.conceptsIn(query);
    const broader = this.withBroader(concepts).filter((id) => !concepts.includes(id));
    const zhTerms = new Set<string>();
    const enTerms = new Set<string>();
    for (const id of concepts) {
      const entry = this.entry(id);
      if (!entry) continue;
      for (const v of entry.zh) zhTerms.add(v);
      for (const v of entry.en) enTerms.add(v);
    }
    const lowered = query.toLowerCase();
    const additions = [...zhTerms, ...enTerms].filter((t) => !lowered.includes(t.toLowerCase()));
    const expandedText = [query.trim(), ...additions].filter(Boolean).join(" ");
    return { language: detectLanguage(query), concepts, broader, zhTerms: [...zhTerms], enTerms: [...enTerms], expandedText };
  }
}

/** Document symbols and paragraph labels are Latin even in a Chinese question; they say nothing about its language. */
const NOT_LANGUAGE = /\b[a-z]{1,6}(?:\.\d+)?(?:\/[a-z0-9.\-()]+)+|\b(?:op|pp|para)\.?\s*\d+/gi;

export function detectLanguage(query: string): QueryLanguage {
  let cjk = 0;
  let latin = 0;
  let other = 0;
  for (const ch of query.replace(NOT_LANGUAGE, " ")) {
    if (CJK.test(ch)) cjk++;
    else if (/[a-z\u00c0-\u024f]/i.test(ch)) latin++;
    else if (/\p{L}/u.test(ch)) other++;
  }
  if (other > cjk + latin) return "other";
  if (cjk > 0 && latin > 0) return "mixed";
  if (cjk > 0) return "zh";
  if (latin > 0) return "en";
  return "other";
}
