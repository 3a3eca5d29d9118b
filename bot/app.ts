/**
 * Builds the Bolt app from injected parts: HTTP (POST /slack/events on PORT, signatures verified by
 * Bolt's HTTPReceiver) or Socket Mode when SLACK_APP_TOKEN is set, with the Web API base URL from
 * SLACK_API_URL so tests and the sandbox can stand in for Slack on loopback.
 */
import type { Server } from "node:http";
import { App, HTTPReceiver, LogLevel, type Logger, type Receiver, SocketModeReceiver, webApi } from "@slack/bolt";
import type { Config } from "../config.ts";
import { ErrorCode, MandateDeskError } from "../retrieval/errors.ts";
import type { AnswerService, Retriever } from "../retrieval/types.ts";
import type { BotDeps } from "./deps.ts";
import { registerListeners } from "./listeners/index.ts";
import type { BotStore } from "./store.ts";

export const EVENTS_PATH = "/slack/events";

export interface CreateAppOptions {
  config: Config;
  answers: AnswerService;
  retriever: Retriever;
  store: BotStore;
  clock?: () => Date;
  logger?: Logger;
  /** Merged into both Web API clients, e.g. a short retryConfig in tests. Never disables 429 handling. */
  clientOptions?: Omit<webApi.WebClientOptions, "slackApiUrl" | "rejectRateLimitedCalls">;
}

export interface MandateDeskApp {
  app: App;
  deps: BotDeps;
  /** Starts listening (HTTP: on `port`, default PORT; 0 picks a free port) or connects (Socket Mode). */
  start(port?: number): Promise<Server | undefined>;
  stop(): Promise<void>;
}

const LOG_LEVELS: Record<Config["LOG_LEVEL"], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Bolt-compatible logger on the console, at LOG_LEVEL. */
export function createConsoleLogger(levelName: Config["LOG_LEVEL"]): Logger {
  let current = LOG_LEVELS[levelName];
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const on = (at: LogLevel) => order.indexOf(at) >= order.indexOf(current);
  return {
    debug: (...msg) => on(LogLevel.DEBUG) && console.debug("[debug]", ...msg),
    info: (...msg) => on(LogLevel.INFO) && console.info("[info]", ...msg),
    warn: (...msg) => on(LogLevel.WARN) && console.warn("[warn]", ...msg),
    error: (...msg) => on(LogLevel.ERROR) && console.error("[error]", ...msg),
    setLevel: (next) => {
      current = next;
    },
    getLevel: () => current,
    setName: () => undefined,
  };
}

function webClientOptions(config: Config, logger: Logger, extra: CreateAppOptions["clientOptions"]): webApi.WebClientOptions {
  return { ...extra, ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}), logger };
}

/**
 * The digest's own Web API client. Separate from the app's so a 429 (which pauses the whole client's
 * queue for Retry-After) during a digest burst never delays interactive answers.
 */
export function createDigestClient(config: Config, logger: Logger, extra?: CreateAppOptions["clientOptions"]): webApi.WebClient {
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, webClientOptions(config, logger, extra));
}

export function createApp(options: CreateAppOptions): MandateDeskApp {
  const { config } = options;
  if (config.mode === "sandbox" || !config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) {
    throw new MandateDeskError(
      ErrorCode.ConfigInvalid,
      "The Slack app needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (without them `npm start` runs the local sandbox instead).",
    );
  }
  const logger = options.logger ?? createConsoleLogger(config.LOG_LEVEL);
  const clientOptions = webClientOptions(config, logger, options.clientOptions);

  let receiver: Receiver;
  if (config.mode === "socket" && config.SLACK_APP_TOKEN) {
    receiver = new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN, logger });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      endpoints: EVENTS_PATH,
      port: config.PORT,
      logger,
      // Listeners ack first; a request that is never acked is answered with an error, not left hanging.
      unhandledRequestTimeoutMillis: 3001,
    });
  }

  // Deferred so start() awaits auth.test: a bad token fails start-up instead of the first request.
  const app = new App({ token: config.SLACK_BOT_TOKEN, receiver, logger, clientOptions, deferInitialization: true });
  const deps: BotDeps = {
    config,
    answers: options.answers,
    retriever: options.retriever,
    store: options.store,
    logger,
    clock: options.clock ?? (() => new Date()),
    digestClient: createDigestClient(config, logger, options.clientOptions),
  };
  registerListeners(app, deps);
  app.error(async (error) => {
    logger.error("unhandled error in a listener:", error);
  });

  return {
    app,
    deps,
    async start(port = config.PORT) {
      try {
        await app.init();
      } catch (error) {
        throw new MandateDeskError(
          ErrorCode.ConfigInvalid,
          `Slack did not accept SLACK_BOT_TOKEN (auth.test failed: ${error instanceof Error ? error.message : String(error)}). Check SLACK_BOT_TOKEN and SLACK_API_URL.`,
          {},
          { cause: error },
        );
      }
      if (config.mode === "socket") {
        await app.start();
        return undefined;
      }
      return (await app.start(port)) as Server;
    },
    async stop() {
      await app.stop();
    },
  };
}
