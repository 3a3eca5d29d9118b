/**
 * Prompt templates live as plain .txt files beside this module so that what the model is told can
 * be reviewed (and diffed) as prose. Each file has a `=== system ===` and a `=== human ===` section;
 * `{name}` marks a variable (LangChain f-string syntax, so the prose must not contain braces).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { ErrorCode, MandateDeskError } from "../retrieval/errors.ts";
import type { Language } from "../retrieval/types.ts";

export type PromptName = "answer" | "rewrite" | "digest";

/** The variables each template takes; a test holds every file to exactly these. */
export const PROMPT_VARIABLES: Readonly<Record<PromptName, readonly string[]>> = {
  answer: ["passages", "question"],
  rewrite: ["follow_up", "history"],
  digest: ["passages", "topic"],
};

const SECTION = /^=== (system|human) ===[ \t]*$/m;

export function promptFile(name: PromptName, language: Language): string {
  return fileURLToPath(new URL(`./${name}.${language}.txt`, import.meta.url));
}

const cache = new Map<string, ChatPromptTemplate>();

export function loadPromptTemplate(name: PromptName, language: Language): ChatPromptTemplate {
  const key = `${name}.${language}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const file = promptFile(name, language);
  const [before, firstRole, firstText, secondRole, secondText, ...rest] = readFileSync(file, "utf8").split(SECTION);
  if (before?.trim() !== "" || firstRole !== "system" || secondRole !== "human" || rest.length > 0 || !firstText?.trim() || !secondText?.trim()) {
    throw new MandateDeskError(
      ErrorCode.ConfigInvalid,
      "Prompt file must contain a `=== system ===` section followed by a `=== human ===` section, and nothing else.",
      { file },
    );
  }
  const template = ChatPromptTemplate.fromMessages([
    ["system", firstText.trim()],
    ["human", secondText.trim()],
  ]);
  cache.set(key, template);
  return template;
}
