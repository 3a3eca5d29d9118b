import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parseCommand } from "../../bot/listeners/commands/parse.ts";
import { deliveryKey } from "../../bot/listeners/middleware/dedupe.ts";
import { plainText, stripBotMention } from "../../bot/slack-text.ts";

test("subcommands are recognised and everything else is a question", () => {
  assert.deepEqual(parseCommand("  "), { kind: "empty" });
  assert.deepEqual(parseCommand("help"), { kind: "help" });
  assert.deepEqual(parseCommand("LIST"), { kind: "list" });
  assert.deepEqual(parseCommand("subscribe  online scams "), { kind: "subscribe", topic: "online scams" });
  assert.deepEqual(parseCommand("unsubscribe 网络犯罪"), { kind: "unsubscribe", topic: "网络犯罪" });
  assert.deepEqual(parseCommand("unsubscribe"), { kind: "missing-topic", subcommand: "unsubscribe" });
  assert.deepEqual(parseCommand("A/C.3/74/L.2 OP 11"), { kind: "ask", question: "A/C.3/74/L.2 OP 11" });
  assert.deepEqual(parseCommand("help with trafficking victims"), { kind: "ask", question: "help with trafficking victims" });
});

test("a typo of a subcommand is caught, but ordinary words near a short subcommand stay questions", () => {
  assert.deepEqual(parseCommand("subscibe scams"), { kind: "unknown", word: "subscibe", suggestion: "subscribe" });
  assert.deepEqual(parseCommand("unsubscrbe scams"), { kind: "unknown", word: "unsubscrbe", suggestion: "unsubscribe" });
  assert.deepEqual(parseCommand("lists"), { kind: "unknown", word: "lists", suggestion: "list" });
  assert.deepEqual(parseCommand("last resolution on scams"), { kind: "ask", question: "last resolution on scams" });
});

test("a question over 2,000 characters is refused before any search", () => {
  assert.deepEqual(parseCommand("a".repeat(2001)), { kind: "too-long", length: 2001 });
  assert.equal(parseCommand("a".repeat(2000)).kind, "ask");
});

test("Slack's escaping, mention, channel and link tokens become the text the person typed", () => {
  assert.equal(plainText(stripBotMention("<@UBOT> scams &amp; fraud &lt;online&gt;", "UBOT")), "scams & fraud <online>");
  assert.equal(plainText("<@UBOT|mandate-desk> see <#C1|general> and <https://undocs.org/A/RES/70/1|70/1>"), "mandate-desk see general and 70/1 (https://undocs.org/A/RES/70/1)");
  assert.equal(stripBotMention("<@UOTHER> hi", "UBOT"), "<@UOTHER> hi");
});

test("deliveries are keyed by event_id for events and trigger_id for commands and actions", () => {
  assert.equal(deliveryKey({ event_id: "Ev1", type: "event_callback" }), "event:Ev1");
  assert.equal(deliveryKey({ trigger_id: "t.1", command: "/mandates" }), "trigger:t.1");
  assert.equal(deliveryKey({ type: "url_verification" }), null);
});

test("the manifest declares the command, scopes and events the listeners rely on", () => {
  const manifest = readFileSync(path.resolve(import.meta.dirname, "../../slack/manifest.yml"), "utf8");
  for (const needed of ["command: /mandates", "- commands", "- chat:write", "- app_mentions:read", "- channels:history", "- groups:history", "- im:history", "- im:write", "- app_mention", "- message.channels", "- message.groups", "- message.im", "is_enabled: true"]) {
    assert.ok(manifest.includes(needed), needed);
  }
});
