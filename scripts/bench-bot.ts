/**
 * `npm run bench:bot`: the bot end to end on loopback, without a model: the real Bolt app, signed
 * requests, the fake Slack Web API, and the real retrieval stack (corpus, hnswlib index, BM25,
 * extractive answers) built from seeds/ in a temporary DATA_DIR, or opened from `--data-dir`.
 * Reports ack latency (Slack's 3-second budget) and time-to-answer, p50/p95, for slash commands and
 * mentions sent with fixed concurrency.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Command } from "commander";
import { EVENTS_PATH, createApp } from "../bot/app.ts";
import { type FakeMessage, FakeSlack } from "../bot/sandbox/fake-slack.ts";
import { eventCallback, sendSigned, slashCommand } from "../bot/sandbox/slack-requests.ts";
import { openStore } from "../bot/store.ts";
import { loadConfig } from "../config.ts";
import { describeError } from "../retrieval/errors.ts";
import { openAnswerStack } from "../retrieval/service.ts";

const SEEDS = path.resolve(import.meta.dirname, "../seeds");

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(name: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${name.padEnd(16)} n=${String(sorted.length).padStart(3)}  p50 ${percentile(sorted, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(sorted, 95).toFixed(1).padStart(7)} ms  max ${(sorted.at(-1) ?? Number.NaN).toFixed(1).padStart(7)} ms`;
}

async function main(): Promise<void> {
  const options = new Command()
    .name("bench:bot")
    .option("--requests <n>", "signed requests to send", "200")
    .option("--concurrency <n>", "requests in flight", "10")
    .option("--data-dir <dir>", "an ingested and indexed DATA_DIR to use instead of a fresh one built from seeds/")
    .parse()
    .opts<{ requests: string; concurrency: string; dataDir?: string }>();
  const total = Number(options.requests);
  const concurrency = Number(options.concurrency);

  // A fresh directory keeps the numbers independent of whatever ./data holds and never writes to it.
  const scratch = options.dataDir ? null : mkdtempSync(path.join(tmpdir(), "md-bench-bot-"));
  try {
    const fake = await new FakeSlack().start();
    const secret = "bench-signing-secret";
    const store = openStore(":memory:");
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: fake.apiUrl,
      LOG_LEVEL: "error",
      DATA_DIR: options.dataDir ?? scratch ?? undefined,
      SEEDS_DIR: SEEDS,
    });
    const opening = performance.now();
    const stack = await openAnswerStack(config, { rebuild: options.dataDir ? "never" : "auto" });
    const openMs = performance.now() - opening;
    const bot = createApp({ config, answers: stack.answers, retriever: stack.retriever, store });
    const server = await bot.start(0);
    const url = `http://127.0.0.1:${(server?.address() as AddressInfo).port}${EVENTS_PATH}`;

    const waiting = new Map<string, () => void>();
    fake.on("change", (message: FakeMessage) => {
      const key = message.responseId ?? (message.threadTs ? `thread:${message.threadTs}` : "");
      waiting.get(key)?.();
    });
    const answered = (key: string) => new Promise<void>((resolve) => waiting.set(key, resolve));

    const ack = { command: [] as number[], mention: [] as number[] };
    const answer = { command: [] as number[], mention: [] as number[] };
    const questions = ["online scams and trafficking", "网上诈骗", "trafficking", "UNODC technical assistance", "E/CN.15/2024/L.2 OP 9(a)", "A/C.3/74/L.2 OP 11"];
    let failures = 0;

    async function one(i: number): Promise<void> {
      const question = questions[i % questions.length] ?? "trafficking";
      const kind = i % 2 === 0 ? "command" : "mention";
      let done: Promise<void>;
      const start = performance.now();
      let response: Response;
      if (kind === "command") {
        const responseUrl = fake.createResponseUrl("CBENCH", "UBENCH");
        done = answered(responseUrl.slice(responseUrl.lastIndexOf("/") + 1));
        response = await sendSigned(url, secret, slashCommand({ text: question, channel: "CBENCH", user: "UBENCH", responseUrl }));
      } else {
        const message = fake.addUserMessage("CBENCH", "UBENCH", `@Mandate Desk ${question}`);
        done = answered(`thread:${message.ts}`);
        response = await sendSigned(url, secret, eventCallback({ type: "app_mention", channel: "CBENCH", user: "UBENCH", text: message.text, ts: message.ts }));
      }
      ack[kind].push(performance.now() - start);
      if (response.status !== 200) failures += 1;
      await done;
      answer[kind].push(performance.now() - start);
    }

    const began = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) await one(next++);
      }),
    );
    const seconds = (performance.now() - began) / 1000;

    console.log(
      `bench:bot — ${total} signed requests, ${concurrency} concurrent, loopback, real retrieval over ${stack.corpus.documents.length} documents (${stack.embedderId}, no LLM); stack opened in ${openMs.toFixed(0)} ms`,
    );
    console.log(summary("ack /mandates", ack.command));
    console.log(summary("ack mention", ack.mention));
    console.log(summary("answer /mandates", answer.command));
    console.log(summary("answer mention", answer.mention));
    console.log(`throughput ${(total / seconds).toFixed(1)} requests/s; non-200 acks: ${failures}`);

    await bot.stop();
    await fake.stop();
    await stack.close();
    store.close();
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:bot: ${describeError(error)}`);
  process.exit(1);
});
