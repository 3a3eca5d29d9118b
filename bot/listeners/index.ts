/** Wires every listener kind onto the app; each kind lives in its own folder with a `register`. */
import type { App } from "@slack/bolt";
import type { BotDeps } from "../deps.ts";
import * as actions from "./actions/index.ts";
import * as commands from "./commands/index.ts";
import * as events from "./events/index.ts";
import * as middleware from "./middleware/index.ts";

export function registerListeners(app: App, deps: BotDeps): void {
  middleware.register(app, deps);
  commands.register(app, deps);
  events.register(app, deps);
  actions.register(app, deps);
}
