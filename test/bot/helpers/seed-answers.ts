/**
 * Stand-in for the real retriever until `openRetriever` exists: Hit objects cut from real lines of
 * seeds/004 (resolution 33/1, E/CN.15/2024/L.2), so the bot tests check verbatim text against the
 * source itself. Swap this one file for the real retriever later.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createExtractiveAnswerService } from "../../../retrieval/answer.ts";
import { ErrorCode, MandateDeskError } from "../../../retrieval/errors.ts";
import type { AnswerOptions, AnswerService, ComposedAnswer, Hit, Retriever, SearchOptions, SearchResponse } from "../../../retrieval/types.ts";

export const SEED_FILE = "004_6f480fca300e36b0.txt";
export const SYMBOL = "E/CN.15/2024/L.2";
const TITLE = "在技术迅速变革的背景下打击人口贩运";

const lines = readFileSync(path.resolve(import.meta.dirname, "../../../seeds", SEED_FILE), "utf8").split("\n");

/** Lines start..end of the seed, hard wraps joined, numbering ("7.", "(g)") left to the label. */
export function seedText(start: number, end: number): string {
  return lines
    .slice(start - 1, end)
    .map((line) => line.trim())
    .filter(Boolean)
    .join("")
    .replace(/^(?:\d+\.\s*)?(?:\([a-z]\)\s*)?/, "");
}

interface Spec {
  label: string;
  kind: "preambular" | "operative";
  number: number | null;
  sub: string | null;
  span: [number, number];
  chapeau: [number, number] | null;
  keywords: string[];
}

const SPECS: Spec[] = [
  { label: "OP 7(b)", kind: "operative", number: 7, sub: "b", span: [1324, 1326], chapeau: [1313, 1315], keywords: ["scam", "诈骗", "online", "网上", "trafficking", "贩运"] },
  { label: "OP 7(g)", kind: "operative", number: 7, sub: "g", span: [1350, 1358], chapeau: [1313, 1315], keywords: ["internet", "child", "儿童", "trafficking", "贩运", "online"] },
  { label: "OP 9(a)", kind: "operative", number: 9, sub: "a", span: [1395, 1399], chapeau: [1393, 1393], keywords: ["unodc", "technical assistance", "技术援助", "trafficking", "贩运", "online"] },
  { label: "OP 10", kind: "operative", number: 10, sub: null, span: [1405, 1407], chapeau: null, keywords: ["secretary-general", "秘书长", "report", "trafficking"] },
  { label: "PP 16(g)", kind: "preambular", number: 16, sub: "g", span: [1247, 1249], chapeau: [1202, 1202], keywords: ["scam", "诈骗", "online", "trafficking", "贩运"] },
];

export function seedHit(label: string): Hit {
  const spec = SPECS.find((s) => s.label === label);
  if (!spec) throw new Error(`no seed paragraph ${label}`);
  return buildHit(spec, 1, 1);
}

function buildHit(spec: Spec, rank: number, score: number): Hit {
  return {
    symbol: SYMBOL,
    aliases: ["33/1"],
    title: TITLE,
    body: "Commission on Crime Prevention and Criminal Justice",
    year: 2024,
    session: "第三十三届会议",
    status: "adopted",
    textKind: "resolution",
    paragraph: { kind: spec.kind, number: spec.number, sub: spec.sub, label: spec.label },
    rank,
    score,
    id: `${SYMBOL} ${spec.label}`,
    text: seedText(spec.span[0], spec.span[1]),
    chapeau: spec.chapeau ? seedText(spec.chapeau[0], spec.chapeau[1]) : null,
    alsoIn: [],
    source: { file: SEED_FILE, line: spec.span[0] },
  };
}

const CITATION = /^([A-Z]+\/[\w./-]+)\s+((?:OP|PP)\s*\d+(?:\([a-z]\))?)$/i;

export interface SeedRetrieverOptions {
  /** Queries for which search throws, to exercise error replies. */
  failOn?: (query: string) => boolean;
}

export function createSeedRetriever(options: SeedRetrieverOptions = {}): Retriever & { queries: Array<{ query: string; options: SearchOptions }> } {
  const queries: Array<{ query: string; options: SearchOptions }> = [];
  return {
    queries,
    async search(query: string, searchOptions: SearchOptions = {}): Promise<SearchResponse> {
      queries.push({ query, options: searchOptions });
      if (options.failOn?.(query)) {
        throw new MandateDeskError(ErrorCode.IndexMissing, "The search index is missing.", { fix: "npm run index" });
      }
      const citation = CITATION.exec(query.trim());
      if (citation) {
        const [, symbol = "", label = ""] = citation;
        const wanted = label.replace(/\s+/g, " ").toUpperCase().replace(/\(([A-Z])\)/, (_, letter: string) => `(${letter.toLowerCase()})`);
        const spec = symbol === SYMBOL ? SPECS.find((s) => s.label === wanted) : undefined;
        return {
          query,
          hits: spec ? [buildHit(spec, 1, 1)] : [],
          lookup: { found: Boolean(spec), asked: `${symbol} ${wanted}`, suggestions: spec ? [] : SPECS.slice(0, 3).map((s) => `${SYMBOL} ${s.label}`) },
          notices: symbol === SYMBOL ? [] : [`Unknown symbol ${symbol}.`],
        };
      }
      const lower = query.toLowerCase();
      const matched = SPECS.filter((spec) => spec.keywords.some((keyword) => lower.includes(keyword)))
        .filter((spec) => !searchOptions.filters?.mandatesOnly || spec.kind === "operative")
        .slice(0, searchOptions.top ?? 5);
      return { query, hits: matched.map((spec, i) => buildHit(spec, i + 1, 1 - i / 10)), notices: [] };
    },
  };
}

export interface RecordingAnswerService extends AnswerService {
  calls: Array<{ question: string; options: AnswerOptions }>;
}

/** The real extractive service over the seed retriever, recording what the bot asked (history included). */
export function createSeedAnswers(retriever: Retriever, extras: { summary?: string } = {}): RecordingAnswerService {
  const inner = createExtractiveAnswerService(retriever);
  const calls: Array<{ question: string; options: AnswerOptions }> = [];
  return {
    calls,
    async answer(question: string, options: AnswerOptions = {}): Promise<ComposedAnswer> {
      calls.push({ question, options });
      const answer = await inner.answer(question, options);
      return extras.summary ? { ...answer, summary: extras.summary, mode: "composed" } : answer;
    },
  };
}
