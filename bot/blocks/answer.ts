/**
 * The answer message: optional model summary, then each paragraph as citation + verbatim quote.
 * Pure: the same ComposedAnswer always gives the same blocks, which is what "Share in channel" relies on.
 */
import type { ComposedAnswer, Hit } from "../../retrieval/types.ts";
import {
  BLOCK_LIMIT,
  type Block,
  type SlackMessage,
  SECTION_LIMIT,
  citationLine,
  clip,
  context,
  escapeMrkdwn,
  quoteBlocks,
  section,
  splitForSection,
} from "./format.ts";

export const SHARE_ACTION_ID = "share_in_channel";

export interface AnswerRenderOptions {
  /** Stored answer id: adds the "Share in channel" button carrying it. */
  shareId?: string;
  /** Slack user id of whoever shared the answer into the channel. */
  sharedBy?: string;
  /** How many paragraphs to show at most. */
  maxHits?: number;
}

function citationShort(hit: Hit): string {
  return `${hit.symbol ?? "no symbol stated"} ${hit.paragraph.label}`;
}

function hitBlocks(hit: Hit, index: number, room: number): Block[] {
  const blocks: Block[] = [section(citationLine(hit, index))];
  const notes: string[] = [];
  if (hit.status === "draft") notes.push("Draft text — not adopted as quoted");
  if (hit.alsoIn.length > 0) {
    notes.push(`Identical language also in: ${hit.alsoIn.map((other) => escapeMrkdwn(`${other.symbol ?? other.title} ${other.label}`)).join("; ")}`);
  }
  const quoteRoom = Math.min(3, room - blocks.length - (notes.length > 0 ? 1 : 0));
  blocks.push(...quoteBlocks(hit, Math.max(1, quoteRoom)));
  if (notes.length > 0) blocks.push(context(...notes));
  return blocks;
}

export function renderAnswer(answer: ComposedAnswer, options: AnswerRenderOptions = {}): SlackMessage {
  const maxHits = options.maxHits ?? 5;
  const head: Block[] = [];
  const tail: Block[] = [];

  if (answer.searched !== answer.question) {
    head.push(context(`Searched as: “${escapeMrkdwn(clip(answer.searched, 500))}”`));
  }
  if (answer.summary) {
    const parts = splitForSection(answer.summary, SECTION_LIMIT - 100).slice(0, 2);
    head.push(section(`*Summary* _(model-written; the quotes below are verbatim)_\n${escapeMrkdwn(parts[0] ?? "")}`));
    if (parts[1] !== undefined) head.push(section(escapeMrkdwn(parts[1])));
  }
  if (answer.lookup && !answer.lookup.found) {
    const suggestions = answer.lookup.suggestions.slice(0, 8).map((s) => `\`${escapeMrkdwn(s)}\``);
    head.push(
      section(
        `I found no paragraph *${escapeMrkdwn(answer.lookup.asked)}*.` +
          (suggestions.length > 0 ? ` Nearest citations: ${suggestions.join(", ")}.` : ""),
      ),
    );
  }
  if (answer.hits.length === 0 && !(answer.lookup && !answer.lookup.found)) {
    head.push(
      section(
        `No paragraph matched “${escapeMrkdwn(clip(answer.question, 300))}”. Try other words, or cite a paragraph directly, e.g. \`/mandates A/C.3/74/L.2 OP 11\`.`,
      ),
    );
  }

  if (answer.notices.length > 0) tail.push(context(...answer.notices.map((notice) => escapeMrkdwn(notice))));
  if (answer.fallbackReason) tail.push(context(`Showing the quotes only: ${escapeMrkdwn(answer.fallbackReason)}`));
  if (options.sharedBy) tail.push(context(`Shared by <@${options.sharedBy}> · asked: “${escapeMrkdwn(clip(answer.question, 300))}”`));
  if (options.shareId) {
    tail.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: SHARE_ACTION_ID,
          text: { type: "plain_text", text: "Share in channel" },
          value: options.shareId,
        },
      ],
    });
  }

  // One block is kept back for the "more matched" note.
  const budget = BLOCK_LIMIT - head.length - tail.length - 1;
  const body: Block[] = [];
  const shown: Hit[] = [];
  for (const hit of answer.hits.slice(0, maxHits)) {
    const room = budget - body.length - 1;
    if (room < 2) break;
    const blocks = hitBlocks(hit, shown.length + 1, room);
    body.push({ type: "divider" }, ...blocks);
    shown.push(hit);
  }
  const hidden = answer.hits.length - shown.length;
  if (hidden > 0) body.push(context(`${hidden} more paragraph${hidden === 1 ? "" : "s"} matched; ask more precisely to narrow them down.`));

  const cited = shown.map(citationShort).join("; ");
  const text = clip(
    shown.length > 0 ? `${shown.length} paragraph${shown.length === 1 ? "" : "s"} for “${answer.question}”: ${cited}` : `No paragraph matched “${answer.question}”`,
    SECTION_LIMIT,
  );
  return { text, blocks: [...head, ...body, ...tail] };
}
