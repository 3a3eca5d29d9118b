/**
 * The bot's memory in one SQLite file under DATA_DIR: what it already handled (so a redelivered
 * event never answers twice), which threads it answered and their questions (follow-ups), digest
 * subscriptions and deliveries (each mandate reaches a channel once), and answers offered for sharing.
 * Every multi-row write is a transaction, so a crash or bad input leaves the previous state intact.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { ComposedAnswer } from "../retrieval/types.ts";

export interface Subscription {
  channel: string;
  topic: string;
  createdAt: string;
}

export interface BotStore {
  /** Records a delivery id (event_id, trigger_id); false when it was already handled. */
  claim(key: string): boolean;
  /** Forgets handled ids older than the cut-off; Slack stops retrying after minutes. */
  pruneClaims(olderThan: Date): number;
  /** False when the channel was already subscribed to the topic. */
  subscribe(channel: string, topic: string): boolean;
  /** False when there was no such subscription. */
  unsubscribe(channel: string, topic: string): boolean;
  subscriptions(channel?: string): Subscription[];
  /** Marks the thread as answered by the bot and appends the question to its history. */
  recordQuestion(channel: string, threadTs: string, question: string): void;
  isBotThread(channel: string, threadTs: string): boolean;
  /** Earlier questions of the thread, oldest first. */
  threadHistory(channel: string, threadTs: string, limit?: number): string[];
  /** Keeps an answer so "Share in channel" posts exactly what the user saw; returns its id. */
  saveAnswer(answer: ComposedAnswer): string;
  loadAnswer(id: string): ComposedAnswer | null;
  wasDelivered(channel: string, paragraphId: string): boolean;
  recordDeliveries(channel: string, paragraphIds: string[]): void;
  deliveries(channel?: string): Array<{ channel: string; paragraphId: string; sentAt: string }>;
  close(): void;
}

export interface StoreOptions {
  /** Injectable clock so tests and the digest agree on "now". */
  clock?: () => Date;
}

const MIGRATIONS: string[] = [
  `CREATE TABLE claims (key TEXT PRIMARY KEY, claimed_at TEXT NOT NULL);
   CREATE TABLE subscriptions (
     channel TEXT NOT NULL, topic TEXT NOT NULL, topic_key TEXT NOT NULL, created_at TEXT NOT NULL,
     PRIMARY KEY (channel, topic_key));
   CREATE TABLE threads (channel TEXT NOT NULL, thread_ts TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (channel, thread_ts));
   CREATE TABLE thread_questions (
     id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, thread_ts TEXT NOT NULL, question TEXT NOT NULL, asked_at TEXT NOT NULL,
     FOREIGN KEY (channel, thread_ts) REFERENCES threads (channel, thread_ts));
   CREATE INDEX thread_questions_thread ON thread_questions (channel, thread_ts, id);
   CREATE TABLE answers (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE deliveries (channel TEXT NOT NULL, paragraph_id TEXT NOT NULL, sent_at TEXT NOT NULL, PRIMARY KEY (channel, paragraph_id));`,
];

/** "Online Scams " and "online  scams" are the same subscription. */
export function topicKey(topic: string): string {
  return topic.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? "");
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** Opens (creating when needed) `bot.sqlite` under dataDir, or an in-memory store for ":memory:". */
export function openStore(dataDir: string, options: StoreOptions = {}): BotStore {
  const clock = options.clock ?? (() => new Date());
  let file = ":memory:";
  if (dataDir !== ":memory:") {
    mkdirSync(dataDir, { recursive: true });
    file = path.join(dataDir, "bot.sqlite");
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);

  const now = () => clock().toISOString();
  const statements = {
    claim: db.prepare("INSERT OR IGNORE INTO claims (key, claimed_at) VALUES (?, ?)"),
    prune: db.prepare("DELETE FROM claims WHERE claimed_at < ?"),
    subscribe: db.prepare("INSERT OR IGNORE INTO subscriptions (channel, topic, topic_key, created_at) VALUES (?, ?, ?, ?)"),
    unsubscribe: db.prepare("DELETE FROM subscriptions WHERE channel = ? AND topic_key = ?"),
    subscriptionsAll: db.prepare("SELECT channel, topic, created_at AS createdAt FROM subscriptions ORDER BY channel, created_at, topic"),
    subscriptionsOf: db.prepare("SELECT channel, topic, created_at AS createdAt FROM subscriptions WHERE channel = ? ORDER BY created_at, topic"),
    thread: db.prepare("INSERT OR IGNORE INTO threads (channel, thread_ts, created_at) VALUES (?, ?, ?)"),
    question: db.prepare("INSERT INTO thread_questions (channel, thread_ts, question, asked_at) VALUES (?, ?, ?, ?)"),
    isThread: db.prepare("SELECT 1 FROM threads WHERE channel = ? AND thread_ts = ?"),
    history: db.prepare("SELECT question FROM thread_questions WHERE channel = ? AND thread_ts = ? ORDER BY id DESC LIMIT ?"),
    saveAnswer: db.prepare("INSERT INTO answers (id, body, created_at) VALUES (?, ?, ?)"),
    loadAnswer: db.prepare("SELECT body FROM answers WHERE id = ?"),
    delivered: db.prepare("SELECT 1 FROM deliveries WHERE channel = ? AND paragraph_id = ?"),
    deliver: db.prepare("INSERT OR IGNORE INTO deliveries (channel, paragraph_id, sent_at) VALUES (?, ?, ?)"),
    deliveriesAll: db.prepare("SELECT channel, paragraph_id AS paragraphId, sent_at AS sentAt FROM deliveries ORDER BY sent_at, channel, paragraph_id"),
    deliveriesOf: db.prepare("SELECT channel, paragraph_id AS paragraphId, sent_at AS sentAt FROM deliveries WHERE channel = ? ORDER BY sent_at, paragraph_id"),
  };

  const recordQuestion = db.transaction((channel: string, threadTs: string, question: string) => {
    const at = now();
    statements.thread.run(channel, threadTs, at);
    statements.question.run(channel, threadTs, question, at);
  });
  const recordDeliveries = db.transaction((channel: string, ids: string[]) => {
    const at = now();
    for (const id of ids) statements.deliver.run(channel, id, at);
  });

  return {
    claim: (key) => statements.claim.run(key, now()).changes === 1,
    pruneClaims: (olderThan) => statements.prune.run(olderThan.toISOString()).changes,
    subscribe(channel, topic) {
      const clean = topic.trim().replace(/\s+/g, " ");
      return statements.subscribe.run(channel, clean, topicKey(clean), now()).changes === 1;
    },
    unsubscribe: (channel, topic) => statements.unsubscribe.run(channel, topicKey(topic)).changes === 1,
    subscriptions: (channel) =>
      (channel === undefined ? statements.subscriptionsAll.all() : statements.subscriptionsOf.all(channel)) as Subscription[],
    recordQuestion: (channel, threadTs, question) => recordQuestion(channel, threadTs, question),
    isBotThread: (channel, threadTs) => statements.isThread.get(channel, threadTs) !== undefined,
    threadHistory: (channel, threadTs, limit = 10) =>
      (statements.history.all(channel, threadTs, limit) as Array<{ question: string }>).map((row) => row.question).reverse(),
    saveAnswer(answer) {
      const id = crypto.randomUUID();
      statements.saveAnswer.run(id, JSON.stringify(answer), now());
      return id;
    },
    loadAnswer(id) {
      const row = statements.loadAnswer.get(id) as { body: string } | undefined;
      return row ? (JSON.parse(row.body) as ComposedAnswer) : null;
    },
    wasDelivered: (channel, paragraphId) => statements.delivered.get(channel, paragraphId) !== undefined,
    recordDeliveries: (channel, ids) => recordDeliveries(channel, ids),
    deliveries: (channel) =>
      (channel === undefined ? statements.deliveriesAll.all() : statements.deliveriesOf.all(channel)) as Array<{
        channel: string;
        paragraphId: string;
        sentAt: string;
      }>,
    close: () => db.close(),
  };
}
