import type { App } from "@slack/bolt";
import { SHARE_ACTION_ID } from "../../blocks/answer.ts";
import type { BotDeps } from "../../deps.ts";
import { shareInChannel } from "./share-in-channel.ts";

export function register(app: App, deps: BotDeps): void {
  app.action(SHARE_ACTION_ID, shareInChannel(deps));
}
