import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { renderAnswer } from "../../bot/blocks/answer.ts";
import { renderDigest } from "../../bot/blocks/digest.ts";
import { toDigestItem } from "../../bot/digest/run.ts";
import { BLOCK_LIMIT, SECTION_LIMIT, type Block, escapeMrkdwn } from "../../bot/blocks/format.ts";
import { questionTooLong, subscriptionList } from "../../bot/blocks/messages.ts";
import type { ComposedAnswer, Hit } from "../../retrieval/types.ts";
import { L2, type RealStack, openRealStack } from "./helpers/real-stack.ts";

let stack: RealStack;
before(async () => {
  stack = await openRealStack();
});
after(async () => {
  await stack.close();
});

/** A real paragraph of resolution 33/1 by its label ("OP 7(g)" → "E/CN.15/2024/L.2:OP7(g)"). */
function l2(label: string): Hit {
  return stack.hit(`${L2}:${label.replace(/\s+/g, "")}`);
}

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
  const hit = l2("OP 7(g)");
  const { blocks, text } = renderAnswer(answerOf([hit]));
  const all = texts(blocks).join("\n");
  assert.match(all, /\*<https:\/\/undocs\.org\/E\/CN\.15\/2024\/L\.2\|E\/CN\.15\/2024\/L\.2>\* · \*OP 7\(g\)\*/);
  assert.ok(all.includes(`>${hit.chapeau}\n>(g) ${hit.text}`));
  assert.match(all, /2024/);
  assert.match(text, /E\/CN\.15\/2024\/L\.2 OP 7\(g\)/);
});

test("a paragraph without a symbol says so plainly with title, body and session", () => {
  // The 2018 CCPCJ draft in seeds/001 states no symbol.
  const hit = stack.hit("title:f1110fc3c3a8:OP3");
  assert.equal(hit.symbol, null);
  const all = texts(renderAnswer(answerOf([hit])).blocks).join("\n");
  assert.match(all, /_no symbol stated_ · \*OP 3\* — 改进工作协调，打击贩运人口：行动呼吁, Commission on Crime Prevention and Criminal Justice, 第二十七届会议/);
  assert.ok(all.includes(`>${hit.text}`));
  assert.doesNotMatch(all, /undocs\.org/);
});

test("the model summary sits above the quotes and is marked as model-written", () => {
  const { blocks } = renderAnswer(answerOf([l2("OP 9(a)")], { summary: "UNODC is asked to give technical assistance [1].", mode: "composed" }));
  const all = texts(blocks);
  const summaryAt = all.findIndex((t) => t.includes("technical assistance [1]"));
  const quoteAt = all.findIndex((t) => t.startsWith(">请联合国毒品和犯罪问题办公室"));
  assert.ok(summaryAt >= 0 && quoteAt > summaryAt);
  assert.match(all[summaryAt] ?? "", /model-written/);
});

test("a citation that matches nothing lists the nearest citations", async () => {
  const answer = await stack.answers.answer(`${L2} OP 99`);
  const all = texts(renderAnswer(answer).blocks).join("\n");
  assert.match(all, /I found no paragraph \*E\/CN\.15\/2024\/L\.2 OP 99\*\. Nearest citations: `E\/CN\.15\/2024\/L\.2 OP 11`/);
  assert.match(all, /E\/CN\.15\/2024\/L\.2 has no OP 99 \(it has PP 1–12, OP 1–11\)\./);
});

test("a very long quote is split across sections, never cutting the citation, within Slack's limits", () => {
  const base = l2("OP 7(g)");
  const hit: Hit = { ...base, text: base.text.repeat(80) };
  const { blocks } = renderAnswer(answerOf([hit]));
  assertWithinLimits(blocks);
  const all = texts(blocks);
  assert.ok(all.some((t) => t.includes("*OP 7(g)*") && t.includes(L2)));
  assert.ok(all.some((t) => t.includes("quote shortened") && t.includes("full text of E/CN.15/2024/L.2")));
});

test("many long hits still fit in 50 blocks and say how many were left out", () => {
  const base = l2("OP 7(g)");
  const hits = Array.from({ length: 30 }, (_, i) => ({ ...base, id: `x${i}`, text: base.text.repeat(30) }));
  const { blocks } = renderAnswer(answerOf(hits), { maxHits: 30, shareId: "abc" });
  assertWithinLimits(blocks);
  assert.ok(texts(blocks).some((t) => /more paragraphs matched/.test(t)));
  assert.equal(blocks.at(-1)?.type, "actions");
});

test("mrkdwn control characters in a quote are escaped, not interpreted", () => {
  const hit: Hit = { ...l2("OP 10"), text: "A <b> & C > D" };
  const all = texts(renderAnswer(answerOf([hit])).blocks).join("\n");
  assert.ok(all.includes(">A &lt;b&gt; &amp; C &gt; D"));
  assert.equal(escapeMrkdwn("<@U1>"), "&lt;@U1&gt;");
});

test("the share button carries the stored answer id and a shared answer names who shared it", () => {
  const answer = answerOf([l2("OP 10")]);
  const offered = renderAnswer(answer, { shareId: "answer-1" });
  const button = offered.blocks.find((b) => b.type === "actions");
  assert.equal(button?.type === "actions" ? button.elements[0]?.value : undefined, "answer-1");
  const shared = renderAnswer(answer, { sharedBy: "U123" });
  assert.ok(!shared.blocks.some((b) => b.type === "actions"));
  assert.ok(texts(shared.blocks).some((t) => t.includes("Shared by <@U123>")));
});

test("a digest quotes each mandate with its addressee and reporting deadline", () => {
  const reporting = stack.hit("A/C.3/74/L.10/Rev.1:OP26");
  const items = [toDigestItem(l2("OP 9(a)")), toDigestItem(reporting)];
  assert.ok(items[0] && items[1]);
  const { message, included } = renderDigest("trafficking", [items[0], items[1]]);
  assert.equal(included.length, 2);
  const all = texts(message.blocks).join("\n");
  assert.match(all, /\*To:\* UNODC/);
  assert.match(all, /\*To:\* the Secretary-General\n\*Reporting:\* 向大会第七十六届会议提交关于本决议执行情况的报告/);
  assert.ok(all.includes(`>${reporting.text}`));
  assertWithinLimits(message.blocks);
});

test("a digest that would pass 50 blocks keeps only what fits and reports it", () => {
  const items = Array.from({ length: 30 }, (_, i) => ({ hit: { ...l2("OP 10"), id: `p${i}` }, addressees: [], deadline: null }));
  const { message, included } = renderDigest("trafficking", items);
  assertWithinLimits(message.blocks);
  assert.ok(included.length < 30 && included.length > 5);
});

test("short replies explain limits and list subscriptions", () => {
  assert.match(questionTooLong(2500).text, /2,500 characters.*2,000/);
  assert.match(subscriptionList("C1", []).text, /no digest subscriptions/);
  assert.match(subscriptionList("C1", ["scams"]).text, /scams/);
});
