/**
 * `/mandates …`: acknowledged at once (Slack allows 3 seconds), then answered through response_url
 * as an ephemeral message with a "Share in channel" button; subscriptions are managed here too.
 */
import type { AllMiddlewareArgs, Middleware, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { renderAnswer } from "../../blocks/answer.ts";
import type { SlackMessage } from "../../blocks/format.ts";
import { emptyQuestion, errorMessage, helpMessage, notice, questionTooLong, subscriptionList, unknownSubcommand } from "../../blocks/messages.ts";
import type { BotDeps } from "../../deps.ts";
import { plainText } from "../../slack-text.ts";
import { describeForUser } from "../../user-errors.ts";
import { parseCommand } from "./parse.ts";
import { afterAcknowledgements } from "../../answering.ts";

export const MANDATES_COMMAND = "/mandates";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

async function reply(respond: CommandArgs["respond"], message: SlackMessage): Promise<void> {
  await respond({ response_type: "ephemeral", text: message.text, blocks: message.blocks });
}

async function subscribe(deps: BotDeps, channel: string, topic: string): Promise<SlackMessage> {
  const probe = await deps.retriever.search(topic, { top: 1, filters: { mandatesOnly: true } });
  if (probe.hits.length === 0) {
    return notice(`No mandate in the corpus matches “${topic}”, so I did not subscribe. Try a broader topic, e.g. “trafficking” or “网络犯罪”.`);
  }
  const added = deps.store.subscribe(channel, topic);
  return notice(
    added
      ? `Subscribed this channel to “${topic}”. New mandates on it will be posted here (schedule: \`${deps.config.DIGEST_CRON}\`, ${deps.config.DIGEST_TZ}).`
      : `This channel is already subscribed to “${topic}”.`,
  );
}

function unsubscribe(deps: BotDeps, channel: string, topic: string): SlackMessage {
  if (deps.store.unsubscribe(channel, topic)) return notice(`Unsubscribed this channel from “${topic}”.`);
  const topics = deps.store.subscriptions(channel).map((s) => s.topic);
  return notice(`This channel is not subscribed to “${topic}”.${topics.length > 0 ? ` Its topics: ${topics.join(", ")}.` : ""}`);
}

export function mandatesCommand(deps: BotDeps): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, respond }: CommandArgs) => {
    await ack();
    await afterAcknowledgements();
    const parsed = parseCommand(plainText(command.text));
    try {
      switch (parsed.kind) {
        case "empty":
          return await reply(respond, emptyQuestion(command.command));
        case "help":
          return await reply(respond, helpMessage(command.command));
        case "too-long":
          return await reply(respond, questionTooLong(parsed.length));
        case "unknown":
          return await reply(respond, unknownSubcommand(parsed.word, parsed.suggestion, command.command));
        case "missing-topic":
          return await reply(respond, notice(`Name a topic: \`${command.command} ${parsed.subcommand} <topic>\`.`));
        case "list":
          return await reply(respond, subscriptionList(command.channel_id, deps.store.subscriptions(command.channel_id).map((s) => s.topic)));
        case "subscribe":
          return await reply(respond, await subscribe(deps, command.channel_id, parsed.topic));
        case "unsubscribe":
          return await reply(respond, unsubscribe(deps, command.channel_id, parsed.topic));
        case "ask": {
          const answer = await deps.answers.answer(parsed.question);
          const shareId = answer.hits.length > 0 ? deps.store.saveAnswer(answer) : undefined;
          return await reply(respond, renderAnswer(answer, { shareId }));
        }
      }
    } catch (error) {
      deps.logger.error(`/mandates failed for “${command.text}”:`, error);
      await reply(respond, errorMessage(describeForUser(error)));
    }
  };
}
