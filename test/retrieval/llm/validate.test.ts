import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { MAX_SUMMARY_CHARS, citationLabel, validateComposition } from "../../../retrieval/llm/validate.ts";
import { draftWithoutSymbol, seedHits } from "./helpers.ts";

const hits = seedHits();

function rejected(text: string, language?: "zh" | "en"): string {
  const check = validateComposition(text, hits, { language });
  assert.equal(check.ok, false, `expected a rejection of: ${text}`);
  return check.ok ? "" : check.reason;
}

test("the test hits quote seed text verbatim", () => {
  const squash = (s: string) => s.replace(/\s+/g, "").replace(/[0-9]+(?=[、，》和])/g, "");
  const seed004 = squash(readFileSync(new URL("../../../seeds/004_6f480fca300e36b0.txt", import.meta.url), "utf8"));
  for (const hit of hits) {
    assert.ok(seed004.includes(squash(hit.text)), hit.paragraph.label);
    assert.ok(seed004.includes(squash(hit.chapeau ?? "")), `${hit.paragraph.label} chapeau`);
  }
  const seed000 = squash(readFileSync(new URL("../../../seeds/000_e8288b70285ba9e8.txt", import.meta.url), "utf8"));
  assert.ok(seed000.includes(squash(draftWithoutSymbol().text)));
});

test("a passage is named to the model by symbol and label, or by title when the symbol is null", () => {
  assert.equal(citationLabel(hits[0]!), "E/CN.15/2024/L.2 OP 7(b)");
  assert.equal(citationLabel(draftWithoutSymbol()), "更好地保护儿童免遭贩运，包括为此解决滥用信息通信技术问题 PP 1");
});

test("a well-cited English summary is accepted with its citations", () => {
  const check = validateComposition(
    "Member States are encouraged to counter traffickers who use technology to coerce victims into online scams [1], and UNODC is asked to provide technical assistance [3].",
    hits,
    { language: "en" },
  );
  assert.equal(check.ok, true);
  assert.deepEqual(check.ok && check.cited, [1, 3]);
});

test("a Chinese summary may name the symbol, resolution number and paragraphs it was given", () => {
  const check = validateComposition(
    "第 33/1 号决议（E/CN.15/2024/L.2）第 7 段鼓励会员国打击利用技术诱骗受害人从事网络诈骗的人口贩运者［1］，并请毒罪办提供技术援助【3】。",
    hits,
    { language: "zh" },
  );
  assert.equal(check.ok, true);
  assert.equal(check.ok && check.summary.includes("[1]") && check.summary.includes("[3]"), true);
});

test("citation lists and ranges are checked number by number and normalised", () => {
  const check = validateComposition("The resolution covers prevention and assistance [1, 2] and UNODC support [1-3].", hits);
  assert.equal(check.ok, true);
  assert.equal(check.ok && check.summary, "The resolution covers prevention and assistance [1][2] and UNODC support [1][2][3].");
  assert.match(rejected("The resolution covers prevention [2-4]."), /^invalid_citation: \[4\]/);
});

test("a citation beyond the passages given is rejected", () => {
  assert.match(rejected("States must act against online scams [7].", "en"), /^invalid_citation: \[7\] but 3 passage/);
  assert.match(rejected("States must act against online scams [0].", "en"), /^invalid_citation/);
});

test("a symbol that is not among the hits is rejected, whatever its case or punctuation", () => {
  assert.match(rejected("As decided in A/RES/99/999, States must act [1].", "en"), /^unknown_symbol: A\/RES\/99\/999/);
  assert.match(rejected("See e/cn.15/2024/l.2/rev.1 [1].", "en"), /^unknown_symbol/);
  assert.equal(validateComposition("The Commission (E/CN.15/2024/L.2) encourages action [1].", hits).ok, true);
});

test("a resolution number that is not among the hits is rejected", () => {
  assert.match(rejected("第 32/1 号决议也要求会员国评估根源 [1]。", "zh"), /^unknown_symbol: resolution number 32\/1/);
  assert.match(rejected("Resolution 70/1 sets the agenda [1].", "en"), /^unknown_symbol: resolution number 70\/1/);
  assert.equal(validateComposition("Resolution 33/1 encourages action [1].", hits, { language: "en" }).ok, true);
});

test("a paragraph number that is not among the hits is rejected in either language", () => {
  assert.match(rejected("OP 11 asks for extrabudgetary resources [1].", "en"), /^unknown_paragraph: "OP 11"/);
  assert.match(rejected("Paragraph 8 stresses cooperation [1].", "en"), /^unknown_paragraph/);
  assert.match(rejected("Operative paragraphs 7 and 12 call for action [1].", "en"), /^unknown_paragraph/);
  assert.match(rejected("OP 7(c) calls for cooperation [1].", "en"), /^unknown_paragraph/);
  assert.match(rejected("第十一段请捐助方提供资源 [1]。", "zh"), /^unknown_paragraph/);
  assert.match(rejected("序言部分第 7 段提到技术 [1]。", "zh"), /^unknown_paragraph/);
  assert.equal(validateComposition("OP 7(b) and OP 9(a) answer this [1][3].", hits).ok, true);
  assert.equal(validateComposition("执行部分第七段鼓励会员国采取措施 [1]。", hits, { language: "zh" }).ok, true);
});

test("a web address is rejected even when it names a given symbol", () => {
  assert.match(rejected("See https://undocs.org/A/RES/99/999 for details [1].", "en"), /^link/);
  assert.match(rejected("See undocs.org/E/CN.15/2024/L.2 for details [1].", "en"), /^link/);
});

test("a summary without any citation is rejected", () => {
  assert.match(rejected("Member States are encouraged to act against online scams.", "en"), /^no_citation/);
});

test("empty, over-long and NO_ANSWER outputs are rejected with their own reasons", () => {
  assert.match(rejected("   \n "), /^empty/);
  assert.match(rejected("<think>the passages say [1]</think>"), /^empty/);
  assert.match(rejected("NO_ANSWER"), /^no_answer/);
  assert.match(rejected(" no_answer. "), /^no_answer/);
  assert.match(rejected(`${"States act [1]. ".repeat(Math.ceil(MAX_SUMMARY_CHARS / 16) + 1)}`), /^too_long/);
});

test("a Chinese question answered in English is rejected, and the reverse", () => {
  const english = "Member States are encouraged to counter traffickers who coerce victims into online scams [1].";
  const chinese = "会员国被鼓励打击利用技术诱骗受害人从事网络诈骗的人口贩运者 [1]。";
  assert.match(rejected(english, "zh"), /^wrong_language: the question is in Chinese/);
  assert.match(rejected(chinese, "en"), /^wrong_language: the question is in English/);
  assert.equal(validateComposition(chinese, hits, { language: "zh" }).ok, true);
  assert.equal(validateComposition("会员国应打击 online scams 和 trafficking 的犯罪者 [1]。", hits, { language: "zh" }).ok, true);
});

test("a quotation must be verbatim in the passages, so no paraphrase passes as a quote", () => {
  assert.match(rejected('The Commission "urges all States to criminalize online scams" [1].', "en"), /^unverified_quote/);
  assert.match(rejected("委员会“敦促各国将网络诈骗定为刑事犯罪” [1]。", "zh"), /^unverified_quote/);
  assert.equal(validateComposition("委员会鼓励会员国“打击人口贩运者利用技术进步和新方法锁定潜在受害人” [1]。", hits, { language: "zh" }).ok, true);
  assert.equal(validateComposition("题为“在技术迅速变革的背景下打击人口贩运”的决议鼓励会员国采取措施 [1]。", hits, { language: "zh" }).ok, true);
  assert.equal(validateComposition('States act against "scams" [1].', hits, { language: "en" }).ok, true);
});

test("a reasoning model's think block is dropped before validation", () => {
  const check = validateComposition("<think>Maybe cite A/RES/99/999?</think>\nUNODC is asked to provide training [3].", hits, { language: "en" });
  assert.equal(check.ok, true);
  assert.equal(check.ok && check.summary, "UNODC is asked to provide training [3].");
});
