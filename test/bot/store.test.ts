import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { openStore } from "../../bot/store.ts";
import type { ComposedAnswer } from "../../retrieval/types.ts";

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "mandate-store-"));
}

test("a delivery id is claimed once, and old claims can be pruned", () => {
  let now = new Date("2025-01-01T00:00:00Z");
  const store = openStore(":memory:", { clock: () => now });
  assert.equal(store.claim("event:Ev1"), true);
  assert.equal(store.claim("event:Ev1"), false);
  now = new Date("2025-01-03T00:00:00Z");
  assert.equal(store.pruneClaims(new Date("2025-01-02T00:00:00Z")), 1);
  assert.equal(store.claim("event:Ev1"), true);
  store.close();
});

test("subscriptions ignore case and spacing and can be removed", () => {
  const store = openStore(":memory:");
  assert.equal(store.subscribe("C1", " Online  Scams "), true);
  assert.equal(store.subscribe("C1", "online scams"), false);
  assert.equal(store.subscribe("C2", "trafficking"), true);
  assert.deepEqual(store.subscriptions("C1").map((s) => s.topic), ["Online Scams"]);
  assert.equal(store.subscriptions().length, 2);
  assert.equal(store.unsubscribe("C1", "ONLINE SCAMS"), true);
  assert.equal(store.unsubscribe("C1", "online scams"), false);
  store.close();
});

test("a thread keeps its questions in order and is known as the bot's", () => {
  const store = openStore(":memory:");
  assert.equal(store.isBotThread("C1", "1.1"), false);
  store.recordQuestion("C1", "1.1", "what about scams?");
  store.recordQuestion("C1", "1.1", "and children?");
  assert.equal(store.isBotThread("C1", "1.1"), true);
  assert.deepEqual(store.threadHistory("C1", "1.1"), ["what about scams?", "and children?"]);
  assert.deepEqual(store.threadHistory("C1", "1.1", 1), ["and children?"]);
  store.close();
});

test("deliveries are recorded once per channel and paragraph", () => {
  const store = openStore(":memory:", { clock: () => new Date("2025-02-03T08:00:00Z") });
  store.recordDeliveries("C1", ["p1", "p2", "p1"]);
  assert.equal(store.wasDelivered("C1", "p1"), true);
  assert.equal(store.wasDelivered("C2", "p1"), false);
  assert.deepEqual(store.deliveries("C1"), [
    { channel: "C1", paragraphId: "p1", sentAt: "2025-02-03T08:00:00.000Z" },
    { channel: "C1", paragraphId: "p2", sentAt: "2025-02-03T08:00:00.000Z" },
  ]);
  store.close();
});

test("an answer saved for sharing comes back identical", () => {
  const store = openStore(":memory:");
  const answer: ComposedAnswer = { question: "q", searched: "q", language: "en", summary: null, mode: "extractive", fallbackReason: null, hits: [], notices: ["n"] };
  const id = store.saveAnswer(answer);
  assert.deepEqual(store.loadAnswer(id), answer);
  assert.equal(store.loadAnswer("missing"), null);
  store.close();
});

test("reopening the database keeps the data and re-running migrations changes nothing", () => {
  const dir = tempDir();
  try {
    const first = openStore(dir);
    first.subscribe("C1", "scams");
    first.close();
    const second = openStore(dir);
    assert.deepEqual(second.subscriptions().map((s) => s.topic), ["scams"]);
    second.close();
    const db = new Database(path.join(dir, "bot.sqlite"));
    assert.equal(db.pragma("user_version", { simple: true }), 1);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a failing write inside a batch of deliveries leaves none of them recorded", () => {
  const dir = tempDir();
  try {
    const store = openStore(dir);
    const db = new Database(path.join(dir, "bot.sqlite"));
    // A trigger stands in for a disk or constraint failure in the middle of the batch.
    db.exec("CREATE TRIGGER boom BEFORE INSERT ON deliveries WHEN NEW.paragraph_id = 'bad' BEGIN SELECT RAISE(ABORT, 'boom'); END;");
    db.close();
    assert.throws(() => store.recordDeliveries("C1", ["p1", "bad", "p2"]), /boom/);
    assert.deepEqual(store.deliveries(), []);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
