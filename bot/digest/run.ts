/**
 * One digest pass: for every subscribed channel and topic, the most relevant operative paragraphs
 * that ask something of someone and were never sent to that channel, quoted with addressee and
 * reporting deadline. A delivery is recorded only after Slack accepted the message, and only for
 * the paragraphs that message carried, so a failure means "send again", never "lost".
 */
import type { Logger, webApi } from "@slack/bolt";
import { detectLanguage } from "../../retrieval/answer.ts";
import { extractAddressees, extractDeadline, isMandate } from "../../retrieval/mandates.ts";
import type { DigestSummarizer, Hit, Retriever } from "../../retrieval/types.ts";
import { type DigestItem, renderDigest } from "../blocks/digest.ts";
import type { BotStore } from "../store.ts";
import { describeForUser } from "../user-errors.ts";

export interface DigestDeps {
  retriever: Retriever;
  store: BotStore;
  /** The digest's own client: its 429 pauses must not stall interactive replies. */
  client: Pick<webApi.WebClient, "chat">;
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** Optional lead sentences by the answer composer (LLM_PROVIDER); the quotes are the digest either way. */
  summarize?: DigestSummarizer | null;
}

export interface DigestOptions {
  /** Only this channel (`npm run digest -- --channel C…`). */
  channel?: string;
  /** At most this many mandates per topic and run. */
  perTopic?: number;
  /** Build the messages without posting or recording them (sandbox preview). */
  dryRun?: boolean;
}

export interface DigestPost {
  channel: string;
  topic: string;
  paragraphIds: string[];
  ts?: string;
}

export interface DigestReport {
  posts: DigestPost[];
  failures: Array<{ channel: string; topic: string; error: string }>;
}

/** A paragraph's operative verb sits in its chapeau when it is a sub-paragraph. */
export function toDigestItem(hit: Hit): DigestItem | null {
  if (hit.paragraph.kind !== "operative") return null;
  // A chapeau ending in a colon only introduces its items; each item is the mandate and carries it.
  if (hit.paragraph.sub === null && /[：:]\s*$/.test(hit.text)) return null;
  const lead = hit.chapeau ?? hit.text;
  const language = detectLanguage(lead);
  if (!isMandate(lead, language)) return null;
  const deadline = extractDeadline(hit.text, language) ?? (hit.chapeau ? extractDeadline(hit.chapeau, language) : null);
  return { hit, addressees: extractAddressees(lead, language), deadline };
}

async function summarizeSafely(deps: DigestDeps, topic: string, items: DigestItem[]): Promise<string | null> {
  try {
    return (await deps.summarize?.(topic, items.map((item) => item.hit))) ?? null;
  } catch (error) {
    deps.logger.warn(`digest summary for “${topic}” skipped:`, error);
    return null;
  }
}

export async function runDigest(deps: DigestDeps, options: DigestOptions = {}): Promise<DigestReport> {
  const perTopic = options.perTopic ?? 5;
  const report: DigestReport = { posts: [], failures: [] };
  const subscriptions = deps.store.subscriptions(options.channel);
  // Two topics of one channel can match the same paragraph: it is sent under the first only.
  const sentThisRun = new Map<string, Set<string>>();

  for (const { channel, topic } of subscriptions) {
    const taken = sentThisRun.get(channel) ?? new Set<string>();
    sentThisRun.set(channel, taken);
    try {
      const response = await deps.retriever.search(topic, { top: perTopic * 4, filters: { mandatesOnly: true } });
      const items: DigestItem[] = [];
      for (const hit of response.hits) {
        if (items.length >= perTopic) break;
        if (taken.has(hit.id) || deps.store.wasDelivered(channel, hit.id)) continue;
        const item = toDigestItem(hit);
        if (item) items.push(item);
      }
      if (items.length === 0) continue;
      let rendered = renderDigest(topic, items, deps.summarize ? await summarizeSafely(deps, topic, items) : null);
      // The summary cites [1]…[n] of the items given; if not all of them fit the message, it cannot stay.
      if (rendered.included.length < items.length) rendered = renderDigest(topic, items, null);
      const { message, included } = rendered;
      const ids = included.map((item) => item.hit.id);
      if (options.dryRun) {
        report.posts.push({ channel, topic, paragraphIds: ids });
        continue;
      }
      const posted = await deps.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      deps.store.recordDeliveries(channel, ids);
      for (const id of ids) taken.add(id);
      report.posts.push({ channel, topic, paragraphIds: ids, ts: posted.ts });
      deps.logger.info(`digest: ${ids.length} mandate(s) on “${topic}” sent to ${channel}`);
    } catch (error) {
      deps.logger.error(`digest for “${topic}” in ${channel} failed:`, error);
      report.failures.push({ channel, topic, error: describeForUser(error) });
    }
  }
  return report;
}
