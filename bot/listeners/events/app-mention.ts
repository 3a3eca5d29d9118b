/** `@Mandate Desk <question>`: answered in the thread of the message that mentioned the bot. */
import type { AllMiddlewareArgs, Middleware, SlackEventMiddlewareArgs } from "@slack/bolt";
import { answerInThread } from "../../answering.ts";
import type { BotDeps } from "../../deps.ts";
import { plainText, stripBotMention } from "../../slack-text.ts";

export function appMention(deps: BotDeps): Middleware<SlackEventMiddlewareArgs<"app_mention">> {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs) => {
    await answerInThread(deps, client, {
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      question: plainText(stripBotMention(event.text, context.botUserId)),
    });
  };
}
