/**
 * The default embedder: signed feature hashing of Chinese and English surface features, with
 * optional cross-lingual concept features from a glossary. It needs no network and no model, and
 * the same text gives the same vector in every process on every machine, so an index built on one
 * laptop answers queries on another. Any change to what is hashed or how it is weighted changes
 * the vectors: bump ALGORITHM so stored indexes are recognised as built by a different embedder.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

const ALGORITHM = "local-hash-v1";
const DEFAULT_DIMENSIONS = 384;
const DEFAULT_CONCEPT_WEIGHT = 1;

/** Unigrams are weak evidence in Chinese; bigrams and dictionary words carry the meaning. */
const WEIGHT = {
  cjkUnigram: 0.4,
  cjkBigram: 1,
  cjkWord: 1,
  latinWord: 1,
  number: 0.5,
} as const;

/**
 * Characters so frequent in UN Chinese (function words and the boilerplate of 联合国/会员国/决议)
 * that a shared one says little about a shared topic. A fixed list rather than corpus idf keeps a
 * vector independent of what else happens to be indexed.
 */
const COMMON_CJK_CHARS = new Set(
  Array.from(
    "的和在会国员了是与及其对为以之于等各并有这该此中也将或就所由被把从到向而年月日第号" +
      "议决联合大委届次项关请通过进行应可不一二三四五六七八九十",
  ),
);
const COMMON_CHAR_FACTOR = 0.25;

/** Multi-character words that appear in nearly every paragraph of a resolution. */
const COMMON_CJK_WORDS = new Set([
  "联合国", "大会", "决议", "会员国", "各国", "会议", "委员会", "理事会", "报告", "秘书长", "包括",
  "以及", "并且", "其中", "为了", "关于", "通过", "进行", "有关", "以便", "这些", "此种", "方面",
  "继续", "特别", "酌情", "还请", "鼓励", "欢迎", "注意到", "回顾", "认识到",
]);
const COMMON_WORD_FACTOR = 0.3;

const ENGLISH_STOPWORDS = new Set(
  (
    "a an the and or but nor of to in on at by for with from into onto upon as is are was were be been being " +
    "it its this that these those there their them they he she his her we our you your i me my not no so " +
    "such than then too very can could should would may might must shall will do does did done have has had " +
    "having which who whom whose what when where why how all any both each few more most other some own same " +
    "only also just about above after again against before below between during further here once over under " +
    "until while through out off up down if because s t"
  ).split(" "),
);

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const LATIN_TOKEN = /[a-z0-9]+/g;
/** PDF extraction breaks Chinese lines mid-word; a break between two hanzi is not a boundary. */
const SPACE_BETWEEN_CJK = /(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/gu;

let jieba: Jieba | undefined;
/** Loading the dictionary costs ~0.25 s, so it happens once, and only if something is embedded. */
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

export interface LocalEmbeddingsOptions extends EmbeddingsParams {
  /** Vector length. Default 384. */
  dimensions?: number;
  /** Concept ids found in a text, in either language (e.g. "trafficking_in_persons"). */
  conceptTagger?: (text: string) => string[];
  /** Version of the tagger's glossary; part of `id`, so a glossary change forces a rebuild. */
  conceptVersion?: string;
  /**
   * Share of the vector given to concepts, relative to the surface features (1 = equal). Both
   * parts are normalised before mixing, so the share does not depend on the text's length.
   */
  conceptWeight?: number;
}

export class LocalEmbeddings extends Embeddings {
  /** Names the algorithm and its settings; an index records it and refuses a different one. */
  readonly id: string;
  readonly dimensions: number;
  private readonly conceptTagger: ((text: string) => string[]) | undefined;
  private readonly conceptWeight: number;

  constructor(options: LocalEmbeddingsOptions = {}) {
    const { dimensions, conceptTagger, conceptVersion, conceptWeight, ...params } = options;
    super(params);
    this.dimensions = dimensions ?? DEFAULT_DIMENSIONS;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 8) {
      throw new RangeError(`LocalEmbeddings dimensions must be a whole number of at least 8, got ${dimensions}`);
    }
    this.conceptWeight = conceptWeight ?? DEFAULT_CONCEPT_WEIGHT;
    if (!(this.conceptWeight >= 0 && Number.isFinite(this.conceptWeight))) {
      throw new RangeError(`LocalEmbeddings conceptWeight must be a non-negative number, got ${conceptWeight}`);
    }
    this.conceptTagger = conceptTagger;
    let id = `${ALGORITHM}:${this.dimensions}`;
    if (conceptTagger) {
      id += conceptVersion === undefined
        ? `+c.unversioned.w${this.conceptWeight}`
        : `+c.${hex(fnv1a(`${conceptVersion}|w=${this.conceptWeight}`))}`;
    }
    this.id = id;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedSync(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }

  /** The same vector as embedQuery, without a promise, for callers in a tight loop. */
  embedSync(text: string): number[] {
    const surface = surfaceFeatures(text);
    const concepts: Tally = new Map();
    if (this.conceptTagger && this.conceptWeight > 0) {
      for (const concept of this.conceptTagger(text)) add(concepts, `c:${concept}`, 1);
    }
    const vector = new Float64Array(this.dimensions);
    if (surface.size === 0 && concepts.size === 0) {
      // A zero vector makes cosine distance NaN inside HNSW; one fixed direction keeps empty texts harmless.
      addFeature(vector, "x:empty", 1);
      return Array.from(vector);
    }
    const surfacePart = hashed(surface, this.dimensions);
    const conceptPart = hashed(concepts, this.dimensions);
    scaleToUnit(surfacePart);
    scaleToUnit(conceptPart);
    for (let i = 0; i < vector.length; i++) {
      vector[i] = (surfacePart[i] ?? 0) + this.conceptWeight * (conceptPart[i] ?? 0);
    }
    scaleToUnit(vector);
    return Array.from(vector);
  }
}

/** Feature name → how often it occurs and the weight of one occurrence. */
type Tally = Map<string, { occurrences: number; weight: number }>;

function add(tally: Tally, feature: string, weight: number): void {
  const entry = tally.get(feature);
  if (entry) entry.occurrences += 1;
  else tally.set(feature, { occurrences: 1, weight });
}

function surfaceFeatures(raw: string): Tally {
  const text = raw.normalize("NFKC").toLowerCase().replace(SPACE_BETWEEN_CJK, "");
  const features: Tally = new Map();

  let hasCjk = false;
  for (const match of text.matchAll(CJK_RUN)) {
    hasCjk = true;
    const chars = Array.from(match[0]);
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i] as string;
      add(features, `u:${c}`, WEIGHT.cjkUnigram * (COMMON_CJK_CHARS.has(c) ? COMMON_CHAR_FACTOR : 1));
      const next = chars[i + 1];
      if (next !== undefined) {
        const common = COMMON_CJK_CHARS.has(c) || COMMON_CJK_CHARS.has(next);
        add(features, `b:${c}${next}`, WEIGHT.cjkBigram * (common ? 0.5 : 1));
      }
    }
  }
  if (hasCjk) {
    for (const word of segmenter().cut(text, false)) {
      if (word.length < 2 || !CJK.test(word)) continue;
      add(features, `w:${word}`, WEIGHT.cjkWord * (COMMON_CJK_WORDS.has(word) ? COMMON_WORD_FACTOR : 1));
    }
  }
  for (const match of text.matchAll(LATIN_TOKEN)) {
    const token = match[0];
    if (/^[0-9]+$/.test(token)) {
      if (token.length >= 2) add(features, `n:${token}`, WEIGHT.number);
      continue;
    }
    if (token.length < 2 || ENGLISH_STOPWORDS.has(token)) continue;
    add(features, `e:${stem(token)}`, WEIGHT.latinWord);
  }
  return features;
}

/**
 * Light suffix stripping so "trafficking", "trafficked" and "traffics" meet. It only has to be
 * consistent between documents and queries, not linguistically right.
 */
export function stem(w: string): string {
  if (w.length > 4 && (w.endsWith("ies") || w.endsWith("ied"))) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith("ing")) return undouble(w.slice(0, -3));
  if (w.length > 4 && w.endsWith("ed")) return undouble(w.slice(0, -2));
  if (w.length > 4 && w.endsWith("sses")) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) return w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  const last = w.at(-1);
  return last !== undefined && last === w.at(-2) && !"lsz".includes(last) ? w.slice(0, -1) : w;
}

function hashed(features: Tally, dimensions: number): Float64Array {
  const vector = new Float64Array(dimensions);
  for (const [feature, { occurrences, weight }] of features) {
    // Sub-linear tf: the tenth mention of a word is worth far less than the first.
    addFeature(vector, feature, weight * (1 + Math.log(occurrences)));
  }
  return vector;
}

function addFeature(vector: Float64Array, feature: string, weight: number): void {
  const h = fmix32(fnv1a(feature));
  // The sign bit comes from the top bit and the slot from the rest, so collisions cancel on average.
  const slot = (h & 0x7fffffff) % vector.length;
  vector[slot] = (vector[slot] ?? 0) + (h & 0x80000000 ? -weight : weight);
}

function scaleToUnit(vector: Float64Array): void {
  let sum = 0;
  for (const x of vector) sum += x * x;
  if (sum === 0) return;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * inv;
}

/** 32-bit FNV-1a over the UTF-8 bytes of `s`, encoded inline to avoid an allocation per feature. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  const byte = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  };
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) byte(cp);
    else if (cp < 0x800) {
      byte(0xc0 | (cp >> 6));
      byte(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      byte(0xe0 | (cp >> 12));
      byte(0x80 | ((cp >> 6) & 0x3f));
      byte(0x80 | (cp & 0x3f));
    } else {
      byte(0xf0 | (cp >> 18));
      byte(0x80 | ((cp >> 12) & 0x3f));
      byte(0x80 | ((cp >> 6) & 0x3f));
      byte(0x80 | (cp & 0x3f));
    }
  }
  return h >>> 0;
}

/** Murmur3's finaliser: FNV's low bits are weak for short keys, and the slot is a modulus. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}
