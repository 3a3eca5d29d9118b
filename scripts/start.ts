/**
 * `npm start`: the bot in Slack (HTTP or Socket Mode) when Slack credentials are set, otherwise the
 * local sandbox page. Also runs the digest schedule. SIGTERM/SIGINT stop listening, finish the
 * schedule and close the index and the database before exiting.
 */
import type { webApi } from "@slack/bolt";
import dotenv from "dotenv";
import { createApp, createConsoleLogger } from "../bot/app.ts";
import { runDigest } from "../bot/digest/run.ts";
import { scheduleDigest } from "../bot/digest/schedule.ts";
import { startSandbox } from "../bot/sandbox/server.ts";
import { openStore } from "../bot/store.ts";
import { loadConfig } from "../config.ts";
import { describeError } from "../retrieval/errors.ts";
import { openAnswerStack } from "../retrieval/service.ts";

const CLAIM_TTL_MS = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  const logger = createConsoleLogger(config.LOG_LEVEL);
  const stack = await openAnswerStack(config, { log: (line) => logger.info(line) });
  const store = openStore(config.DATA_DIR);
  const parts = { config, answers: stack.answers, retriever: stack.retriever, store, logger, summarizeDigest: stack.summarizeDigest };

  let stopServing: () => Promise<void>;
  let digestClient: webApi.WebClient;
  if (config.mode === "sandbox") {
    const sandbox = await startSandbox(parts);
    digestClient = sandbox.bot.deps.digestClient;
    stopServing = () => sandbox.stop();
    logger.info(`Mandate Desk sandbox (no Slack tokens set): open ${sandbox.url.replace("127.0.0.1", "localhost")}`);
  } else {
    const bot = createApp(parts);
    await bot.start();
    digestClient = bot.deps.digestClient;
    stopServing = () => bot.stop();
    logger.info(config.mode === "socket" ? "Mandate Desk connected to Slack (Socket Mode)" : `Mandate Desk listening on port ${config.PORT} (POST /slack/events)`);
  }

  const schedule = scheduleDigest(
    config.DIGEST_CRON,
    config.DIGEST_TZ,
    () => runDigest({ retriever: stack.retriever, store, client: digestClient, logger, summarize: stack.summarizeDigest }),
    logger,
  );
  logger.info(`digest schedule “${config.DIGEST_CRON}” (${config.DIGEST_TZ}); next run ${schedule.nextRun()?.toISOString() ?? "never"}`);
  const pruner = setInterval(() => store.pruneClaims(new Date(Date.now() - CLAIM_TTL_MS)), 60 * 60 * 1000);
  pruner.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: stopping`);
    clearInterval(pruner);
    schedule.stop();
    try {
      await stopServing();
      await stack.close();
      store.close();
      process.exit(0);
    } catch (error) {
      logger.error(`error while stopping: ${describeError(error)}`);
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(`mandate-desk: ${describeError(error)}`);
  process.exit(1);
});
