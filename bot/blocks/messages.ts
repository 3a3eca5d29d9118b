/** Short replies: help, subscriptions, refusals and errors. Pure builders like the answer. */
import { type SlackMessage, clip, context, escapeMrkdwn, section } from "./format.ts";

export const MAX_QUESTION_LENGTH = 2000;

export function helpMessage(command = "/mandates"): SlackMessage {
  const lines = [
    "*Mandate Desk* answers with resolution paragraphs quoted verbatim, with their symbol and paragraph number.",
    `• \`${command} <question>\` — e.g. \`${command} online scams and trafficking\``,
    `• \`${command} A/C.3/74/L.2 OP 11\` — look up one paragraph`,
    `• \`${command} subscribe <topic>\` — a digest of new mandates on the topic in this channel`,
    `• \`${command} unsubscribe <topic>\`, \`${command} list\`, \`${command} help\``,
    "• Mention me in a channel to get the answer in a thread; reply in that thread to follow up.",
  ];
  return { text: "How to use Mandate Desk", blocks: [section(lines.join("\n"))] };
}

export function notice(text: string): SlackMessage {
  return { text: clip(text, 3000), blocks: [section(escapeMrkdwn(clip(text, 3000)))] };
}

export function emptyQuestion(command = "/mandates"): SlackMessage {
  const help = helpMessage(command);
  return { text: "Ask a question after the command.", blocks: [section("Ask a question after the command."), ...help.blocks] };
}

export function questionTooLong(length: number): SlackMessage {
  return notice(
    `That question is ${length.toLocaleString("en")} characters long; the limit is ${MAX_QUESTION_LENGTH.toLocaleString("en")}. Ask about one topic or cite one paragraph.`,
  );
}

export function unknownSubcommand(word: string, suggestion: string, command = "/mandates"): SlackMessage {
  const help = helpMessage(command);
  const text = `I don't know the subcommand “${clip(word, 100)}”. Did you mean “${suggestion}”?`;
  return { text, blocks: [section(escapeMrkdwn(text)), ...help.blocks] };
}

export function subscriptionList(channel: string, topics: string[]): SlackMessage {
  if (topics.length === 0) {
    return notice("This channel has no digest subscriptions. Add one with `/mandates subscribe <topic>`.");
  }
  const lines = topics.map((topic) => `• ${escapeMrkdwn(topic)}`).join("\n");
  return {
    text: `Digest topics for this channel: ${topics.join(", ")}`,
    blocks: [section(clip(`*Digest topics for <#${channel}>*\n${lines}`, 3000))],
  };
}

export function errorMessage(description: string): SlackMessage {
  const text = `Sorry, I couldn't answer that: ${clip(description, 1500)}`;
  return { text, blocks: [section(escapeMrkdwn(text)), context("The error was logged. Try again, or rephrase the question.")] };
}
