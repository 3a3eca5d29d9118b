/**
 * The local sandbox: `npm start` without Slack tokens. A page on PORT behaves like a Slack channel;
 * what you type becomes the signed request Slack would send, delivered to the REAL Bolt app, whose
 * Web API calls go to the loopback fake. So the sandbox shows the product, not a mock of it.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Logger } from "@slack/bolt";
import type { Config } from "../../config.ts";
import type { AnswerService, DigestSummarizer, Retriever } from "../../retrieval/types.ts";
import { EVENTS_PATH, type MandateDeskApp, createApp } from "../app.ts";
import { SHARE_ACTION_ID } from "../blocks/answer.ts";
import { runDigest } from "../digest/run.ts";
import type { BotStore } from "../store.ts";
import { BOT_USER_ID, FakeSlack } from "./fake-slack.ts";
import { type SignedRequest, buttonClick, eventCallback, sendSigned, slashCommand } from "./slack-requests.ts";

export const SANDBOX_USER = "USANDBOXUSER";
export const CHANNELS = [
  { id: "CGENERAL", name: "#general", im: false },
  { id: "DMANDATEDESK", name: "Mandate Desk", im: true },
] as const;

export interface SandboxOptions {
  config: Config;
  answers: AnswerService;
  retriever: Retriever;
  store: BotStore;
  summarizeDigest?: DigestSummarizer | null;
  /** Page port (default: config.PORT; 0 picks a free one). */
  port?: number;
  logger?: Logger;
  clock?: () => Date;
}

export interface Sandbox {
  url: string;
  fake: FakeSlack;
  bot: MandateDeskApp;
  stop(): Promise<void>;
}

const PAGE = readFileSync(path.join(import.meta.dirname, "page.html"), "utf8");
const BODY_LIMIT = 64 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  return raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

const str = (value: unknown): string => (typeof value === "string" ? value : "");

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const fake = await new FakeSlack().start();
  const signingSecret = randomBytes(24).toString("hex");
  const config: Config = {
    ...options.config,
    SLACK_BOT_TOKEN: "xoxb-sandbox",
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: fake.apiUrl,
    mode: "http",
  };
  const bot = createApp({ config, answers: options.answers, retriever: options.retriever, store: options.store, logger: options.logger, clock: options.clock });
  const boltServer = await bot.start(0);
  const eventsUrl = `http://127.0.0.1:${(boltServer?.address() as AddressInfo).port}${EVENTS_PATH}`;
  const deliver = async (request: SignedRequest) => {
    const response = await sendSigned(eventsUrl, signingSecret, request);
    return { status: response.status, body: await response.text() };
  };

  const streams = new Set<ServerResponse>();
  fake.on("change", () => {
    for (const stream of streams) stream.write("data: change\n\n");
  });

  async function send(body: Record<string, unknown>): Promise<unknown> {
    const channel = CHANNELS.find((c) => c.id === body.channel);
    const text = str(body.text).trim();
    const threadTs = str(body.threadTs) || undefined;
    if (!channel || text === "") return { ok: false, error: "choose a channel and type something" };
    if (text.startsWith("/")) {
      const [command = "", ...rest] = text.split(/\s+/);
      if (command !== "/mandates") return { ok: false, error: `Only /mandates is installed here, not ${command}.` };
      fake.addCommandEcho(channel.id, SANDBOX_USER, text);
      const responseUrl = fake.createResponseUrl(channel.id, SANDBOX_USER);
      return deliver(slashCommand({ text: rest.join(" "), channel: channel.id, user: SANDBOX_USER, responseUrl }));
    }
    const message = fake.addUserMessage(channel.id, SANDBOX_USER, text, threadTs);
    const base = { channel: channel.id, user: SANDBOX_USER, text: message.text, ts: message.ts, threadTs };
    // Like Slack: a mention in a channel arrives as app_mention and as a message event.
    const mentioned = message.text.includes(`<@${BOT_USER_ID}>`);
    if (!channel.im && mentioned) await deliver(eventCallback({ ...base, type: "app_mention" }));
    const delivered = await deliver(eventCallback({ ...base, type: "message", channelType: channel.im ? "im" : "channel" }));
    // The page opens the thread where the answer will appear.
    return { ...delivered, ts: message.ts, answerThread: mentioned || channel.im ? (threadTs ?? message.ts) : null };
  }

  async function click(body: Record<string, unknown>): Promise<unknown> {
    const channel = str(body.channel);
    const messageTs = str(body.messageTs);
    const responseUrl = fake.createResponseUrl(channel, SANDBOX_USER, messageTs);
    return deliver(buttonClick({ actionId: str(body.actionId) || SHARE_ACTION_ID, value: str(body.value), channel, user: SANDBOX_USER, messageTs, responseUrl }));
  }

  const page: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const route = `${req.method} ${url.pathname}`;
    const handle = async () => {
      switch (route) {
        case "GET /":
          res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
          res.end(PAGE);
          return;
        case "GET /state":
          return json(res, 200, { user: SANDBOX_USER, bot: BOT_USER_ID, channels: CHANNELS, messages: fake.visibleTo(SANDBOX_USER) });
        case "GET /events":
          res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
          res.write("retry: 1000\n\n");
          streams.add(res);
          req.on("close", () => streams.delete(res));
          return;
        case "POST /send":
          return json(res, 200, await send(await readJson(req)));
        case "POST /click":
          return json(res, 200, await click(await readJson(req)));
        case "POST /digest": {
          const body = await readJson(req);
          const report = await runDigest(
            { retriever: options.retriever, store: options.store, client: bot.deps.digestClient, logger: bot.deps.logger, summarize: options.summarizeDigest },
            { channel: str(body.channel) || undefined },
          );
          return json(res, 200, report);
        }
        default:
          return json(res, 404, { ok: false, error: "not found" });
      }
    };
    handle().catch((error: unknown) => {
      bot.deps.logger.error("sandbox request failed:", error);
      if (!res.headersSent) json(res, 500, { ok: false, error: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve) => page.listen(options.port ?? options.config.PORT, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;

  return {
    url,
    fake,
    bot,
    async stop() {
      for (const stream of streams) stream.end();
      page.closeAllConnections();
      await new Promise<void>((resolve) => page.close(() => resolve()));
      await bot.stop();
      await fake.stop();
    },
  };
}
