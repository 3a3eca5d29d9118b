/**
 * Starts the real Bolt app (app.start(0)) against the loopback fake Slack, over the real retrieval
 * stack the test file opened, and sends it signed requests as Slack would. `close()` tears down the
 * app, the fake and the store; the stack belongs to the file and is closed there.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Logger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";
import { loadConfig } from "../../../config.ts";
import { EVENTS_PATH, type MandateDeskApp, createApp } from "../../../bot/app.ts";
import { FakeSlack } from "../../../bot/sandbox/fake-slack.ts";
import { type SendOptions, type SignedRequest, sendSigned } from "../../../bot/sandbox/slack-requests.ts";
import { type BotStore, openStore } from "../../../bot/store.ts";
import type { HybridRetriever } from "../../../retrieval/search.ts";
import { type RealStack, type RecordingAnswerService, failingOn, recording, withSummary } from "./real-stack.ts";

export interface Harness {
  fake: FakeSlack;
  bot: MandateDeskApp;
  store: BotStore;
  answers: RecordingAnswerService;
  retriever: HybridRetriever;
  secret: string;
  url: string;
  errors: unknown[][];
  now: { value: Date };
  send(request: SignedRequest, options?: SendOptions): Promise<Response>;
  close(): Promise<void>;
}

export function quietLogger(errors: unknown[][]): Logger {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (...msg: unknown[]) => {
      errors.push(msg);
    },
    setLevel: () => undefined,
    getLevel: () => LogLevel.ERROR,
    setName: () => undefined,
  };
}

export async function startHarness(stack: RealStack, options: { failOn?: (question: string) => boolean; summary?: string } = {}): Promise<Harness> {
  const fake = await new FakeSlack().start();
  const secret = randomBytes(16).toString("hex");
  const now = { value: new Date("2025-03-03T08:00:00Z") };
  const store = openStore(":memory:", { clock: () => now.value });
  const retriever = stack.retriever;
  let inner = stack.answers;
  if (options.summary) inner = withSummary(inner, options.summary);
  if (options.failOn) inner = failingOn(inner, options.failOn);
  const answers = recording(inner);
  const errors: unknown[][] = [];
  const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: "error" });
  const bot = createApp({
    config,
    answers,
    retriever,
    store,
    clock: () => now.value,
    logger: quietLogger(errors),
    // Bounded so a failing test cannot sit in Slack's default half-hour retry schedule.
    clientOptions: { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 } },
  });
  const server = await bot.start(0);
  const { port } = server?.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${EVENTS_PATH}`;
  return {
    fake,
    bot,
    store,
    answers,
    retriever,
    secret,
    url,
    errors,
    now,
    send: (request, sendOptions) => sendSigned(url, secret, request, sendOptions),
    async close() {
      await bot.stop();
      await fake.stop();
      store.close();
    },
  };
}

/**
 * Polls until the predicate holds; bounded, so a missing reply fails the test instead of hanging it.
 * The bound is generous because CI's two cores also run another test file: this waits, it does not time.
 */
export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Lets in-flight listeners finish before asserting that something did NOT happen. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

export function blockTexts(blocks: unknown[]): string {
  return blocks
    .flatMap((block) => {
      const b = block as { text?: { text?: string }; elements?: Array<{ text?: string | { text?: string } }> };
      const own = b.text?.text ? [b.text.text] : [];
      const inner = (b.elements ?? []).map((e) => (typeof e.text === "string" ? e.text : (e.text?.text ?? "")));
      return [...own, ...inner];
    })
    .join("\n");
}
