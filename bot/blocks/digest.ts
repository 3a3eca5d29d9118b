/** The digest message for one topic in one channel: each new mandate quoted, with addressee and deadline. */
import type { Hit } from "../../retrieval/types.ts";
import { BLOCK_LIMIT, type Block, type SlackMessage, citationLine, clip, context, escapeMrkdwn, quoteBlocks, section } from "./format.ts";

export interface DigestItem {
  hit: Hit;
  addressees: string[];
  deadline: string | null;
}

export interface RenderedDigest {
  message: SlackMessage;
  /** The items that fit in the message: only these may be recorded as delivered. */
  included: DigestItem[];
}

export function renderDigest(topic: string, items: DigestItem[], summary: string | null = null): RenderedDigest {
  const head: Block[] = [{ type: "header", text: { type: "plain_text", text: clip(`New mandates: ${topic}`, 150) } }];
  if (summary) head.push(section(escapeMrkdwn(clip(summary, 2000))), context("Summary written by a language model; the quotes below are the texts as adopted or drafted."));
  const tail: Block[] = [context(`Digest for “${escapeMrkdwn(clip(topic, 200))}” · stop it with \`/mandates unsubscribe ${escapeMrkdwn(clip(topic, 200))}\``)];
  const body: Block[] = [];
  const included: DigestItem[] = [];
  for (const [index, item] of items.entries()) {
    const facts = [
      `*To:* ${item.addressees.length > 0 ? escapeMrkdwn(item.addressees.join(", ")) : "not named in the paragraph"}`,
      item.deadline ? `*Reporting:* ${escapeMrkdwn(item.deadline)}` : null,
    ].filter(Boolean);
    const blocks: Block[] = [{ type: "divider" }, section(citationLine(item.hit, summary ? index + 1 : undefined)), ...quoteBlocks(item.hit, 1), context(...(facts as string[]))];
    if (head.length + body.length + blocks.length + tail.length > BLOCK_LIMIT) break;
    body.push(...blocks);
    included.push(item);
  }
  const cited = included.map((item) => `${item.hit.symbol ?? "no symbol stated"} ${item.hit.paragraph.label}`).join("; ");
  return {
    message: { text: clip(`New mandates on “${topic}”: ${cited}`, 3000), blocks: [...head, ...body, ...tail] },
    included,
  };
}
