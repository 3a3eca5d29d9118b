/**
 * `npm run bench:bot`: the bot layer alone on loopback (no LLM, no real index): the real Bolt app,
 * signed requests, the fake Slack Web API. Reports ack latency (Slack's 3-second budget) and
 * time-to-answer, p50/p95, for slash commands and mentions sent with fixed concurrency.
 */
import { performance } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import { Command } from "commander";
import { EVENTS_PATH, createApp } from "../bot/app.ts";
import { type FakeMessage, FakeSlack } from "../bot/sandbox/fake-slack.ts";
import { eventCallback, sendSigned, slashCommand } from "../bot/sandbox/slack-requests.ts";
import { openStore } from "../bot/store.ts";
import { loadConfig } from "../config.ts";
import { describeError } from "../retrieval/errors.ts";
// The seed stand-in keeps the benchmark about the bot; swap in openAnswerStack for end-to-end numbers.
import { createSeedAnswers, createSeedRetriever } from "../test/bot/helpers/seed-answers.ts";

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
    .parse()
    .opts<{ requests: string; concurrency: string }>();
  const total = Number(options.requests);
  const concurrency = Number(options.concurrency);

  const fake = await new FakeSlack().start();
  const secret = "bench-signing-secret";
  const store = openStore(":memory:");
  const retriever = createSeedRetriever();
  const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-bench", SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: "error" });
  const bot = createApp({ config, answers: createSeedAnswers(retriever), retriever, store });
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
  const questions = ["网上诈骗", "trafficking", "UNODC technical assistance", "E/CN.15/2024/L.2 OP 9(a)"];
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

  console.log(`bench:bot — ${total} signed requests, ${concurrency} concurrent, loopback, seed answer service (no LLM)`);
  console.log(summary("ack /mandates", ack.command));
  console.log(summary("ack mention", ack.mention));
  console.log(summary("answer /mandates", answer.command));
  console.log(summary("answer mention", answer.mention));
  console.log(`throughput ${(total / seconds).toFixed(1)} requests/s; non-200 acks: ${failures}`);

  await bot.stop();
  await fake.stop();
  store.close();
}

main().catch((error: unknown) => {
  console.error(`bench:bot: ${describeError(error)}`);
  process.exit(1);
});
