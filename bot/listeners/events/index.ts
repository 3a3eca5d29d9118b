import type { App } from "@slack/bolt";
import type { BotDeps } from "../../deps.ts";
import { appMention } from "./app-mention.ts";
import { threadMessage } from "./thread-message.ts";

export function register(app: App, deps: BotDeps): void {
  app.event("app_mention", appMention(deps));
  app.event("message", threadMessage(deps));
}
