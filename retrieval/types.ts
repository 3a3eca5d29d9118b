/**
 * The domain model, in one place. Everything downstream (index, CLI JSON, Slack blocks, digests)
 * speaks these shapes, so a quote and its citation always travel together from the parse.
 */

export type Language = "zh" | "en";

/** What a whole input file is. */
export type DocumentKind = "draft" | "report" | "resolution";

/** What one text inside a document is. A report's own narrative is a text of kind "report". */
export type TextKind = "resolution" | "decision" | "report";

export type TextStatus = "draft" | "adopted";

export type ParagraphKind = "preambular" | "operative" | "report";

export interface Footnote {
  /** The mark as printed: "1", "17", "*", "a". */
  mark: string;
  text: string;
}

export interface SourceSpan {
  /** File name under seeds/ (or the path given to ingest). */
  file: string;
  /** 1-based line of the paragraph's first line in the source file. */
  line: number;
  endLine: number;
}

export interface Paragraph {
  /** Stable id: symbol (or a title key when the symbol is unknown) + label. */
  id: string;
  kind: ParagraphKind;
  /** Operative or report paragraph number as printed; preambular paragraphs are numbered by order. */
  number: number | null;
  /** Sub-paragraph letter ("k") or null. */
  sub: string | null;
  /** "PP 3", "OP 7(k)", "para. 99". */
  label: string;
  /** Verbatim text, footnote marks removed, hard wraps joined. Never repaired. */
  text: string;
  /** For a sub-paragraph: the verbatim chapeau it hangs from, so a quote makes sense alone. */
  chapeau: string | null;
  footnotes: Footnote[];
  source: SourceSpan;
}

export interface Resolution {
  /** Stable id of the text: the symbol, or "title:<hash>" when no symbol is stated. */
  id: string;
  /** The text's own symbol, only when the document or the manifest states it. */
  symbol: string | null;
  /** Other identifiers: adopted number ("33/1"), containing report, recommending resolution. */
  aliases: string[];
  title: string;
  kind: TextKind;
  status: TextStatus;
  /** The organ that adopted or recommends the text (canonical English name), or null. */
  body: string | null;
  /** The organ in whose voice the text speaks ("General Assembly" for a draft the Commission recommends). */
  voice: string | null;
  /** "第二十七届会议", "thirty-third session", when the document says so. */
  session: string | null;
  year: number | null;
  language: Language;
  /** File the text was parsed from. */
  file: string;
  /** Heading that introduced it in its document ("决议草案三", "第 33/1号决议"), or null. */
  heading: string | null;
  /** Sponsors named in a draft's heading ("法国和罗马尼亚"), or null. */
  sponsors: string | null;
  paragraphs: Paragraph[];
  /** Raw text of an annex that is not citable paragraphs (e.g. a provisional agenda). */
  annex: string | null;
  warnings: string[];
}

export interface ParsedDocument {
  file: string;
  symbol: string | null;
  kind: DocumentKind;
  title: string | null;
  language: Language;
  year: number | null;
  session: string | null;
  texts: Resolution[];
  warnings: string[];
}

/** One citable answer unit: a paragraph with the citation of the text it belongs to. */
export interface Citation {
  symbol: string | null;
  aliases: string[];
  title: string;
  body: string | null;
  /** The organ in whose name the text speaks ("General Assembly" for a draft the Commission recommends). */
  voice: string | null;
  year: number | null;
  session: string | null;
  status: TextStatus;
  textKind: TextKind;
  paragraph: {
    kind: ParagraphKind;
    number: number | null;
    sub: string | null;
    label: string;
  };
}

/** A search hit: the JSON contract of `ask --json`. */
export interface Hit extends Citation {
  rank: number;
  score: number;
  /** Paragraph id, for follow-ups and de-duplication across the bot's state. */
  id: string;
  text: string;
  chapeau: string | null;
  /** Other texts that carry identical language (shown once, cited under every symbol). */
  alsoIn: Array<{ symbol: string | null; title: string; label: string; id: string }>;
  source: { file: string; line: number };
}

export type RetrieverName = "dense" | "bm25" | "hybrid";

export interface SearchFilters {
  symbol?: string;
  body?: string;
  year?: number;
  kind?: ParagraphKind;
  /** Only operative paragraphs that request, decide, call upon or invite someone. */
  mandatesOnly?: boolean;
}

export interface SearchOptions {
  top?: number;
  retriever?: RetrieverName;
  filters?: SearchFilters;
}

export interface SearchResponse {
  query: string;
  hits: Hit[];
  /** Set when the query was a citation lookup ("A/C.3/74/L.2 OP 11"). */
  lookup?: {
    found: boolean;
    /** What the user asked for, normalised. */
    asked: string;
    /** Nearest existing citations when nothing matched. */
    suggestions: string[];
  };
  /** Human-readable notes: an unknown symbol, a query that was shortened. */
  notices: string[];
}

/** The seam between retrieval and everything that answers users (CLI, Slack, digest). */
export interface Retriever {
  search(query: string, options?: SearchOptions): Promise<SearchResponse>;
}

export interface AnswerOptions extends SearchOptions {
  /** Earlier questions of the same thread, oldest first, so a follow-up can be made standalone. */
  history?: string[];
}

/** What every surface (CLI, Slack, sandbox, digest) renders. Quotes always come from `hits`, never from a model. */
export interface ComposedAnswer {
  /** The question as asked. */
  question: string;
  /** The standalone question actually searched (differs for follow-ups). */
  searched: string;
  language: Language;
  /** Model-written sentences referring to hits as [1], [2]; null for the extractive answer. */
  summary: string | null;
  mode: "composed" | "extractive";
  /** Why a model's answer was not used (timeout, invalid citation, ...), or null. */
  fallbackReason: string | null;
  hits: Hit[];
  lookup?: SearchResponse["lookup"];
  notices: string[];
}

/** One or two model-written sentences leading a digest, citing its items as [1]…[n]; null when there is no model or it failed. */
export type DigestSummarizer = (topic: string, hits: Hit[]) => Promise<string | null>;

export interface AnswerService {
  answer(question: string, options?: AnswerOptions): Promise<ComposedAnswer>;
}
