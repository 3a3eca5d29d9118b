/**
 * Slack redelivers an event it thinks was not acknowledged (X-Slack-Retry-Num) and Bolt does not
 * deduplicate, so every delivery is claimed in SQLite by its event_id or trigger_id before any
 * listener runs: a second delivery is acknowledged and dropped, never answered twice.
 */
import type { AnyMiddlewareArgs, AllMiddlewareArgs, Middleware } from "@slack/bolt";
import type { BotDeps } from "../../deps.ts";

export function deliveryKey(body: unknown): string | null {
  const b = body as { event_id?: unknown; trigger_id?: unknown };
  if (typeof b.event_id === "string") return `event:${b.event_id}`;
  if (typeof b.trigger_id === "string") return `trigger:${b.trigger_id}`;
  return null;
}

export function dedupe(deps: BotDeps): Middleware<AnyMiddlewareArgs> {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const key = deliveryKey(args.body);
    if (key !== null && !deps.store.claim(key)) {
      deps.logger.info(`dropping duplicate delivery ${key} (retry ${args.context.retryNum ?? 0})`);
      if ("ack" in args && typeof args.ack === "function") await args.ack();
      return;
    }
    await args.next();
  };
}
