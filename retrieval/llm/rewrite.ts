/**
 * Follow-ups in a thread ("and for children?", "那儿童呢？") are not searchable on their own. With a
 * model they are rewritten by the rewriting prompt; without one, or when the model's rewrite fails
 * its checks, a rule joins the new focus to the thread's last standalone question. The rewrite only
 * steers the search: quotes and citations still come from the index.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { loadPromptTemplate } from "../../prompts/index.ts";
import { detectLanguage } from "../answer.ts";
import { invokeWithin } from "./invoke.ts";
import { asData } from "./passages.ts";
import { findReferences } from "./validate.ts";

export const MAX_REWRITE_CHARS = 300;

export interface RewriteOutcome {
  question: string;
  /** Why the model's rewrite was not used, or null when it was (or no model was asked). */
  fallbackReason: string | null;
  timedOut: boolean;
}

const EN_LEAD = /^(?:and|but|also|so|then|or|what about|how about|what of|same for)\b/i;
const ZH_LEAD = /^(?:那么?|还有|以及|另外|至于|和|跟|同样)/;
const ZH_TAIL = /呢\s*[？?]?\s*$/;
const END_PUNCTUATION = /[\s?？!！.。,，;；:：]+$/;

function countCjk(text: string): number {
  return (text.match(/[\u3400-\u9fff]/g) ?? []).length;
}

/** Short or visibly elliptical follow-ups lean on the previous question; a citation lookup never does. */
export function isElliptical(question: string): boolean {
  const q = question.trim();
  if (q === "") return false;
  const leads = detectLanguage(q) === "zh" ? ZH_LEAD.test(q) || ZH_TAIL.test(q) : EN_LEAD.test(q);
  if (leads) return true;
  if (findReferences(q).length > 0) return false;
  return detectLanguage(q) === "zh" ? countCjk(q) <= 6 : q.split(/\s+/).filter(Boolean).length <= 3;
}

function focusOf(followUp: string): string {
  const q = followUp.trim().replace(END_PUNCTUATION, "");
  if (detectLanguage(q) === "zh") {
    return q.replace(/的?呢$/, "").replace(/^(?:那么?|还有|以及|另外|至于|和|跟|同样|关于)+/, "").replace(END_PUNCTUATION, "").trim() || q;
  }
  const stripped = q
    .replace(/^(?:(?:and|but|also|so|then|or)\s+)*(?:(?:what|how)\s+about|what\s+of|same\s+for)?\s*(?:for|on|in|of|about|regarding|concerning|to)?\s+/i, "")
    .trim();
  return stripped || q;
}

function join(previous: string, followUp: string): string {
  const core = previous.trim().replace(END_PUNCTUATION, "");
  const focus = focusOf(followUp);
  return detectLanguage(followUp) === "zh" ? `${core}：${focus}` : `${core} — ${focus}`;
}

/** The rule-based rewrite: the thread's standalone question with the follow-up's focus appended. */
export function ruleBasedRewrite(history: readonly string[], followUp: string): string {
  let standalone: string | null = null;
  for (const earlier of history) {
    if (earlier.trim() === "") continue;
    standalone = standalone !== null && isElliptical(earlier) ? join(standalone, earlier) : earlier.trim();
  }
  if (standalone === null || !isElliptical(followUp)) return followUp;
  return join(standalone, followUp);
}

function tidyRewrite(text: string): string {
  const withoutThinking = text.replace(/<think>[\s\S]*?(?:<\/think>|$)/gi, "");
  const firstLine = withoutThinking.split(/\r?\n/).find((line) => line.trim() !== "") ?? "";
  return firstLine
    .trim()
    .replace(/^(?:standalone question|rewritten question|question|独立问题|改写后的问题|问题)\s*[:：]\s*/i, "")
    .replace(/^["'“”‘’「『《]+|["'“”‘’」』》]+$/g, "")
    .trim();
}

function normalise(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}

/** Null when the model's rewrite can be searched; otherwise why not. */
function rewriteProblem(rewrite: string, history: readonly string[], followUp: string): string | null {
  if (rewrite === "") return "empty: the model returned no question";
  if (rewrite.length > MAX_REWRITE_CHARS) return `too_long: ${rewrite.length} characters (limit ${MAX_REWRITE_CHARS})`;
  if (detectLanguage(rewrite) !== detectLanguage(followUp)) return "wrong_language: the rewrite is not in the follow-up's language";
  const source = normalise([...history, followUp].join(" "));
  const invented = findReferences(rewrite).find((ref) => !source.includes(normalise(ref)));
  return invented ? `unknown_symbol: ${invented} appears in neither the thread nor the follow-up` : null;
}

/** Like rewriteFollowUp, and says why the model's rewrite was not used. */
export async function rewriteFollowUpDetailed(
  history: readonly string[],
  followUp: string,
  chat: BaseChatModel | null,
  timeoutMs: number,
): Promise<RewriteOutcome> {
  const earlier = history.filter((q) => q.trim() !== "");
  if (earlier.length === 0) return { question: followUp, fallbackReason: null, timedOut: false };
  if (chat === null) return { question: ruleBasedRewrite(earlier, followUp), fallbackReason: null, timedOut: false };

  const template = loadPromptTemplate("rewrite", detectLanguage(followUp));
  const messages = await template.formatMessages({
    history: earlier.map((q, i) => `${i + 1}. ${asData(q.replace(/\s+/g, " ").trim())}`).join("\n"),
    follow_up: asData(followUp.trim()),
  });
  const outcome = await invokeWithin(chat, messages, timeoutMs);
  if (!outcome.ok) {
    return { question: ruleBasedRewrite(earlier, followUp), fallbackReason: outcome.reason, timedOut: outcome.timedOut };
  }
  const rewrite = tidyRewrite(outcome.text);
  const problem = rewriteProblem(rewrite, earlier, followUp);
  if (problem) return { question: ruleBasedRewrite(earlier, followUp), fallbackReason: problem, timedOut: false };
  return { question: rewrite, fallbackReason: null, timedOut: false };
}

/** The standalone question to search for `followUp`, given the thread's earlier questions (oldest first). */
export async function rewriteFollowUp(
  history: string[],
  followUp: string,
  chat: BaseChatModel | null,
  timeoutMs: number,
): Promise<string> {
  return (await rewriteFollowUpDetailed(history, followUp, chat, timeoutMs)).question;
}
