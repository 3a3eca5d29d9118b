/**
 * Slack delivers message text with &, < and > escaped and with mentions, channels and links as
 * <…> tokens. The question searched must be what the person typed, so tokens become plain text.
 */

/** Removes mentions of the bot ("<@U123>" or "<@U123|mandate-desk>"). */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  const pattern = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g") : /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(pattern, " ");
}

export function plainText(slackText: string): string {
  return slackText
    .replace(/<(?:[@#!][^>|]*\|)([^>]+)>/g, "$1")
    .replace(/<([@#][A-Z0-9]+)>/g, "$1")
    .replace(/<(https?:[^>|]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<(https?:[^>|]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
