/** What every listener and the digest receive: injected, so tests and the sandbox swap the edges. */
import type { Logger, webApi } from "@slack/bolt";
import type { Config } from "../config.ts";
import type { AnswerService, Retriever } from "../retrieval/types.ts";
import type { BotStore } from "./store.ts";

export interface BotDeps {
  config: Config;
  answers: AnswerService;
  retriever: Retriever;
  store: BotStore;
  logger: Logger;
  clock: () => Date;
  /** A client of its own, so a rate-limited digest burst never pauses interactive replies. */
  digestClient: webApi.WebClient;
}
