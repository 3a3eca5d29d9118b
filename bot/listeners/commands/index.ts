import type { App } from "@slack/bolt";
import type { BotDeps } from "../../deps.ts";
import { MANDATES_COMMAND, mandatesCommand } from "./mandates-command.ts";

export function register(app: App, deps: BotDeps): void {
  app.command(MANDATES_COMMAND, mandatesCommand(deps));
}
