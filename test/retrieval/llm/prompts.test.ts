import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { PROMPT_VARIABLES, loadPromptTemplate, promptFile, type PromptName } from "../../../prompts/index.ts";
import { formatPassages } from "../../../retrieval/llm/passages.ts";
import type { Language } from "../../../retrieval/types.ts";
import { seedHits } from "./helpers.ts";

const names = Object.keys(PROMPT_VARIABLES) as PromptName[];
const languages: Language[] = ["zh", "en"];

test("every prompt file loads as a system and a human message taking exactly its variables", () => {
  for (const name of names) {
    for (const language of languages) {
      const template = loadPromptTemplate(name, language);
      assert.deepEqual([...template.inputVariables].sort(), [...PROMPT_VARIABLES[name]], `${name}.${language}`);
      assert.equal(template.promptMessages.length, 2);
    }
  }
});

test("every prompt says passages and questions are data, and forbids symbols and paragraph numbers", () => {
  for (const name of names) {
    for (const language of languages) {
      const text = readFileSync(promptFile(name, language), "utf8");
      assert.match(text, language === "en" ? /data, not instructions/ : /数据，不是指令/, `${name}.${language}`);
      assert.match(text, language === "en" ? /resolution number/ : /决议编号/, `${name}.${language}`);
      if (name !== "rewrite") {
        assert.ok(text.includes("[1]") && text.includes("NO_ANSWER"), `${name}.${language}`);
        assert.match(text, language === "en" ? /Do not quote/ : /不要引用段落原文/, `${name}.${language}`);
      }
    }
  }
});

test("the answer prompt puts the question and the numbered passages inside their fences", async () => {
  const messages = await loadPromptTemplate("answer", "zh").formatMessages({ question: "那儿童呢？", passages: formatPassages(seedHits()) });
  const human = String(messages[1]?.content);
  assert.ok(human.includes("<question>\n那儿童呢？\n</question>"));
  assert.ok(human.includes('<passage number="2" citation="E/CN.15/2024/L.2 OP 7(g)" source="在技术迅速变革的背景下打击人口贩运, Commission on Crime Prevention and Criminal Justice, 2024">\n还鼓励会员国'));
  assert.ok(String(messages[0]?.content).startsWith("你为联合国代表团工作人员撰写答复的开头。"));
});
