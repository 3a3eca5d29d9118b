import assert from "node:assert/strict";
import { test } from "node:test";
import { renderAnswer } from "../../bot/blocks/answer.ts";
import { renderDigest } from "../../bot/blocks/digest.ts";
import { BLOCK_LIMIT, SECTION_LIMIT, type Block, escapeMrkdwn } from "../../bot/blocks/format.ts";
import { questionTooLong, subscriptionList } from "../../bot/blocks/messages.ts";
import type { ComposedAnswer, Hit } from "../../retrieval/types.ts";
import { SYMBOL, seedHit } from "./helpers/seed-answers.ts";

function answerOf(hits: Hit[], extra: Partial<ComposedAnswer> = {}): ComposedAnswer {
  return { question: "网上诈骗", searched: "网上诈骗", language: "zh", summary: null, mode: "extractive", fallbackReason: null, hits, notices: [], ...extra };
}

function texts(blocks: Block[]): string[] {
  return blocks.flatMap((block) => {
    if (block.type === "section" || block.type === "header") return [block.text.text];
    if (block.type === "context") return block.elements.map((element) => element.text);
    return [];
  });
}

function assertWithinLimits(blocks: Block[]): void {
  assert.ok(blocks.length <= BLOCK_LIMIT, `${blocks.length} blocks`);
  for (const text of texts(blocks)) assert.ok(text.length <= SECTION_LIMIT, `text of ${text.length} characters`);
}

test("a sub-paragraph is quoted verbatim as its chapeau then the item, under its symbol and label", () => {
  const hit = seedHit("OP 7(g)");
  const { blocks, text } = renderAnswer(answerOf([hit]));
  const all = texts(blocks).join("\n");
  assert.match(all, /\*<https:\/\/undocs\.org\/E\/CN\.15\/2024\/L\.2\|E\/CN\.15\/2024\/L\.2>\* · \*OP 7\(g\)\*/);
  assert.ok(all.includes(`>${hit.chapeau}\n>(g) ${hit.text}`));
  assert.match(all, /2024/);
  assert.match(text, /E\/CN\.15\/2024\/L\.2 OP 7\(g\)/);
});

test("a paragraph without a symbol says so plainly with title, body and session", () => {
  const hit: Hit = { ...seedHit("OP 10"), symbol: null };
  const all = texts(renderAnswer(answerOf([hit])).blocks).join("\n");
  assert.match(all, /_no symbol stated_ · \*OP 10\* — 在技术迅速变革的背景下打击人口贩运, Commission on Crime Prevention and Criminal Justice, 第三十三届会议/);
  assert.doesNotMatch(all, /undocs\.org/);
});

test("the model summary sits above the quotes and is marked as model-written", () => {
  const { blocks } = renderAnswer(answerOf([seedHit("OP 9(a)")], { summary: "UNODC is asked to give technical assistance [1].", mode: "composed" }));
  const all = texts(blocks);
  const summaryAt = all.findIndex((t) => t.includes("technical assistance [1]"));
  const quoteAt = all.findIndex((t) => t.startsWith(">请联合国毒品和犯罪问题办公室"));
  assert.ok(summaryAt >= 0 && quoteAt > summaryAt);
  assert.match(all[summaryAt] ?? "", /model-written/);
});

test("a citation that matches nothing lists the nearest citations", () => {
  const answer = answerOf([], { lookup: { found: false, asked: `${SYMBOL} OP 99`, suggestions: [`${SYMBOL} OP 9(a)`] }, notices: ["No OP 99 in this text."] });
  const all = texts(renderAnswer(answer).blocks).join("\n");
  assert.match(all, /I found no paragraph \*E\/CN\.15\/2024\/L\.2 OP 99\*\. Nearest citations: `E\/CN\.15\/2024\/L\.2 OP 9\(a\)`/);
  assert.match(all, /No OP 99 in this text\./);
});

test("a very long quote is split across sections, never cutting the citation, within Slack's limits", () => {
  const base = seedHit("OP 7(g)");
  const hit: Hit = { ...base, text: base.text.repeat(80) };
  const { blocks } = renderAnswer(answerOf([hit]));
  assertWithinLimits(blocks);
  const all = texts(blocks);
  assert.ok(all.some((t) => t.includes("*OP 7(g)*") && t.includes(SYMBOL)));
  assert.ok(all.some((t) => t.includes("quote shortened") && t.includes("full text of E/CN.15/2024/L.2")));
});

test("many long hits still fit in 50 blocks and say how many were left out", () => {
  const base = seedHit("OP 7(g)");
  const hits = Array.from({ length: 30 }, (_, i) => ({ ...base, id: `x${i}`, text: base.text.repeat(30) }));
  const { blocks } = renderAnswer(answerOf(hits), { maxHits: 30, shareId: "abc" });
  assertWithinLimits(blocks);
  assert.ok(texts(blocks).some((t) => /more paragraphs matched/.test(t)));
  assert.equal(blocks.at(-1)?.type, "actions");
});

test("mrkdwn control characters in a quote are escaped, not interpreted", () => {
  const hit: Hit = { ...seedHit("OP 10"), text: "A <b> & C > D" };
  const all = texts(renderAnswer(answerOf([hit])).blocks).join("\n");
  assert.ok(all.includes(">A &lt;b&gt; &amp; C &gt; D"));
  assert.equal(escapeMrkdwn("<@U1>"), "&lt;@U1&gt;");
});

test("the share button carries the stored answer id and a shared answer names who shared it", () => {
  const answer = answerOf([seedHit("OP 10")]);
  const offered = renderAnswer(answer, { shareId: "answer-1" });
  const button = offered.blocks.find((b) => b.type === "actions");
  assert.equal(button?.type === "actions" ? button.elements[0]?.value : undefined, "answer-1");
  const shared = renderAnswer(answer, { sharedBy: "U123" });
  assert.ok(!shared.blocks.some((b) => b.type === "actions"));
  assert.ok(texts(shared.blocks).some((t) => t.includes("Shared by <@U123>")));
});

test("a digest quotes each mandate with its addressee and reporting deadline", () => {
  const { message, included } = renderDigest("trafficking", [
    { hit: seedHit("OP 9(a)"), addressees: ["UNODC"], deadline: null },
    { hit: seedHit("OP 10"), addressees: ["the Secretary-General"], deadline: "向大会第八十一届会议提交报告" },
  ]);
  assert.equal(included.length, 2);
  const all = texts(message.blocks).join("\n");
  assert.match(all, /\*To:\* UNODC/);
  assert.match(all, /\*To:\* the Secretary-General\n\*Reporting:\* 向大会第八十一届会议提交报告/);
  assert.ok(all.includes(`>${seedHit("OP 10").text}`));
  assertWithinLimits(message.blocks);
});

test("a digest that would pass 50 blocks keeps only what fits and reports it", () => {
  const items = Array.from({ length: 30 }, (_, i) => ({ hit: { ...seedHit("OP 10"), id: `p${i}` }, addressees: [], deadline: null }));
  const { message, included } = renderDigest("trafficking", items);
  assertWithinLimits(message.blocks);
  assert.ok(included.length < 30 && included.length > 5);
});

test("short replies explain limits and list subscriptions", () => {
  assert.match(questionTooLong(2500).text, /2,500 characters.*2,000/);
  assert.match(subscriptionList("C1", []).text, /no digest subscriptions/);
  assert.match(subscriptionList("C1", ["scams"]).text, /scams/);
});
