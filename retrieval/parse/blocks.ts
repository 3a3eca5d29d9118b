/**
 * Stage 2: body lines → logical blocks (paragraphs and headings), joining hard wraps.
 * A block starts at a structural line (heading, opening formula, numbered paragraph, sub-paragraph)
 * or, for running text, where the previous paragraph is finished and the page layout says a new one
 * begins (an indented line, or a short last line before it).
 */
import { type BodyLine, type PreparedLines, isShortLine } from "./lines.ts";
import { ORGAN_NAME_SOURCE, endsTerminated, joinWrapped, withoutTrailingMark } from "./text.ts";

export type BlockKind =
  | "chapter"
  | "section"
  | "textHeading"
  | "opening"
  | "organ"
  | "numbered"
  | "sub"
  | "date"
  | "meeting"
  | "plain";

export interface Block {
  kind: BlockKind;
  text: string;
  firstLine: number;
  lastLine: number;
  /** Number of a numbered paragraph. */
  number?: number;
  /** Letter of a sub-paragraph. */
  sub?: string;
  lastLineShort: boolean;
}

const CHAPTER = /^(?:第[一二三四五六七八九十]+章(?:\s+\S.*)?|[一二三四五六七八九十]+\.\s*\S.{0,40}|(?:Chapter|CHAPTER)\s+[IVXLC]+\b.*)$/;
const SECTION = /^[A-H]\.\s+\S/;
const TEXT_HEADING =
  /^(?:(?:决议草案|决定草案)[一二三四五六七八九十]*|[^，。；:：]{1,80}：\s*(?:决议草案|决定草案)|[A-Z][^.:]{1,120}:\s*draft (?:resolution|decision)|第\s*\d+\/\d+\s*号(?:决议|决定)|Draft (?:resolution|decision)(?:\s+[IVXLC]+)?|(?:Resolution|Decision)\s+\d+\/\d+|(?:\d{4}\/\d{1,3}|\d{1,3}\/\d{1,4})\.\s+\S.*)$/i;
const OPENING = new RegExp(`^(?:${ORGAN_NAME_SOURCE})\\s*[，,：:]$`);
const ORGAN_ALONE = new RegExp(`^(?:${ORGAN_NAME_SOURCE})$`);
const NUMBERED = /^(\d{1,3})\.(?!\d)\s*(?=\S)/;
const SUB = /^\(([a-z]{1,2})\)\s*(?=\S)(?![项款段])/;
const DATE = /^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})$/;
const MEETING = /^(?:第\s*\d+\s*次全体会议|\d+(?:st|nd|rd|th)\s+plenary meeting)$/i;


export function classifyLine(text: string): Pick<Block, "kind" | "number" | "sub"> {
  if (TEXT_HEADING.test(text)) return { kind: "textHeading" };
  if (OPENING.test(text)) return { kind: "opening" };
  if (ORGAN_ALONE.test(text)) return { kind: "organ" };
  if (DATE.test(text)) return { kind: "date" };
  if (MEETING.test(text)) return { kind: "meeting" };
  const numbered = NUMBERED.exec(text);
  if (numbered) return { kind: "numbered", number: Number(numbered[1]) };
  const sub = SUB.exec(text);
  if (sub) return { kind: "sub", sub: sub[1]! };
  if (CHAPTER.test(text) && !endsTerminated(text)) return { kind: "chapter" };
  if (SECTION.test(text) && !endsTerminated(text) && text.length <= 80) return { kind: "section" };
  return { kind: "plain" };
}


/**
 * Whether a paragraph is complete. An operative or report paragraph ends with ；or 。 — one that
 * ends with a comma was cut by a page break (seed 002, OP 9 of draft VIII) — while preambular
 * paragraphs and their sub-items end with a comma.
 */
function finished(block: Block): boolean {
  if (block.kind === "numbered") return /[；。：;:.!?！？]$/.test(withoutTrailingMark(block.text));
  return endsTerminated(block.text);
}

const HEADINGISH: ReadonlySet<BlockKind> = new Set(["chapter", "section", "textHeading", "organ"]);

export function buildBlocks(prepared: PreparedLines): Block[] {
  const blocks: Block[] = [];
  let recentNumbers: number[] = [0];
  let current: Block | null = null;
  /** Plain blocks right after a heading are its title lines: they wrap like headings, not paragraphs. */
  const titleLike = new WeakSet<Block>();

  const open = (line: BodyLine, cls: Pick<Block, "kind" | "number" | "sub">): Block => {
    const block: Block = {
      ...cls,
      text: line.text,
      firstLine: line.no,
      lastLine: line.no,
      lastLineShort: isShortLine(line, prepared),
    };
    blocks.push(block);
    return block;
  };
  const extend = (block: Block, line: BodyLine, separator: "" | "\n"): void => {
    block.text = separator === "\n" ? `${block.text}\n${line.text}` : joinWrapped(block.text, line.text);
    block.lastLine = line.no;
    block.lastLineShort = isShortLine(line, prepared);
  };

  for (const line of prepared.lines) {
    const cls = classifyLine(line.text);
    const prev: Block | null = current;
    if (prev === null) {
      current = open(line, cls);
      continue;
    }
    const prevHeadingish = HEADINGISH.has(prev.kind) || titleLike.has(prev);
    const prevOpenParagraph = !prevHeadingish && !finished(prev) && (prev.kind === "numbered" || prev.kind === "sub" || prev.kind === "plain");

    if (cls.kind === "numbered") {
      // Numbered sub-headings ("1. 《…公约》的批准和实施") interrupt a report's numbering: "69." still follows "68.".
      const plausible = recentNumbers.includes(cls.number! - 1) || cls.number === 1 || !prevOpenParagraph;
      if (plausible) {
        recentNumbers = [cls.number!, ...recentNumbers].slice(0, 3);
        current = open(line, cls);
        continue;
      }
    } else if (cls.kind === "sub") {
      if (!prevOpenParagraph || prev.kind === "sub") {
        current = open(line, cls);
        continue;
      }
    } else if (cls.kind !== "plain") {
      if (cls.kind === "textHeading" || cls.kind === "opening") recentNumbers = [0, ...recentNumbers].slice(0, 3);
      current = open(line, cls);
      continue;
    }

    // A plain line (or a numbered/sub pattern that is really a wrapped continuation).
    if (prev.kind === "textHeading" && !/\.\s+\S/.test(prev.text)) {
      current = open(line, { kind: "plain" });
      titleLike.add(current);
      continue;
    }
    if (prevHeadingish) {
      const wrapsOn = prepared.wrapped && !prev.lastLineShort && !endsTerminated(prev.text);
      if (wrapsOn) {
        extend(prev, line, "");
      } else {
        current = open(line, { kind: "plain" });
        if (prev.kind === "chapter" || prev.kind === "section" || (prev.kind === "textHeading" && titleLike.has(prev))) {
          titleLike.add(current);
        }
      }
      continue;
    }
    if (prev.kind === "date" || prev.kind === "meeting" || prev.kind === "opening") {
      current = open(line, { kind: "plain" });
      continue;
    }
    if (!finished(prev)) {
      // One paragraph per line: a short unfinished line is a header line, not a paragraph cut by a page break.
      if (!prepared.wrapped && prev.kind === "plain" && prev.text.length < 60) {
        current = open(line, { kind: "plain" });
        continue;
      }
      // Wrapped lines start at the margin; an indented line after an unfinished one is the next item of a list (speakers, documents).
      const listItem = prepared.wrapped && line.indent > 0;
      extend(prev, line, listItem ? "\n" : "");
      continue;
    }
    if (!prepared.wrapped || line.indent > 0 || prev.lastLineShort) {
      current = open(line, { kind: "plain" });
      continue;
    }
    // A hard wrap that happened to fall just after a comma.
    extend(prev, line, "");
  }
  return blocks;
}
