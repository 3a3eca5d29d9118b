/**
 * A Slack-compatible Web API on loopback: enough of chat.*, auth.test and response_url for the real
 * Bolt app to run against it in the sandbox and in tests. It records every call and keeps the
 * conversation as Slack would show it (threads, ephemeral messages, replaced originals).
 */
import { EventEmitter } from "node:events";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export const BOT_USER_ID = "UMANDATEDESK";
export const BOT_ID = "BMANDATEDESK";
export const TEAM_ID = "TSANDBOX";

export interface FakeMessage {
  ts: string;
  channel: string;
  /** Author: the bot's user id or a person's. */
  user: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  /** Only this user sees it (chat.postEphemeral or an ephemeral response_url reply). */
  ephemeralTo?: string;
  /** The response_url id that can replace this message. */
  responseId?: string;
}

export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  /** For response_url calls: the id at the end of the URL, to tell replies apart. */
  responseId?: string;
}

interface ResponseTarget {
  channel: string;
  user: string;
  /** The message a replace_original / delete_original acts on. */
  originalTs?: string;
  uses: number;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The Web API client form-encodes structured arguments as JSON strings.
    args[key] = (key === "blocks" || key === "attachments") && value.startsWith("[") ? JSON.parse(value) : value;
  }
  return args;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Slack escapes these in message text it delivers to apps. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export class FakeSlack extends EventEmitter {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  private readonly responses = new Map<string, ResponseTarget>();
  private readonly rateLimits = new Map<string, { remaining: number; retryAfter: number }>();
  private server: Server | null = null;
  private clockSeconds = Math.floor(Date.now() / 1000);
  private counter = 0;
  baseUrl = "";

  /** Base URL for SLACK_API_URL (ends with /api/). */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => send(res, 500, { ok: false, error: String(error) }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `count` calls of `method` answer 429 with Retry-After. */
  rateLimit(method: string, count: number, retryAfterSeconds: number): void {
    this.rateLimits.set(method, { remaining: count, retryAfter: retryAfterSeconds });
  }

  nextTs(): string {
    this.counter += 1;
    return `${this.clockSeconds}.${String(this.counter).padStart(6, "0")}`;
  }

  /** A response_url for a slash command or an action, as Slack would include in the payload. */
  createResponseUrl(channel: string, user: string, originalTs?: string): string {
    const id = `R${this.nextTs().replace(".", "")}`;
    this.responses.set(id, { channel, user, originalTs, uses: 0 });
    return `${this.baseUrl}/response/${id}`;
  }

  /** A person's message as Slack stores and delivers it: escaped, "@Mandate Desk" turned into a mention token. */
  addUserMessage(channel: string, user: string, typed: string, threadTs?: string): FakeMessage {
    const text = slackEscape(typed).replace(/@Mandate Desk\b/gi, `<@${BOT_USER_ID}>`);
    const message: FakeMessage = { ts: this.nextTs(), channel, user, text, blocks: [], threadTs };
    this.push(message);
    return message;
  }

  /** Slack shows the person their own slash command only to them; the sandbox page does the same. */
  addCommandEcho(channel: string, user: string, typed: string): FakeMessage {
    const message: FakeMessage = { ts: this.nextTs(), channel, user, text: slackEscape(typed), blocks: [], ephemeralTo: user };
    this.push(message);
    return message;
  }

  /** What `user` sees in `channel`: everything public plus their own ephemeral messages. */
  visibleTo(user: string, channel?: string): FakeMessage[] {
    return this.messages.filter((m) => (channel === undefined || m.channel === channel) && (m.ephemeralTo === undefined || m.ephemeralTo === user));
  }

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private push(message: FakeMessage): void {
    this.messages.push(message);
    this.emit("change", message);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const args = parseBody(await readBody(req), req.headers["content-type"]);
    if (url.pathname.startsWith("/response/")) {
      this.handleResponseUrl(url.pathname.slice("/response/".length), args, res);
      return;
    }
    if (!url.pathname.startsWith("/api/")) {
      send(res, 404, { ok: false, error: "not_found" });
      return;
    }
    const method = url.pathname.slice("/api/".length);
    this.calls.push({ method, args });
    const limit = this.rateLimits.get(method);
    if (limit && limit.remaining > 0) {
      limit.remaining -= 1;
      send(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(limit.retryAfter) });
      return;
    }
    send(res, 200, this.callMethod(method, args));
  }

  private callMethod(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = typeof args.channel === "string" ? args.channel : "";
    const text = typeof args.text === "string" ? args.text : "";
    const blocks = Array.isArray(args.blocks) ? args.blocks : [];
    switch (method) {
      case "auth.test":
        return { ok: true, url: "https://sandbox.slack.invalid/", team: "Sandbox", user: "mandate_desk", team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID };
      case "chat.postMessage": {
        if (!channel) return { ok: false, error: "channel_not_found" };
        const threadTs = typeof args.thread_ts === "string" ? args.thread_ts : undefined;
        const message: FakeMessage = { ts: this.nextTs(), channel, user: BOT_USER_ID, text, blocks, threadTs };
        this.push(message);
        return { ok: true, channel, ts: message.ts, message: { text, ts: message.ts, user: BOT_USER_ID, bot_id: BOT_ID } };
      }
      case "chat.postEphemeral": {
        const user = typeof args.user === "string" ? args.user : "";
        if (!channel || !user) return { ok: false, error: "invalid_arguments" };
        const message: FakeMessage = { ts: this.nextTs(), channel, user: BOT_USER_ID, text, blocks, ephemeralTo: user };
        this.push(message);
        return { ok: true, message_ts: message.ts };
      }
      case "chat.update": {
        const target = this.messages.find((m) => m.channel === channel && m.ts === args.ts);
        if (!target) return { ok: false, error: "message_not_found" };
        target.text = text;
        target.blocks = blocks;
        this.emit("change", target);
        return { ok: true, channel, ts: target.ts, text };
      }
      case "conversations.info":
        return { ok: true, channel: { id: channel, name: channel.startsWith("D") ? "" : "general", is_im: channel.startsWith("D"), is_member: true } };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  private handleResponseUrl(id: string, args: Record<string, unknown>, res: ServerResponse): void {
    const target = this.responses.get(id);
    if (!target) {
      send(res, 404, { ok: false, error: "expired_url" });
      return;
    }
    // Slack allows five uses of a response_url.
    target.uses += 1;
    if (target.uses > 5) {
      send(res, 404, { ok: false, error: "used_url" });
      return;
    }
    this.calls.push({ method: "response_url", args, responseId: id });
    const text = typeof args.text === "string" ? args.text : "";
    const blocks = Array.isArray(args.blocks) ? args.blocks : [];
    const original = target.originalTs ? this.messages.find((m) => m.ts === target.originalTs && m.channel === target.channel) : undefined;
    if (args.delete_original === true && original) {
      this.messages.splice(this.messages.indexOf(original), 1);
      this.emit("change", original);
    } else if (args.replace_original === true && original) {
      original.text = text;
      original.blocks = blocks;
      this.emit("change", original);
    } else {
      const message: FakeMessage = {
        ts: this.nextTs(),
        channel: target.channel,
        user: BOT_USER_ID,
        text,
        blocks,
        ephemeralTo: args.response_type === "in_channel" ? undefined : target.user,
        responseId: id,
      };
      this.push(message);
    }
    send(res, 200, { ok: true });
  }
}
