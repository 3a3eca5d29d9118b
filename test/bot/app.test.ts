import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SHARE_ACTION_ID } from "../../bot/blocks/answer.ts";
import { BOT_USER_ID } from "../../bot/sandbox/fake-slack.ts";
import { buttonClick, eventCallback, slashCommand } from "../../bot/sandbox/slack-requests.ts";
import { type Harness, blockTexts, settle, startHarness, waitFor } from "./helpers/harness.ts";
import { L2, type RealStack, openRealStack } from "./helpers/real-stack.ts";

const USER = "UALICE";
const CHANNEL = "CGENERAL";
// Questions whose real answers were checked with `npm run ask -- --json "<question>"`.
const SCAMS = "online scams and trafficking";
const TRAFFICKING = "trafficking";

let stack: RealStack;
/** The real retriever's best answer, so these tests check the bot, not today's ranking. */
async function topHit(question: string) {
  const [hit] = (await stack.retriever.search(question)).hits;
  assert.ok(hit, `the retriever answers “${question}”`);
  return hit;
}
before(async () => {
  stack = await openRealStack();
});
after(async () => {
  await stack.close();
});

describe("the Slack app over HTTP", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness(stack, { failOn: (question) => question.includes("boom") });
  });
  after(async () => {
    await h.close();
  });

  async function command(text: string, channel = CHANNEL) {
    const responseUrl = h.fake.createResponseUrl(channel, USER);
    const response = await h.send(slashCommand({ text, channel, user: USER, responseUrl }));
    assert.equal(response.status, 200);
    const call = await waitFor(() => h.fake.callsOf("response_url").find((c) => responseUrl.endsWith(`/${c.responseId}`)), `a reply to /mandates ${text}`);
    return { args: call.args, text: blockTexts((call.args.blocks as unknown[]) ?? []) };
  }

  function botReplies(channel: string) {
    return h.fake.callsOf("chat.postMessage").filter((call) => call.args.channel === channel);
  }

  test("a slash command is answered privately with verbatim quotes under their symbol and label", async () => {
    const { args, text } = await command(SCAMS);
    assert.equal(args.response_type, "ephemeral");
    const hit = stack.hit(`${L2}:OP7(b)`);
    assert.ok(text.includes(`>${hit.chapeau}\n>(b) ${hit.text}`), text);
    assert.ok(text.includes(`*<https://undocs.org/${L2}|${L2}>* · *OP 7(b)*`));
    // The best match is preambular: quoted under its own label, with its own chapeau.
    const preamble = stack.hit(`${L2}:PP9(g)`);
    assert.ok(text.includes(`*<https://undocs.org/${L2}|${L2}>* · *PP 9(g)*`));
    assert.ok(text.includes(`>${preamble.chapeau}\n>(g) ${preamble.text}`));
    const actions = (args.blocks as Array<{ type: string; elements?: Array<{ action_id?: string }> }>).find((b) => b.type === "actions");
    assert.equal(actions?.elements?.[0]?.action_id, SHARE_ACTION_ID);
  });

  test("a citation lookup passes the text through and quotes that one paragraph", async () => {
    const { text } = await command(`${L2} OP 9(a)`);
    assert.equal(h.answers.calls.at(-1)?.question, `${L2} OP 9(a)`);
    assert.equal(h.answers.answered.at(-1)?.searched, `${L2} OP 9(a)`);
    assert.equal(h.answers.answered.at(-1)?.lookup?.found, true);
    const hit = stack.hit(`${L2}:OP9(a)`);
    assert.ok(text.includes(`>${hit.chapeau}\n>(a) ${hit.text}`));
    assert.ok(text.includes("*OP 9(a)*"));

    const other = await command("A/C.3/74/L.2 OP 11");
    assert.ok(other.text.includes("*<https://undocs.org/A/C.3/74/L.2|A/C.3/74/L.2>* · *OP 11*"));
    assert.ok(other.text.includes(`>${stack.hit("A/C.3/74/L.2:OP11").text}`));
  });

  test("an unknown paragraph gets the nearest citations", async () => {
    const { text } = await command(`${L2} OP 99`);
    assert.match(text, /I found no paragraph \*E\/CN\.15\/2024\/L\.2 OP 99\*/);
    assert.match(text, /Nearest citations: `E\/CN\.15\/2024\/L\.2 OP 11`/);
    assert.match(text, /has no OP 99 \(it has PP 1–12, OP 1–11\)/);
  });

  test("sharing an answer posts the same quotes to the channel and names who shared it", async () => {
    const { args } = await command(SCAMS);
    const actions = (args.blocks as Array<{ type: string; elements?: Array<{ value?: string }> }>).find((b) => b.type === "actions");
    const value = actions?.elements?.[0]?.value ?? "";
    const sharedBefore = botReplies(CHANNEL).length;
    const responseUrl = h.fake.createResponseUrl(CHANNEL, USER);
    const response = await h.send(buttonClick({ actionId: SHARE_ACTION_ID, value, channel: CHANNEL, user: USER, messageTs: "1.000001", responseUrl }));
    assert.equal(response.status, 200);
    const post = await waitFor(() => botReplies(CHANNEL)[sharedBefore], "the shared answer");
    const text = blockTexts(post.args.blocks as unknown[]);
    assert.ok(text.includes(stack.hit(`${L2}:OP7(b)`).text));
    assert.match(text, new RegExp(`Shared by <@${USER}>`));
    assert.ok(!(post.args.blocks as Array<{ type: string }>).some((b) => b.type === "actions"));
    assert.equal(post.args.thread_ts, undefined);
  });

  test("help, list, empty, oversized and mistyped commands get helpful replies", async () => {
    assert.match((await command("help")).text, /subscribe <topic>/);
    assert.match((await command("")).text, /Ask a question after the command/);
    assert.match((await command("x".repeat(2001))).text, /2,001 characters long; the limit is 2,000/);
    assert.match((await command("subscibe scams")).text, /Did you mean “subscribe”/);
    assert.match((await command("subscribe")).text, /Name a topic/);
    assert.match((await command("list", "CEMPTY")).text, /no digest subscriptions/);
  });

  test("a topic that matches nothing is not subscribed, and unsubscribing an unknown topic says so", async () => {
    // The real retriever finds nothing for a language it does not search.
    assert.match((await command("subscribe квантовая гравитация", "CTOPICS")).text, /No mandate in the corpus matches “квантовая гравитация”/);
    assert.deepEqual(h.store.subscriptions("CTOPICS"), []);
    assert.match((await command("subscribe trafficking", "CTOPICS")).text, /Subscribed this channel to “trafficking”/);
    assert.match((await command("subscribe Trafficking", "CTOPICS")).text, /already subscribed/);
    assert.match((await command("list", "CTOPICS")).text, /trafficking/);
    assert.match((await command("unsubscribe scams", "CTOPICS")).text, /not subscribed to “scams”\. Its topics: trafficking/);
    assert.match((await command("unsubscribe trafficking", "CTOPICS")).text, /Unsubscribed/);
  });

  test("an English topic with no match in the corpus is not subscribed either", async () => {
    assert.match((await command("subscribe quantum gravity", "CNONSENSE")).text, /No mandate in the corpus matches “quantum gravity”/);
    assert.deepEqual(h.store.subscriptions("CNONSENSE"), []);
  });

  test("a mention is answered in the thread of the mentioning message, and its thread replies are follow-ups", async () => {
    const channel = "CMENTION";
    const message = h.fake.addUserMessage(channel, USER, `@Mandate Desk ${SCAMS}`);
    await h.send(eventCallback({ type: "app_mention", channel, user: USER, text: message.text, ts: message.ts }));
    // Slack also delivers the same message as a plain message event: it must not answer twice.
    await h.send(eventCallback({ type: "message", channel, user: USER, text: message.text, ts: message.ts }));
    const first = await waitFor(() => botReplies(channel)[0], "the answer to the mention");
    assert.equal(first.args.thread_ts, message.ts);
    assert.ok(blockTexts(first.args.blocks as unknown[]).includes(stack.hit(`${L2}:OP7(b)`).text));
    assert.equal(h.answers.calls.at(-1)?.question, SCAMS);

    const followUp = h.fake.addUserMessage(channel, USER, "what about children?", message.ts);
    await h.send(eventCallback({ type: "message", channel, user: USER, text: followUp.text, ts: followUp.ts, threadTs: message.ts }));
    const second = await waitFor(() => botReplies(channel)[1], "the follow-up answer");
    assert.equal(second.args.thread_ts, message.ts);
    assert.deepEqual(h.answers.calls.at(-1), { question: "what about children?", options: { history: [SCAMS] } });
    const searched = h.answers.answered.at(-1)?.searched ?? "";
    assert.ok(searched.includes(SCAMS) && searched.includes("children"), searched);
    await settle();
    assert.equal(botReplies(channel).length, 2);
  });

  test("a reply in a thread the bot never answered is left alone", async () => {
    const channel = "CQUIET";
    const root = h.fake.addUserMessage(channel, USER, "lunch?");
    const reply = h.fake.addUserMessage(channel, USER, TRAFFICKING, root.ts);
    await h.send(eventCallback({ type: "message", channel, user: USER, text: reply.text, ts: reply.ts, threadTs: root.ts }));
    await settle();
    assert.equal(botReplies(channel).length, 0);
  });

  test("a direct message is answered without a mention, in its thread", async () => {
    const channel = "DALICE";
    const message = h.fake.addUserMessage(channel, USER, "UNODC technical assistance");
    await h.send(eventCallback({ type: "message", channel, user: USER, text: message.text, ts: message.ts, channelType: "im" }));
    const reply = await waitFor(() => botReplies(channel)[0], "the DM answer");
    assert.equal(reply.args.thread_ts, message.ts);
    const text = blockTexts(reply.args.blocks as unknown[]);
    assert.ok(text.includes("*<https://undocs.org/A/C.3/74/L.7|A/C.3/74/L.7>* · *OP 23*"));
    assert.ok(text.includes(stack.hit("A/C.3/74/L.7:OP23").text));
  });

  test("a bad signature or a stale timestamp is refused with 401 and nothing runs", async () => {
    const calls = h.fake.calls.length;
    const asked = h.answers.calls.length;
    const request = slashCommand({ text: TRAFFICKING, channel: CHANNEL, user: USER, responseUrl: h.fake.createResponseUrl(CHANNEL, USER) });
    assert.equal((await h.send(request, { signWith: "not-the-secret" })).status, 401);
    assert.equal((await h.send(request, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 })).status, 401);
    const unsigned = await fetch(h.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: request.body });
    assert.equal(unsigned.status, 401);
    await settle();
    assert.equal(h.fake.calls.length, calls);
    assert.equal(h.answers.calls.length, asked);
  });

  test("a redelivered event or a repeated trigger is answered only once", async () => {
    const channel = "CRETRY";
    const message = h.fake.addUserMessage(channel, USER, `@Mandate Desk ${TRAFFICKING}`);
    const event = eventCallback({ type: "app_mention", channel, user: USER, text: message.text, ts: message.ts });
    assert.equal((await h.send(event)).status, 200);
    assert.equal((await h.send(event, { retryNum: 1 })).status, 200);
    assert.equal((await h.send(event, { retryNum: 2 })).status, 200);
    await waitFor(() => botReplies(channel)[0], "the answer");

    const responseUrl = h.fake.createResponseUrl(channel, USER);
    const once = slashCommand({ text: TRAFFICKING, channel, user: USER, responseUrl, triggerId: "trigger.same" });
    assert.equal((await h.send(once)).status, 200);
    assert.equal((await h.send(once)).status, 200);
    const top = await topHit(TRAFFICKING);
    await waitFor(() => h.fake.callsOf("response_url").some((c) => blockTexts((c.args.blocks as unknown[]) ?? []).includes(top.text)), "the command reply");
    await settle();
    assert.equal(botReplies(channel).length, 1);
    const repliesToTrigger = h.fake.messages.filter((m) => m.channel === channel && m.ephemeralTo === USER);
    assert.equal(repliesToTrigger.length, 1);
  });

  test("a failing answer becomes a friendly reply in the thread, logged, and the app keeps answering", async () => {
    const channel = "CERROR";
    const message = h.fake.addUserMessage(channel, USER, "@Mandate Desk boom");
    await h.send(eventCallback({ type: "app_mention", channel, user: USER, text: message.text, ts: message.ts }));
    const reply = await waitFor(() => botReplies(channel)[0], "the error reply");
    assert.equal(reply.args.thread_ts, message.ts);
    const text = blockTexts(reply.args.blocks as unknown[]);
    assert.match(text, /Sorry, I couldn't answer that: The search index is missing\. Run `npm run index` to fix it\./);
    assert.doesNotMatch(text, /\n\s+at /);
    assert.ok(h.errors.some((entry) => String(entry[0]).includes("answer failed")));

    const { text: after } = await command("boom");
    assert.match(after, /The search index is missing/);
    assert.ok((await command(TRAFFICKING)).text.includes((await topHit(TRAFFICKING)).text));
  });
});

describe("the model summary", () => {
  test("is shown above the verbatim quotes when the answer service composes one", async () => {
    const h = await startHarness(stack, { summary: "Member States are encouraged to counter online scams [1]." });
    try {
      const responseUrl = h.fake.createResponseUrl(CHANNEL, USER);
      await h.send(slashCommand({ text: SCAMS, channel: CHANNEL, user: USER, responseUrl }));
      const call = await waitFor(() => h.fake.callsOf("response_url")[0], "the reply");
      const text = blockTexts(call.args.blocks as unknown[]);
      assert.ok(text.includes(stack.hit(`${L2}:OP7(b)`).text));
      assert.ok(text.indexOf("online scams [1]") < text.indexOf(stack.hit(`${L2}:OP7(b)`).text));
    } finally {
      await h.close();
    }
  });
});

describe("stopping", () => {
  test("stopping the app closes its HTTP port", async () => {
    const h = await startHarness(stack);
    await h.close();
    await assert.rejects(fetch(h.url, { method: "POST", body: "" }));
  });
});
