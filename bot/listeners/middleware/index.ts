import type { App } from "@slack/bolt";
import type { BotDeps } from "../../deps.ts";
import { dedupe } from "./dedupe.ts";

export function register(app: App, deps: BotDeps): void {
  app.use(dedupe(deps));
}
