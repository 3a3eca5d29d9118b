/**
 * Stage 1: physical lines → body lines and footnotes, with page furniture dropped.
 * What counts as furniture comes from the seeds: footnote separators "____", footnote blocks,
 * bare undocs.org URLs (the PDF's hyperlink layer), lone "*" agenda marks, page numbers and the
 * running header symbol ("E/2024/30") repeated on every page.
 */
import { displayWidth, isSymbolLine, joinWrapped } from "./text.ts";

export interface BodyLine {
  /** 1-based line number in the file. */
  no: number;
  text: string;
  /**
   * Leading whitespace, in columns: the PDF layout's paragraph-start signal. The first line after a
   * page break (footnotes, running header, URL layer) is extracted one column further in, so it is
   * counted one less: " 邀请会员国…" there continues the paragraph, "  回顾…" starts one.
   */
  indent: number;
  width: number;
}

export interface FootnoteDef {
  mark: string;
  text: string;
  line: number;
}

export interface PreparedLines {
  lines: BodyLine[];
  footnotes: FootnoteDef[];
  /** Symbols found as running headers, most frequent first. */
  headerSymbols: string[];
  /** True when the text is hard-wrapped at a page width (PDF extraction), false for one paragraph per line. */
  wrapped: boolean;
  /** Typical full line width of a wrapped layout. */
  fullWidth: number;
}

const URL_LINE = /^(?:https?:\/\/|www\.)\S+$/;
const SEPARATOR = /^[_＿]{5,}$/;
const PAGE_NUMBER = /^(?:\d{1,4}|\d{1,4}\s*\/\s*\d{1,4}|-\s*\d{1,4}\s*-)$/;
const JOB_NUMBER = /^(?:V\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\*\d+\*)?$/;
const LONE_MARK = /^\*{1,3}$/;
const SUPERSCRIPT_FOOTNOTE = /^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(\S.*)$/;
const FOOTNOTE_START = /^(\d{1,3}|\*{1,3}|[a-z])\s+(\S.*)$/;
const MARK_ONLY = /^(\d{1,3}|\*{1,3})$/;
const MARKDOWN_LINK = /\[([^\]\n]+)\]\([^)\n]*\)/g;

const SUPERSCRIPT_DIGITS: Record<string, string> = {
  "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
};

export function superscriptToDigits(s: string): string {
  return [...s].map((c) => SUPERSCRIPT_DIGITS[c] ?? c).join("");
}

export function prepareLines(text: string): PreparedLines {
  const raw = text.replace(/\r\n?/g, "\n").split("\n");
  const candidates: BodyLine[] = [];
  const footnotes: FootnoteDef[] = [];
  const headerCounts = new Map<string, number>();
  let inFootnotes = false;
  let pendingMark: { mark: string; line: number } | null = null;
  let afterBreak = false;

  for (let i = 0; i < raw.length; i++) {
    const no = i + 1;
    const original = raw[i]!.replace(/\u00a0/g, " ").trimEnd();
    const indent = original.length - original.trimStart().length;
    let t = original.trim().replace(MARKDOWN_LINK, "$1");
    // The one-paragraph-per-line layout writes list items as "- (a) …".
    t = t.replace(/^[-–•]\s+(?=\()/, "");
    if (t === "") continue;
    if (URL_LINE.test(t) || JOB_NUMBER.test(t)) {
      afterBreak = true;
      continue;
    }
    if (SEPARATOR.test(t)) {
      inFootnotes = true;
      afterBreak = true;
      pendingMark = null;
      continue;
    }

    const sup = SUPERSCRIPT_FOOTNOTE.exec(t);
    if (sup) {
      footnotes.push({ mark: superscriptToDigits(sup[1]!), text: sup[2]!.trim(), line: no });
      continue;
    }

    if (inFootnotes) {
      if (pendingMark) {
        footnotes.push({ mark: pendingMark.mark, text: t, line: pendingMark.line });
        pendingMark = null;
        continue;
      }
      const markOnly = MARK_ONLY.exec(t);
      if (markOnly && nextNonEmpty(raw, i) !== null) {
        pendingMark = { mark: markOnly[1]!, line: no };
        continue;
      }
      const last = footnotes.at(-1);
      const start = FOOTNOTE_START.exec(t);
      if (start && plausibleNextMark(start[1]!, last?.mark)) {
        footnotes.push({ mark: start[1]!, text: start[2]!.trim(), line: no });
        continue;
      }
      if (last && !/[。.]$/.test(last.text)) {
        last.text = joinWrapped(last.text, t);
        continue;
      }
      inFootnotes = false;
    }

    // A lettered footnote printed without a separator ("a 就该决议草案而言…"): Chinese body text never opens with a Latin letter and a space.
    const lettered = /^([a-z])\s+([\u4e00-\u9fff].*)$/.exec(t);
    if (lettered) {
      footnotes.push({ mark: lettered[1]!, text: lettered[2]!, line: no });
      inFootnotes = true;
      continue;
    }
    if (LONE_MARK.test(t)) continue;
    if (PAGE_NUMBER.test(t)) {
      afterBreak = true;
      continue;
    }
    candidates.push({ no, text: t, indent: afterBreak ? Math.max(0, indent - 1) : indent, width: displayWidth(t) + indent });
    afterBreak = false;
  }

  // A symbol alone on a line is the running page header only when it repeats; once, it may be body text.
  const bodyLines: BodyLine[] = [];
  for (const line of candidates) {
    if (isSymbolLine(line.text)) headerCounts.set(line.text, (headerCounts.get(line.text) ?? 0) + 1);
  }
  let headerBefore = false;
  for (const line of candidates) {
    if ((headerCounts.get(line.text) ?? 0) >= 2) {
      headerBefore = true;
      continue;
    }
    bodyLines.push(headerBefore ? { ...line, indent: Math.max(0, line.indent - 1) } : line);
    headerBefore = false;
  }

  const { wrapped, fullWidth } = detectLayout(bodyLines);
  const headerSymbols = [...headerCounts.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1])
    .map(([s]) => s);
  return { lines: bodyLines, footnotes, headerSymbols, wrapped, fullWidth };
}

function nextNonEmpty(raw: string[], i: number): string | null {
  for (let j = i + 1; j < raw.length; j++) if (raw[j]!.trim() !== "") return raw[j]!;
  return null;
}

/** Footnote numbers rise within a block; a "2015 年…" line after a block is body text, not footnote 2015. */
function plausibleNextMark(mark: string, previous: string | undefined): boolean {
  if (!/^\d+$/.test(mark)) return true;
  if (previous === undefined || !/^\d+$/.test(previous)) return true;
  const n = Number(mark);
  const p = Number(previous);
  return n > p && n <= p + 6;
}

/**
 * PDF extraction wraps lines at the page width, so many lines share nearly the same width; a
 * one-paragraph-per-line text has widths all over the place.
 */
function detectLayout(lines: BodyLine[]): { wrapped: boolean; fullWidth: number } {
  const widths = lines.map((l) => l.width).filter((w) => w >= 20).sort((a, b) => a - b);
  if (widths.length < 5) return { wrapped: false, fullWidth: Infinity };
  const p90 = widths[Math.floor(widths.length * 0.9)]!;
  const nearFull = widths.filter((w) => w >= p90 * 0.88 && w <= p90 * 1.12).length;
  const wrapped = nearFull / widths.length >= 0.3 && p90 <= 200;
  return { wrapped, fullWidth: wrapped ? p90 : Infinity };
}

export function isShortLine(line: BodyLine, prepared: Pick<PreparedLines, "wrapped" | "fullWidth">): boolean {
  return !prepared.wrapped || line.width < prepared.fullWidth * 0.85;
}
