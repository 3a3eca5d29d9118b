/**
 * Lexical tokens for BM25: Chinese words (jieba) and character bigrams — bigrams keep recall when
 * jieba splits a term differently in the question and in the document — English stems, and the
 * glossary's concept ids, which let an English question match a Chinese paragraph lexically too.
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { stem } from "./embeddings/local.ts";
import type { Glossary } from "./glossary/index.ts";

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const CJK_RUN = /[\u3400-\u9fff]+/g;
const LATIN_WORD = /[a-z][a-z'-]*[a-z]|[a-z]|\d+(?:[./]\d+)*/g;
const ZH_STOP = new Set(["的", "和", "在", "与", "及", "并", "等", "为", "对", "其", "了", "是", "以", "中", "于", "或", "这些", "有关", "方面", "包括"]);
const EN_STOP = new Set(
  "a an the of and or in on at to for by with from as is are be been was were that this these those its it their which who whom what have has had not no all any each other such into upon under over also than more most can may shall will would should".split(" "),
);

export interface TokenOptions {
  glossary?: Glossary;
  /** Concept tokens count this many times (a query naming a concept should weigh it like a word). */
  conceptRepeat?: number;
}

export function tokenize(text: string, options: TokenOptions = {}): string[] {
  const tokens: string[] = [];
  const lower = text.normalize("NFKC").toLowerCase();
  const joined = lower.replace(/(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, "");
  for (const run of joined.match(CJK_RUN) ?? []) {
    for (const word of segmenter().cut(run, true)) {
      if (!ZH_STOP.has(word)) tokens.push(word);
    }
    for (let i = 0; i + 1 < run.length; i++) tokens.push(`${run[i]}${run[i + 1]}`);
    // Single characters let a paraphrase meet the text where no word or bigram is shared (虐童 / 性虐待儿童); IDF keeps common ones quiet.
    for (const ch of run) if (!ZH_STOP.has(ch)) tokens.push(`u:${ch}`);
    if (run.length === 1 && !ZH_STOP.has(run)) tokens.push(run);
  }
  for (const word of joined.replace(CJK_RUN, " ").match(LATIN_WORD) ?? []) {
    if (!EN_STOP.has(word)) tokens.push(stem(word));
  }
  if (options.glossary) {
    const repeat = options.conceptRepeat ?? 1;
    for (const id of options.glossary.conceptsIn(text)) {
      for (let i = 0; i < repeat; i++) tokens.push(`c:${id}`);
    }
  }
  return tokens;
}
