/**
 * Follow-ups without a mention: a message in a thread the bot answered, or any message in a DM.
 * Mentions are left to app-mention (Slack sends both events for one message), and bots, edits and
 * deletions are ignored, so one user message gives at most one answer.
 */
import type { AllMiddlewareArgs, Middleware, SlackEventMiddlewareArgs } from "@slack/bolt";
import { answerInThread } from "../../answering.ts";
import type { BotDeps } from "../../deps.ts";
import { plainText, stripBotMention } from "../../slack-text.ts";

export function threadMessage(deps: BotDeps): Middleware<SlackEventMiddlewareArgs<"message">> {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs) => {
    if (event.subtype !== undefined || event.bot_id !== undefined) return;
    const text = event.text ?? "";
    const isDm = event.channel_type === "im";
    if (!isDm && context.botUserId && text.includes(`<@${context.botUserId}`)) return;
    const threadTs = event.thread_ts;
    if (!isDm && (threadTs === undefined || !deps.store.isBotThread(event.channel, threadTs))) return;
    await answerInThread(deps, client, { channel: event.channel, threadTs: threadTs ?? event.ts, question: plainText(stripBotMention(text, context.botUserId)) });
  };
}
