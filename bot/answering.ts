/**
 * Answering inside a thread, shared by mentions, thread follow-ups and DMs: the thread's earlier
 * questions go to the answer service as history, so "and for children?" is understood in context.
 */
import type { webApi } from "@slack/bolt";
import { renderAnswer } from "./blocks/answer.ts";
import { MAX_QUESTION_LENGTH, emptyQuestion, errorMessage, questionTooLong } from "./blocks/messages.ts";
import type { SlackMessage } from "./blocks/format.ts";
import type { BotDeps } from "./deps.ts";
import { describeForUser } from "./user-errors.ts";

export interface ThreadQuestion {
  channel: string;
  threadTs: string;
  question: string;
}

async function post(client: webApi.WebClient, channel: string, threadTs: string, message: SlackMessage): Promise<void> {
  await client.chat.postMessage({ channel, thread_ts: threadTs, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
}

/**
 * Searching is CPU work on the one event loop. Deferring it to the next turn lets Node write this
 * request's acknowledgement and accept the requests already waiting, so under load every Slack
 * request is acked within its 3 seconds instead of queuing behind other people's answers.
 */
export function afterAcknowledgements(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function answerInThread(deps: BotDeps, client: webApi.WebClient, { channel, threadTs, question }: ThreadQuestion): Promise<void> {
  const trimmed = question.trim();
  if (trimmed === "") return post(client, channel, threadTs, emptyQuestion());
  if (trimmed.length > MAX_QUESTION_LENGTH) return post(client, channel, threadTs, questionTooLong(trimmed.length));
  await afterAcknowledgements();
  const history = deps.store.threadHistory(channel, threadTs);
  // Recorded before answering so the thread counts as the bot's even if this answer fails.
  deps.store.recordQuestion(channel, threadTs, trimmed);
  try {
    const answer = await deps.answers.answer(trimmed, { history });
    await post(client, channel, threadTs, renderAnswer(answer));
  } catch (error) {
    deps.logger.error(`answer failed in ${channel} thread ${threadTs}:`, error);
    await post(client, channel, threadTs, errorMessage(describeForUser(error)));
  }
}
