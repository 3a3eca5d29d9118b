import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { runDigest, toDigestItem } from "../../bot/digest/run.ts";
import { scheduleDigest } from "../../bot/digest/schedule.ts";
import { slashCommand } from "../../bot/sandbox/slack-requests.ts";
import { MandateDeskError } from "../../retrieval/errors.ts";
import { type Harness, blockTexts, quietLogger, startHarness, waitFor } from "./helpers/harness.ts";
import { SYMBOL, seedHit } from "./helpers/seed-answers.ts";

const USER = "UALICE";

describe("the digest", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  async function subscribe(channel: string, topic: string) {
    const responseUrl = h.fake.createResponseUrl(channel, USER);
    await h.send(slashCommand({ text: `subscribe ${topic}`, channel, user: USER, responseUrl }));
    await waitFor(() => h.fake.callsOf("response_url").some((c) => responseUrl.endsWith(`/${c.responseId}`)), "the subscribe reply");
  }

  function digest(options: { channel?: string } = {}) {
    return runDigest({ retriever: h.retriever, store: h.store, client: h.bot.deps.digestClient, logger: quietLogger(h.errors) }, options);
  }

  function postsTo(channel: string) {
    return h.fake.callsOf("chat.postMessage").filter((call) => call.args.channel === channel);
  }

  test("a subscribed channel gets its topic's mandates quoted, with addressee, and never a preambular paragraph", async () => {
    await subscribe("CDIGEST", "trafficking");
    const report = await digest();
    assert.deepEqual(report.failures, []);
    const [post] = postsTo("CDIGEST");
    assert.ok(post);
    const text = blockTexts(post.args.blocks as unknown[]);
    assert.match(text, /New mandates: trafficking/);
    assert.ok(text.includes(`>${seedHit("OP 9(a)").chapeau}\n>(a) ${seedHit("OP 9(a)").text}`));
    assert.ok(text.includes(`*<https://undocs.org/${SYMBOL}|${SYMBOL}>* · *OP 9(a)*`));
    assert.match(text, /\*To:\* UNODC/);
    assert.match(text, /\*To:\* the Secretary-General/);
    assert.match(text, /\*To:\* Member States/);
    assert.ok(!text.includes("PP 16(g)"));
    assert.deepEqual(report.posts[0]?.paragraphIds.sort(), [`${SYMBOL} OP 10`, `${SYMBOL} OP 7(b)`, `${SYMBOL} OP 7(g)`, `${SYMBOL} OP 9(a)`]);
  });

  test("with a later clock, the same mandates are not sent to the channel again", async () => {
    const sentAt = h.store.deliveries("CDIGEST").map((d) => d.sentAt);
    h.now.value = new Date("2025-03-04T08:00:00Z");
    const report = await digest();
    assert.deepEqual(report.posts, []);
    assert.equal(postsTo("CDIGEST").length, 1);
    assert.deepEqual(h.store.deliveries("CDIGEST").map((d) => d.sentAt), sentAt);
    assert.ok(sentAt.every((at) => at === "2025-03-03T08:00:00.000Z"));
  });

  test("two topics matching the same paragraph send it to a channel once", async () => {
    await subscribe("CTWO", "UNODC technical assistance");
    await subscribe("CTWO", "online trafficking");
    await digest({ channel: "CTWO" });
    const ids = h.store.deliveries("CTWO").map((d) => d.paragraphId);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.filter((id) => id === `${SYMBOL} OP 9(a)`).length, 1);
    assert.equal(postsTo("CTWO").length, 2);
  });

  test("a run for one channel leaves the other channels alone", async () => {
    await subscribe("CLATER", "trafficking");
    await digest({ channel: "CNOBODY" });
    assert.equal(postsTo("CLATER").length, 0);
    await digest({ channel: "CLATER" });
    assert.equal(postsTo("CLATER").length, 1);
  });

  test("a rate-limited post waits for Retry-After on the digest's own client and is sent once", async () => {
    assert.notEqual(h.bot.deps.digestClient, h.bot.app.client);
    await subscribe("CLIMITED", "trafficking");
    h.fake.rateLimit("chat.postMessage", 1, 1);
    const report = await digest({ channel: "CLIMITED" });
    assert.deepEqual(report.failures, []);
    assert.equal(postsTo("CLIMITED").length, 2, "one refused with 429, one accepted");
    assert.equal(h.fake.messages.filter((m) => m.channel === "CLIMITED" && m.ephemeralTo === undefined).length, 1);
  });

  test("a channel the bot cannot post in is reported and retried next time, not marked as sent", async () => {
    h.store.subscribe("", "trafficking");
    const report = await digest({ channel: "" });
    assert.equal(report.failures.length, 1);
    assert.match(report.failures[0]?.error ?? "", /can't see this channel/);
    assert.deepEqual(h.store.deliveries(""), []);
  });
});

test("a sub-paragraph is a mandate through its chapeau, and its addressee comes from there", () => {
  assert.deepEqual(toDigestItem(seedHit("OP 9(a)")), { hit: seedHit("OP 9(a)"), addressees: ["UNODC"], deadline: null });
  assert.equal(toDigestItem(seedHit("PP 16(g)")), null);
});

test("the schedule follows DIGEST_CRON in DIGEST_TZ", () => {
  const schedule = scheduleDigest("0 8 * * 1-5", "Europe/Vienna", async () => undefined, quietLogger([]));
  try {
    // Saturday 4 Jan 2025 → Monday 6 Jan, 08:00 in Vienna (UTC+1).
    assert.equal(schedule.nextRun(new Date("2025-01-04T12:00:00Z"))?.toISOString(), "2025-01-06T07:00:00.000Z");
  } finally {
    schedule.stop();
  }
});

test("an invalid DIGEST_CRON is a configuration error", () => {
  assert.throws(() => scheduleDigest("every morning", "UTC", async () => undefined, quietLogger([])), (error: unknown) => {
    return error instanceof MandateDeskError && error.code === "md_config_invalid" && /DIGEST_CRON/.test(error.message);
  });
});
