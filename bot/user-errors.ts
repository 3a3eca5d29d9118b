/**
 * What a user reads when something fails. Coded MandateDeskErrors speak for themselves; Slack
 * platform errors get a sentence that says what to do; anything else is described without its stack.
 */
import { describeError } from "../retrieval/errors.ts";

const SLACK_ERRORS: Record<string, string> = {
  not_in_channel: "I'm not a member of this channel. Invite me with `/invite @Mandate Desk` and try again.",
  channel_not_found: "I can't see this channel. Invite me with `/invite @Mandate Desk` and try again.",
  is_archived: "This channel is archived, so I can't post in it.",
  msg_too_long: "The answer was too long for Slack. Ask more precisely.",
  ratelimited: "Slack is rate-limiting me right now. Try again in a minute.",
};

export function describeForUser(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  if (data && typeof data.error === "string" && SLACK_ERRORS[data.error]) return SLACK_ERRORS[data.error] ?? "";
  return describeError(error);
}
