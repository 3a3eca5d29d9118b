import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { runDigest, toDigestItem } from "../../bot/digest/run.ts";
import { scheduleDigest } from "../../bot/digest/schedule.ts";
import { slashCommand } from "../../bot/sandbox/slack-requests.ts";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { MandateDeskError } from "../../retrieval/errors.ts";
import { composeSummary } from "../../retrieval/llm/compose.ts";
import type { DigestSummarizer } from "../../retrieval/types.ts";
import { type Harness, blockTexts, quietLogger, startHarness, waitFor } from "./helpers/harness.ts";
import { L2, type RealStack, openRealStack } from "./helpers/real-stack.ts";

const USER = "UALICE";

let stack: RealStack;
before(async () => {
  stack = await openRealStack();
});
after(async () => {
  await stack.close();
});

describe("the digest", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness(stack);
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
    // What the digest must carry is what the real retriever ranks first among mandates on the topic.
    const candidates = (await h.retriever.search("trafficking", { top: 20, filters: { mandatesOnly: true } })).hits
      .map((hit) => toDigestItem(hit))
      .filter((item) => item !== null)
      .slice(0, 5);
    assert.equal(candidates.length, 5);
    await subscribe("CDIGEST", "trafficking");
    const report = await digest();
    assert.deepEqual(report.failures, []);
    const [post] = postsTo("CDIGEST");
    assert.ok(post);
    const text = blockTexts(post.args.blocks as unknown[]);
    assert.match(text, /New mandates: trafficking/);
    for (const { hit, addressees } of candidates) {
      const quote = hit.chapeau ? `>${hit.chapeau}\n>(${hit.paragraph.sub}) ${hit.text}` : `>${hit.text}`;
      assert.ok(text.includes(quote), `quote of ${hit.id}`);
      const cite = hit.symbol ? `*<https://undocs.org/${hit.symbol}|${hit.symbol}>* · *${hit.paragraph.label}*` : `*${hit.paragraph.label}*`;
      assert.ok(text.includes(cite), `citation of ${hit.id}`);
      if (addressees.length > 0) assert.ok(text.includes(`*To:* ${addressees.join(", ")}`), `addressees of ${hit.id}`);
    }
    assert.match(text, /\*To:\* UNODC/);
    // Unfiltered, "trafficking" is also answered by preambular paragraphs; the digest must skip them.
    const preambular = (await h.retriever.search("trafficking", { top: 10 })).hits.filter((hit) => hit.paragraph.kind === "preambular");
    assert.ok(preambular.length > 0);
    for (const hit of preambular) assert.ok(!text.includes(hit.text), `${hit.id} is preambular`);
    assert.doesNotMatch(text, /\*PP \d/);
    assert.deepEqual(report.posts[0]?.paragraphIds.sort(), candidates.map((c) => c.hit.id).sort());
  });

  test("with a later clock, the same mandates are not sent to the channel again", async () => {
    const first = h.store.deliveries("CDIGEST");
    const sentAt = first.map((d) => d.sentAt);
    h.now.value = new Date("2025-03-04T08:00:00Z");
    // The corpus holds more trafficking mandates than one digest carries: each later run brings only
    // paragraphs never sent before, until the topic's candidates are used up and nothing is posted.
    const sent = new Set(first.map((d) => d.paragraphId));
    let report = await digest();
    let runs = 1;
    while (report.posts.length > 0 && runs < 10) {
      for (const id of report.posts.flatMap((post) => post.paragraphIds)) {
        assert.ok(!sent.has(id), `${id} was sent twice`);
        sent.add(id);
      }
      report = await digest();
      runs += 1;
    }
    assert.deepEqual(report.posts, []);
    assert.ok(runs > 1 && runs < 10, `${runs} runs`);
    assert.equal(postsTo("CDIGEST").length, runs);
    const firstIds = new Set(first.map((d) => d.paragraphId));
    assert.deepEqual(h.store.deliveries("CDIGEST").filter((d) => firstIds.has(d.paragraphId)).map((d) => d.sentAt), sentAt);
    assert.ok(sentAt.every((at) => at === "2025-03-03T08:00:00.000Z"));
  });

  test("two topics matching the same paragraph send it to a channel once", async () => {
    const shared = `${L2}:OP9(b)`;
    for (const topic of ["trafficking", "online trafficking"]) {
      const top = await h.retriever.search(topic, { top: 5, filters: { mandatesOnly: true } });
      assert.ok(top.hits.some((hit) => hit.id === shared), `${shared} is among the top mandates on “${topic}”`);
    }
    await subscribe("CTWO", "trafficking");
    await subscribe("CTWO", "online trafficking");
    await digest({ channel: "CTWO" });
    const ids = h.store.deliveries("CTWO").map((d) => d.paragraphId);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.filter((id) => id === shared).length, 1);
    assert.equal(postsTo("CTWO").length, 2);
  });

  test("a run for one channel leaves the other channels alone", async () => {
    await subscribe("CLATER", "trafficking");
    await digest({ channel: "CNOBODY" });
    assert.equal(postsTo("CLATER").length, 0);
    await digest({ channel: "CLATER" });
    assert.equal(postsTo("CLATER").length, 1);
  });

  /** The answer composer over LangChain's fake chat model: the model is the only stand-in. */
  function summarizer(reply: string): DigestSummarizer {
    return async (topic, hits) =>
      (await composeSummary({ chat: new FakeListChatModel({ responses: [reply] }), prompt: "digest", text: topic, hits, language: "en", timeoutMs: 2000 })).summary;
  }

  test("with a model configured, the digest leads with its validated summary and numbers the quotes it cites", async () => {
    await subscribe("CSUMMARY", "trafficking");
    const report = await runDigest(
      { retriever: h.retriever, store: h.store, client: h.bot.deps.digestClient, logger: quietLogger(h.errors), summarize: summarizer("Member States and UNODC are asked to step up action against trafficking [1][2].") },
      { channel: "CSUMMARY" },
    );
    assert.deepEqual(report.failures, []);
    const text = blockTexts(postsTo("CSUMMARY")[0]!.args.blocks as unknown[]);
    assert.match(text, /^New mandates: trafficking\nMember States and UNODC are asked to step up action against trafficking \[1\]\[2\]\./);
    assert.match(text, /Summary written by a language model/);
    assert.match(text, /\*\[1\]\* /);
  });

  test("a summary citing a quote that is not there is dropped and the digest goes out with the quotes alone", async () => {
    await subscribe("CBADSUMMARY", "trafficking");
    await runDigest(
      { retriever: h.retriever, store: h.store, client: h.bot.deps.digestClient, logger: quietLogger(h.errors), summarize: summarizer("As A/RES/99/999 says, see [9].") },
      { channel: "CBADSUMMARY" },
    );
    const text = blockTexts(postsTo("CBADSUMMARY")[0]!.args.blocks as unknown[]);
    assert.doesNotMatch(text, /A\/RES\/99\/999|Summary written/);
    assert.match(text, /New mandates: trafficking/);
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
  const hit = stack.hit(`${L2}:OP9(a)`);
  assert.equal(hit.chapeau, "请联合国毒品和犯罪问题办公室：");
  assert.deepEqual(toDigestItem(hit), { hit, addressees: ["UNODC"], deadline: null });
  assert.equal(toDigestItem(stack.hit(`${L2}:PP9(g)`)), null);
});

test(
  "a chapeau on its own is not a mandate: its sub-paragraphs are",
  () => {
    const chapeau = stack.hit(`${L2}:OP9`);
    assert.equal(chapeau.text, "请联合国毒品和犯罪问题办公室：");
    assert.equal(toDigestItem(chapeau), null);
  },
);

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
