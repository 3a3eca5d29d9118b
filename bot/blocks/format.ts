/**
 * Pieces shared by every Block Kit builder: escaping, citation lines and quotes that respect Slack's
 * limits. The rule that drives all of it: the symbol and the label are never cut, and a quote is
 * either whole (possibly over several blocks) or visibly marked as shortened with a link to the text.
 */
import type { Hit } from "../../retrieval/types.ts";

/** Slack rejects a section whose text exceeds 3,000 characters. */
export const SECTION_LIMIT = 3000;
/** Slack rejects a message with more than 50 blocks. */
export const BLOCK_LIMIT = 50;
/** Room left in a quote section for the "> " markers and a shortening note. */
const QUOTE_CHUNK = 2800;

export interface TextObject {
  type: "mrkdwn" | "plain_text";
  text: string;
  emoji?: boolean;
}

export interface SectionBlock {
  type: "section";
  text: TextObject;
  block_id?: string;
}

export interface ContextBlock {
  type: "context";
  elements: TextObject[];
}

export interface HeaderBlock {
  type: "header";
  text: TextObject;
}

export interface DividerBlock {
  type: "divider";
}

export interface ButtonElement {
  type: "button";
  action_id: string;
  text: TextObject;
  value: string;
  style?: "primary" | "danger";
}

export interface ActionsBlock {
  type: "actions";
  elements: ButtonElement[];
}

export type Block = SectionBlock | ContextBlock | HeaderBlock | DividerBlock | ActionsBlock;

export interface SlackMessage {
  /** Notification and screen-reader text; Slack also shows it when blocks cannot render. */
  text: string;
  blocks: Block[];
}

/** Slack mrkdwn treats only these three characters as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function section(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

export function context(...texts: string[]): ContextBlock {
  return { type: "context", elements: texts.slice(0, 10).map((text) => ({ type: "mrkdwn", text: clip(text, SECTION_LIMIT) })) };
}

/** Cuts free text (never a quote) to a limit, by code point so no character is split. */
export function clip(text: string, limit: number): string {
  const points = Array.from(text);
  return points.length <= limit ? text : `${points.slice(0, limit - 1).join("")}…`;
}

export function documentUrl(symbol: string): string {
  return `https://undocs.org/${encodeURI(symbol)}`;
}

/**
 * "*E/CN.15/2024/L.2* · *OP 7(g)*" first, then title, body and year; only the title may be shortened,
 * so the part a reader cites is always whole.
 */
export function citationLine(hit: Hit, index?: number): string {
  const number = index === undefined ? "" : `*[${index}]* `;
  const label = `*${escapeMrkdwn(hit.paragraph.label)}*`;
  // Aliases are how delegates often know a text ("33/1", the report it sits in, the ECOSOC resolution that recommended it).
  const also = hit.aliases.length > 0 ? `also ${hit.aliases.slice(0, 3).join(", ")}` : null;
  const where = [[hit.body, hit.year === null ? null : String(hit.year)].filter(Boolean).join(", "), also].filter(Boolean).join("; ");
  if (hit.symbol === null) {
    const origin = [hit.title, hit.body, hit.session].filter(Boolean).map((part) => escapeMrkdwn(String(part)));
    return clip(`${number}_no symbol stated_ · ${label} — ${origin.join(", ")}`, SECTION_LIMIT);
  }
  const head = `${number}*<${documentUrl(hit.symbol)}|${escapeMrkdwn(hit.symbol)}>* · ${label}`;
  const tail = ` — _${escapeMrkdwn(hit.title)}_${where ? ` (${escapeMrkdwn(where)})` : ""}`;
  return head + clip(tail, SECTION_LIMIT - head.length);
}

/** Where the full text can be read when a quote had to be shortened. */
function fullTextPointer(hit: Hit): string {
  return hit.symbol === null
    ? `full text in ${escapeMrkdwn(hit.source.file)}, line ${hit.source.line}`
    : `<${documentUrl(hit.symbol)}|full text of ${escapeMrkdwn(hit.symbol)}>`;
}

/** Splits text into pieces whose escaped length fits, preferring to break after punctuation. */
export function splitForSection(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = Array.from(text);
  while (rest.length > 0) {
    let size = 0;
    let cut = 0;
    while (cut < rest.length && size + escapeMrkdwn(rest[cut] ?? "").length <= limit) {
      size += escapeMrkdwn(rest[cut] ?? "").length;
      cut += 1;
    }
    if (cut < rest.length) {
      const window = rest.slice(0, cut);
      let best = -1;
      for (let i = window.length - 1; i >= Math.max(0, window.length - 400); i -= 1) {
        if (/[；。;.，,\s]/.test(window[i] ?? "")) {
          best = i + 1;
          break;
        }
      }
      if (best > 0) cut = best;
    }
    pieces.push(rest.slice(0, cut).join(""));
    rest = rest.slice(cut);
  }
  return pieces;
}

function quoteLines(text: string): string {
  return escapeMrkdwn(text)
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

/** The verbatim text to quote: for a sub-paragraph, the chapeau it hangs from, then the item. */
export function quotedText(hit: Hit): string {
  const marker = hit.paragraph.sub !== null ? `(${hit.paragraph.sub})` : null;
  const item = marker && !hit.text.trimStart().startsWith(marker) ? `${marker} ${hit.text}` : hit.text;
  return hit.chapeau ? `${hit.chapeau}\n${item}` : item;
}

/**
 * Quote sections for a hit, at most `maxBlocks`. A quote that needs more blocks is shortened, and
 * says so, with a pointer to the full text: a cut quote is never passed off as the whole paragraph.
 */
export function quoteBlocks(hit: Hit, maxBlocks: number): SectionBlock[] {
  const pieces = splitForSection(quotedText(hit), QUOTE_CHUNK);
  if (pieces.length <= maxBlocks) return pieces.map((piece) => section(quoteLines(piece)));
  const kept = pieces.slice(0, Math.max(1, maxBlocks));
  const blocks = kept.map((piece) => section(quoteLines(piece)));
  const last = blocks[blocks.length - 1];
  if (last) last.text.text += `…\n_(quote shortened — ${fullTextPointer(hit)})_`;
  return blocks;
}
