import assert from "node:assert/strict";
import { test } from "node:test";
import { renderAnswerText } from "../../../retrieval/llm/render.ts";
import type { ComposedAnswer } from "../../../retrieval/types.ts";
import { draftWithoutSymbol, op7b, op9a } from "./helpers.ts";

function answer(overrides: Partial<ComposedAnswer>): ComposedAnswer {
  return {
    question: "What have we agreed on online scams and trafficking?",
    searched: "What have we agreed on online scams and trafficking?",
    language: "en",
    summary: null,
    mode: "extractive",
    fallbackReason: null,
    hits: [],
    notices: [],
    ...overrides,
  };
}

test("a composed answer prints the summary, then each quote under its citation and link", () => {
  const summary = "Member States are encouraged to counter traffickers who coerce victims into online scams [1], and UNODC is asked to help [2].";
  const text = renderAnswerText(answer({ summary, mode: "composed", hits: [op7b(1), op9a(2)] }));
  assert.equal(
    text,
    [
      summary,
      "",
      "[1] 还鼓励会员国根据本国国内法律制度和适用的相关国际法，包括人权法，采取措施，除其他外：",
      "    打击人口贩运者利用技术进步和新方法锁定潜在受害人，包括为了强迫其进行网络诈骗；",
      "    — E/CN.15/2024/L.2 (33/1) · OP 7(b) · 在技术迅速变革的背景下打击人口贩运 · Commission on Crime Prevention and Criminal Justice · 2024",
      "    https://undocs.org/E/CN.15/2024/L.2",
      "",
      "[2] 请联合国毒品和犯罪问题办公室：",
      "    继续在其现有任务授权范围内，根据请求向会员国特别是发展中国家提供技术援助和培训，以提高和建设各种能力预防和打击网上贩运人口的活动；",
      "    — E/CN.15/2024/L.2 (33/1) · OP 9(a) · 在技术迅速变革的背景下打击人口贩运 · Commission on Crime Prevention and Criminal Justice · 2024",
      "    https://undocs.org/E/CN.15/2024/L.2",
      "",
    ].join("\n"),
  );
});

test("a text without a symbol is cited by title, body and session, with no link", () => {
  const text = renderAnswerText(answer({ hits: [draftWithoutSymbol()] }));
  assert.ok(
    text.includes(
      "    — no symbol — 更好地保护儿童免遭贩运，包括为此解决滥用信息通信技术问题, Commission on Crime Prevention and Criminal Justice, 第二十七届会议 · PP 1 · 2018\n",
    ),
    text,
  );
  assert.ok(!text.includes("undocs.org"));
});

test("a draft is marked and identical language elsewhere is listed", () => {
  const hit = { ...op7b(1), status: "draft" as const, alsoIn: [{ symbol: "A/C.3/79/L.99", title: "x", label: "OP 3", id: "A/C.3/79/L.99#OP 3" }] };
  const text = renderAnswerText(answer({ hits: [hit] }));
  assert.ok(text.includes("— E/CN.15/2024/L.2 (33/1) [draft] · OP 7(b) ·"));
  assert.ok(text.includes("    Also in: A/C.3/79/L.99 OP 3\n"));
});

test("notices and lookup suggestions come last, and an empty answer says nothing was found", () => {
  const text = renderAnswerText(
    answer({
      notices: ["Unknown symbol A/C.3/74/L.20."],
      lookup: { found: false, asked: "A/C.3/74/L.20 OP 11", suggestions: ["A/C.3/74/L.2 OP 11", "A/C.3/74/L.10 OP 11"] },
    }),
  );
  assert.equal(
    text,
    "No matching paragraphs found.\n\nNote: Unknown symbol A/C.3/74/L.20.\nNo paragraph matches A/C.3/74/L.20 OP 11. Nearest: A/C.3/74/L.2 OP 11, A/C.3/74/L.10 OP 11\n",
  );
});
