/**
 * `npm run digest -- --now [--channel C…] [--dry-run]`: one digest pass with the same configuration
 * as `npm start` (same DATA_DIR subscriptions and deliveries, same Slack credentials).
 */
import { Command } from "commander";
import dotenv from "dotenv";
import { createConsoleLogger, createDigestClient } from "../bot/app.ts";
import { runDigest } from "../bot/digest/run.ts";
import { openStore } from "../bot/store.ts";
import { loadConfig } from "../config.ts";
import { ErrorCode, MandateDeskError, describeError } from "../retrieval/errors.ts";
import { openAnswerStack } from "../retrieval/service.ts";

interface Options {
  now?: boolean;
  channel?: string;
  dryRun?: boolean;
  perTopic: string;
}

async function main(): Promise<void> {
  const program = new Command()
    .name("digest")
    .description("Post new mandates to every subscribed channel (or one), each mandate once per channel.")
    .option("--now", "run the digest now (required: the schedule itself runs inside `npm start`)")
    .option("--channel <id>", "only this channel id, e.g. C0123456789")
    .option("--dry-run", "print what would be sent, post and record nothing")
    .option("--per-topic <n>", "at most this many mandates per topic", "5")
    .parse();
  const options = program.opts<Options>();
  const perTopic = Number(options.perTopic);
  if (!Number.isInteger(perTopic) || perTopic < 1 || perTopic > 20) {
    throw new MandateDeskError(ErrorCode.BadQuery, "--per-topic must be a whole number from 1 to 20.");
  }
  if (!options.now) {
    program.outputHelp();
    process.exitCode = 2;
    return;
  }
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  if (config.mode === "sandbox" && !options.dryRun) {
    throw new MandateDeskError(
      ErrorCode.ConfigInvalid,
      "Posting a digest needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET. Use --dry-run, or the sandbox page's “Run digest now” button.",
    );
  }
  const logger = createConsoleLogger(config.LOG_LEVEL);
  const stack = await openAnswerStack(config, { log: (line) => logger.info(line) });
  const store = openStore(config.DATA_DIR);
  try {
    const report = await runDigest(
      { retriever: stack.retriever, store, client: createDigestClient(config, logger), logger, summarize: stack.summarizeDigest },
      { channel: options.channel, perTopic, dryRun: options.dryRun },
    );
    console.log(JSON.stringify(report, null, 2));
    if (report.failures.length > 0) process.exitCode = 1;
  } finally {
    store.close();
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(`digest: ${describeError(error)}`);
  process.exit(1);
});
