/**
 * Requests exactly as Slack sends them to /slack/events, signed with HMAC v0, so the sandbox, the
 * tests and the benchmark exercise Bolt's own verification instead of bypassing it.
 */
import { createHmac, randomBytes } from "node:crypto";
import { BOT_USER_ID, TEAM_ID } from "./fake-slack.ts";

export interface SignedRequest {
  body: string;
  contentType: string;
}

export interface SendOptions {
  /** Seconds since epoch put in X-Slack-Request-Timestamp (default: now). */
  timestamp?: number;
  /** Sends X-Slack-Retry-Num, as Slack does when it redelivers an event. */
  retryNum?: number;
  /** Signs with this secret instead (to test refusals). */
  signWith?: string;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export async function sendSigned(url: string, secret: string, request: SignedRequest, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": request.contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": sign(options.signWith ?? secret, timestamp, request.body),
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return fetch(url, { method: "POST", headers, body: request.body });
}

function id(prefix: string): string {
  return `${prefix}${randomBytes(6).toString("hex").toUpperCase()}`;
}

export interface SlashCommandInput {
  text: string;
  channel: string;
  user: string;
  responseUrl: string;
  triggerId?: string;
  command?: string;
}

export function slashCommand(input: SlashCommandInput): SignedRequest {
  const form = new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: TEAM_ID,
    team_domain: "sandbox",
    channel_id: input.channel,
    channel_name: input.channel.startsWith("D") ? "directmessage" : "general",
    user_id: input.user,
    user_name: "you",
    command: input.command ?? "/mandates",
    text: input.text,
    api_app_id: "AMANDATEDESK",
    is_enterprise_install: "false",
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? id("trigger."),
  });
  return { body: form.toString(), contentType: "application/x-www-form-urlencoded" };
}

export interface MessageEventInput {
  type: "app_mention" | "message";
  channel: string;
  user: string;
  /** As Slack delivers it: already escaped, mentions as <@U…>. */
  text: string;
  ts: string;
  threadTs?: string;
  channelType?: "channel" | "group" | "im";
  eventId?: string;
}

export function eventCallback(input: MessageEventInput): SignedRequest & { eventId: string } {
  const eventId = input.eventId ?? id("Ev");
  const event: Record<string, unknown> = {
    type: input.type,
    user: input.user,
    text: input.text,
    ts: input.ts,
    channel: input.channel,
    event_ts: input.ts,
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    ...(input.type === "message" ? { channel_type: input.channelType ?? "channel" } : {}),
  };
  const body = {
    token: "deprecated-verification-token",
    team_id: TEAM_ID,
    api_app_id: "AMANDATEDESK",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Number(input.ts)),
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
  return { body: JSON.stringify(body), contentType: "application/json", eventId };
}

export interface ButtonClickInput {
  actionId: string;
  value: string;
  channel: string;
  user: string;
  messageTs: string;
  responseUrl: string;
  triggerId?: string;
}

export function buttonClick(input: ButtonClickInput): SignedRequest {
  const payload = {
    type: "block_actions",
    user: { id: input.user, username: "you", name: "you", team_id: TEAM_ID },
    api_app_id: "AMANDATEDESK",
    token: "deprecated-verification-token",
    container: { type: "message", message_ts: input.messageTs, channel_id: input.channel, is_ephemeral: true },
    trigger_id: input.triggerId ?? id("trigger."),
    team: { id: TEAM_ID, domain: "sandbox" },
    channel: { id: input.channel, name: "general" },
    response_url: input.responseUrl,
    actions: [
      {
        type: "button",
        action_id: input.actionId,
        block_id: "share",
        text: { type: "plain_text", text: "Share in channel" },
        value: input.value,
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: "application/x-www-form-urlencoded" };
}
