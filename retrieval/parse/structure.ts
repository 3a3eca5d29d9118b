/**
 * Stage 3: blocks → texts (resolutions, decisions) and a report's own narrative paragraphs.
 * One state machine serves every layout: a heading ("决议草案三", "第 33/1号决议", "2022/14. …",
 * "Draft resolution II") or an opening formula ("大会，", "The General Assembly,") starts a text;
 * chapter and section headings end it; a report's numbering, which runs on across the texts it
 * contains, tells a report paragraph from a text's operative paragraph.
 */
import type { Block } from "./blocks.ts";
import { canonicalOrgan, endsTerminated, ordinalValue } from "./text.ts";

export interface RawParagraph {
  kind: "preambular" | "operative" | "report";
  number: number | null;
  sub: string | null;
  /** Text without its "7." or "(k)" prefix, footnote marks still in. */
  text: string;
  /** Index (in the same list) of the paragraph a sub-paragraph hangs from, or -1 for a text's opening formula. */
  parent: number | null;
  firstLine: number;
  lastLine: number;
}

export interface RawText {
  heading: string | null;
  headingLine: number;
  /** Ordinal from the heading: 决议草案三 → 3, "Draft resolution II" → 2. */
  ordinal: number | null;
  chapter: string | null;
  section: string | null;
  sponsors: string | null;
  titleParts: string[];
  decision: boolean;
  status: "draft" | "adopted" | null;
  /** "33/1", "2022/14", "77/232" from an adopted text's heading. */
  adoptedNumber: string | null;
  /** Organ line before the recommendation ("经济及社会理事会" in an ECOSOC resolution). */
  organLine: string | null;
  recommendedBy: string | null;
  voice: string | null;
  openingText: string | null;
  opened: boolean;
  paragraphs: RawParagraph[];
  annex: string[] | null;
  adoptionDate: string | null;
  warnings: string[];
}

export interface RawStructure {
  frontMatter: Block[];
  report: RawParagraph[];
  texts: RawText[];
  warnings: string[];
}

const RECOMMENDATION = /^(.{0,40}?)(?:决定)?建议(.{0,24}?)(?:核准|通过)(?:以下|下列)(?:决议草案|决定草案)/;
const EN_RECOMMENDATION = /^(?:The )?(.{0,60}?)\s+recommends? .{0,80}?(?:adoption|approval) of the following draft/i;
const ADOPTED_BY_BODY = /^(.{0,20}?)(?:委员会)通过的下列决议/;

export interface StructureContext {
  /** The organ whose report or document this is ("委员会" in a report means it). */
  documentOrgan: string | null;
}

function organOf(phrase: string, ctx: StructureContext): string | null {
  const trimmed = phrase.replace(/^\d+\.\s*/, "").trim();
  const direct = canonicalOrgan(trimmed);
  if (direct) return direct;
  if (/^(?:委员会|the Commission|the Committee)$/i.test(trimmed)) return ctx.documentOrgan;
  for (const candidate of trimmed.split(/[，,\s]/)) {
    const organ = canonicalOrgan(candidate);
    if (organ) return organ;
  }
  return null;
}

export function recommendationBy(text: string, ctx: StructureContext): string | null | undefined {
  const zh = RECOMMENDATION.exec(text);
  if (zh) return organOf(zh[1]!, ctx) ?? ctx.documentOrgan;
  const en = EN_RECOMMENDATION.exec(text);
  if (en) return organOf(en[1]!, ctx) ?? ctx.documentOrgan;
  return undefined;
}

export function buildStructure(blocks: Block[], ctx: StructureContext): RawStructure {
  const out: RawStructure = { frontMatter: [], report: [], texts: [], warnings: [] };
  let text: RawText | null = null;
  let chapter: string | null = null;
  let section: string | null = null;
  let lastRecommendation: string | null = null;
  let adoptedByDocumentOrgan = false;
  let inReportList = false;
  const appendToLastReport = (block: Block) => {
    const last = out.report.at(-1)!;
    last.text = `${last.text}\n${block.text}`;
    last.lastLine = block.lastLine;
  };

  const close = () => {
    if (text) out.texts.push(text);
    text = null;
  };
  const reportLast = () => {
    for (let i = out.report.length - 1; i >= 0; i--) if (out.report[i]!.number !== null && out.report[i]!.sub === null) return out.report[i]!.number!;
    return 0;
  };
  const lastTopLevel = (list: RawParagraph[]): number => {
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.sub === null) return i;
    return -1;
  };
  const addReport = (block: Block, number: number | null, body: string) => {
    out.report.push({ kind: "report", number, sub: null, text: body, parent: null, firstLine: block.firstLine, lastLine: block.lastLine });
    const rec = recommendationBy(body, ctx);
    if (rec !== undefined) {
      lastRecommendation = rec;
      adoptedByDocumentOrgan = false;
    } else if (ADOPTED_BY_BODY.test(body)) {
      adoptedByDocumentOrgan = true;
    }
  };

  for (let bi = 0; bi < blocks.length; bi++) {
    const block = blocks[bi]!;
    const next = blocks[bi + 1];
    const t = text as RawText | null;
    const headingTitle = (blocks[bi - 1]?.kind === "chapter" || blocks[bi - 1]?.kind === "section") && !endsTerminated(block.text);

    switch (block.kind) {
      case "chapter":
        close();
        chapter = block.text;
        section = null;
        continue;
      case "section":
        close();
        section = block.text.slice(0, 1);
        continue;
      case "textHeading": {
        close();
        text = startText(block, chapter, section, lastRecommendation, adoptedByDocumentOrgan ? ctx.documentOrgan : null);
        continue;
      }
      case "organ":
        if (t && !t.opened && t.paragraphs.length === 0) {
          t.organLine = canonicalOrgan(block.text);
        } else if (!t && out.report.length === 0) {
          out.frontMatter.push(block);
        }
        continue;
      case "opening": {
        if (t && t.opened && t.paragraphs.length > 0) {
          close();
        }
        if (!text) {
          text = startText(null, chapter, section, lastRecommendation, null);
          // A stand-alone draft: its title is the last title-like line of the front matter.
        }
        const cur = text as RawText;
        cur.opened = true;
        cur.voice = canonicalOrgan(block.text);
        cur.openingText = block.text;
        continue;
      }
      case "date":
      case "meeting":
        if (t) {
          if (block.kind === "date") t.adoptionDate = block.text;
        } else if (out.report.length === 0) {
          out.frontMatter.push(block);
        }
        continue;
      case "numbered": {
        const number = block.number!;
        const body = block.text.replace(/^\d{1,3}\.\s*/, "");
        if (t && t.annex) {
          t.annex.push(block.text);
          continue;
        }
        if (t) {
          const lastOp = lastOperativeNumber(t);
          const expected = lastOp + 1;
          const hasBody = t.opened || t.paragraphs.length > 0;
          const continuesReport = out.report.length > 0 && number === reportLast() + 1;
          if (hasBody && number === expected && !(continuesReport && !t.opened)) {
            t.paragraphs.push(para("operative", number, null, body, null, block));
            continue;
          }
          if (continuesReport && (!t.opened || number !== expected)) {
            if (t.paragraphs.length === 0) {
              t.warnings.push(`no text of its own follows the heading; report para. ${number} comes next`);
            }
            close();
            addReport(block, number, body);
            continue;
          }
          if (!hasBody && number === 1) {
            t.paragraphs.push(para("operative", number, null, body, null, block));
            continue;
          }
          if (t.opened) {
            t.warnings.push(`operative paragraph ${number} follows ${lastOp}: numbering is out of sequence in the document`);
            t.paragraphs.push(para("operative", number, null, body, null, block));
            continue;
          }
          close();
        }
        if (out.report.length > 0 && number <= reportLast()) {
          // A numbered list inside the narrative (an agenda, numbered sub-headings), not a report paragraph.
          if (!endsTerminated(block.text)) continue;
          appendToLastReport(block);
          inReportList = true;
          continue;
        }
        inReportList = false;
        addReport(block, number, body);
        continue;
      }
      case "sub": {
        const letter = block.sub!;
        const body = block.text.replace(/^\([a-z]{1,2}\)\s*/, "");
        if (t && t.annex) {
          t.annex.push(block.text);
          continue;
        }
        if (t && (t.opened || t.paragraphs.length > 0)) {
          const parentIdx = lastTopLevel(t.paragraphs);
          const parent = parentIdx >= 0 ? t.paragraphs[parentIdx]! : null;
          const useOpening = parent === null || (t.paragraphs.at(-1)?.sub === null && !/[：:]$/.test(parent.text) && !!t.openingText && /[：:]$/.test(t.openingText));
          if (useOpening) {
            t.paragraphs.push(para("operative", null, letter, body, -1, block));
          } else {
            t.paragraphs.push(para(parent!.kind, parent!.number, letter, body, parentIdx, block));
          }
          continue;
        }
        if (!t && inReportList) {
          appendToLastReport(block);
          continue;
        }
        if (!t && out.report.length > 0) {
          const parentIdx = lastTopLevel(out.report);
          const parent = out.report[parentIdx]!;
          out.report.push(para("report", parent.number, letter, body, parentIdx, block));
          continue;
        }
        if (t) t.titleParts.push(block.text);
        else out.frontMatter.push(block);
        continue;
      }
      case "plain": {
        if (t) {
          if (t.annex) {
            t.annex.push(block.text);
            continue;
          }
          if (!t.opened && t.paragraphs.length === 0) {
            const rec = recommendationBy(block.text, ctx);
            if (rec !== undefined) {
              t.recommendedBy = rec ?? t.organLine ?? t.recommendedBy;
              continue;
            }
            if (endsTerminated(block.text) && t.titleParts.length > 0 && /[。.]$/.test(block.text)) {
              // A decision printed as one unnumbered sentence, with no opening formula.
              t.paragraphs.push(para("operative", null, null, block.text, null, block));
              continue;
            }
            t.titleParts.push(block.text);
            continue;
          }
          const hasOperative = t.paragraphs.some((p) => p.kind === "operative");
          if (!hasOperative) {
            t.paragraphs.push(para("preambular", null, null, block.text, null, block));
            continue;
          }
          if (!endsTerminated(block.text) && next?.kind === "numbered" && next.number === 1) {
            t.annex = [block.text];
            continue;
          }
          if (!endsTerminated(block.text) && (next === undefined || next.kind === "chapter" || next.kind === "section")) {
            t.warnings.push(`unfinished trailing line left out: "${block.text.slice(0, 40)}"`);
            continue;
          }
          t.warnings.push(`unnumbered paragraph after the operative paragraphs (line ${block.firstLine})`);
          t.paragraphs.push(para("operative", null, null, block.text, null, block));
          continue;
        }
        if (out.report.length > 0) {
          if (headingTitle || (!endsTerminated(block.text) && block.text.length <= 60)) continue; // a chapter title or a narrative sub-heading
          appendToLastReport(block);
          continue;
        }
        out.frontMatter.push(block);
        continue;
      }
    }
  }
  close();
  return out;
}

function para(kind: RawParagraph["kind"], number: number | null, sub: string | null, text: string, parent: number | null, block: Block): RawParagraph {
  return { kind, number, sub, text, parent, firstLine: block.firstLine, lastLine: block.lastLine };
}

function lastOperativeNumber(t: RawText): number {
  for (let i = t.paragraphs.length - 1; i >= 0; i--) {
    const p = t.paragraphs[i]!;
    if (p.kind === "operative" && p.number !== null) return p.number;
  }
  return 0;
}

function startText(
  block: Block | null,
  chapter: string | null,
  section: string | null,
  recommendedBy: string | null,
  adoptedBy: string | null,
): RawText {
  const heading = block?.text ?? null;
  const t: RawText = {
    heading,
    headingLine: block?.firstLine ?? 0,
    ordinal: null,
    chapter,
    section,
    sponsors: null,
    titleParts: [],
    decision: false,
    status: null,
    adoptedNumber: null,
    organLine: null,
    recommendedBy,
    voice: null,
    openingText: null,
    opened: false,
    paragraphs: [],
    annex: null,
    adoptionDate: null,
    warnings: [],
  };
  if (!heading) return t;
  t.decision = /决定|decision/i.test(heading);
  const numbered = /^(\d{4}\/\d{1,3}|\d{1,3}\/\d{1,4})\.\s+(\S.*)$/.exec(heading);
  const adopted = /^第\s*(\d+\/\d+)\s*号(?:决议|决定)$/.exec(heading) ?? /^(?:Resolution|Decision)\s+(\d+\/\d+)$/i.exec(heading);
  const sponsored = /^(.{1,120}?)\s*[：:]\s*(?:决议草案|决定草案|draft (?:resolution|decision))$/i.exec(heading);
  const ordinal = /(?:决议草案|决定草案)([一二三四五六七八九十]+)$/.exec(heading) ?? /^Draft (?:resolution|decision)\s+([IVXLC]+)$/i.exec(heading);
  if (numbered) {
    t.adoptedNumber = numbered[1]!;
    t.titleParts.push(numbered[2]!);
    t.status = "adopted";
    t.recommendedBy = null;
  } else if (adopted) {
    t.adoptedNumber = adopted[1]!;
    t.status = "adopted";
    t.recommendedBy = adoptedBy;
  } else if (sponsored) {
    t.sponsors = sponsored[1]!;
    t.status = "draft";
  } else {
    t.status = /草案|draft/i.test(heading) ? "draft" : null;
  }
  if (ordinal) t.ordinal = ordinalValue(ordinal[1]!);
  return t;
}
