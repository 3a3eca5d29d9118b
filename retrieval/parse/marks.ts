/**
 * Footnote reference marks leave the quoted text (the footnote itself stays on the paragraph as
 * metadata). PDF extraction glues them to the text: "公约》1、", "宣言3，", "幸存者30方面",
 * "，21" at a paragraph's end, superscripts "¹⁰", asterisks "待遇，*包括". A digit is only taken for a
 * mark when the document defines a footnote with that number and it sits where a mark sits: glued
 * to the preceding character (never after a space: "目标 16" is Goal 16), not after 第, and not
 * followed by a unit (年, 月, 号, 段 …).
 */
import { isCjk } from "./text.ts";
import { superscriptToDigits } from "./lines.ts";

const UNIT_AFTER = /^\s*[年月日号段条款卷届次个名项岁%．.\/\-]/;
const DIGIT_MARK = /(?<=[\u3400-\u9fff》」”）)、，。；：a-z,;:”"')\]])(\d{1,3})(?![\d])/g;
const SUPERSCRIPT_MARK = /[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g;
const STAR_MARK = /\*{1,3}/g;

export interface StrippedText {
  text: string;
  marks: string[];
}

export function stripFootnoteMarks(input: string, knownMarks: ReadonlySet<string>): StrippedText {
  const marks: string[] = [];
  const cuts: Array<{ start: number; end: number; mark: string }> = [];

  for (const m of input.matchAll(SUPERSCRIPT_MARK)) {
    cuts.push({ start: m.index, end: m.index + m[0].length, mark: superscriptToDigits(m[0]) });
  }
  for (const m of input.matchAll(STAR_MARK)) {
    cuts.push({ start: m.index, end: m.index + m[0].length, mark: m[0] });
  }
  for (const m of input.matchAll(DIGIT_MARK)) {
    const mark = m[1]!;
    if (!knownMarks.has(mark)) continue;
    const before = input[m.index - 1];
    if (before === "第") continue;
    // "第 1、2、4、5次会议": a number in an enumeration of numbers is not a mark.
    if (/[、，和至-]/.test(before ?? "") && /\d/.test(input[m.index - 2] ?? "")) continue;
    if (/^[、，和至]\s*\d/.test(input.slice(m.index + mark.length))) continue;
    const rest = input.slice(m.index + mark.length);
    if (UNIT_AFTER.test(rest)) continue;
    // Latin text: only a mark when it follows a word or punctuation and is followed by a break.
    if (before !== undefined && !isCjk(before) && !/^(?:\s|$|[,.;:)])/.test(rest)) continue;
    cuts.push({ start: m.index, end: m.index + mark.length, mark });
  }
  if (cuts.length === 0) return { text: input, marks };

  cuts.sort((a, b) => a.start - b.start);
  let out = "";
  let pos = 0;
  for (const cut of cuts) {
    if (cut.start < pos) continue;
    out += input.slice(pos, cut.start);
    pos = cut.end;
    marks.push(cut.mark);
    // The space printed after a mark belongs to the mark when Chinese text follows or precedes it.
    let next = pos;
    while (input[next] === " ") next++;
    const prevChar = out.at(-1);
    const nextChar = input[next];
    if (isCjk(prevChar) || isCjk(nextChar) || nextChar === undefined) {
      out = out.replace(/ +$/, "");
      pos = next;
    } else if (prevChar !== undefined && prevChar !== " " && input[pos] !== " " && nextChar !== undefined && /[\w(“"]/.test(nextChar)) {
      out += " ";
    }
  }
  out += input.slice(pos);
  return { text: out.replace(/[ \t]+$/, "").replace(/^ +/, ""), marks: [...new Set(marks)] };
}
