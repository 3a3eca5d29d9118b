/**
 * The composing answer service: the extractive answer, plus one or two model-written sentences
 * that say what the quotes add up to. The model sees the quotes but never supplies one: what users
 * are shown as quotes and citations is `hits`, straight from the index, and the model's sentences
 * are kept only if every reference in them points at one of those hits. Any failure (timeout,
 * provider error, a reference it was not given) leaves the user with the extractive answer.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { loadPromptTemplate } from "../../prompts/index.ts";
import { createExtractiveAnswerService, detectLanguage } from "../answer.ts";
import type { AnswerOptions, AnswerService, ComposedAnswer, Hit, Language, Retriever } from "../types.ts";
import { invokeWithin } from "./invoke.ts";
import { formatPassages } from "./passages.ts";
import { rewriteFollowUpDetailed } from "./rewrite.ts";
import { validateComposition } from "./validate.ts";

export { validateComposition, citationLabel, type CompositionCheck } from "./validate.ts";

export const DEFAULT_COMPOSE_TOP = 5;

export interface ComposingAnswerServiceOptions {
  retriever: Retriever;
  /** null (LLM_PROVIDER=none): answers are extractive and no model is ever called. */
  chat: BaseChatModel | null;
  /** Bound on each model call (LLM_TIMEOUT_MS). */
  timeoutMs: number;
  /** How many of the top hits the model sees and may cite as [1]..[top]; every hit is still shown. */
  top?: number;
}

export interface SummaryRequest {
  chat: BaseChatModel;
  /** "answer" frames `text` as the user's question, "digest" as the digest's topic. */
  prompt: "answer" | "digest";
  text: string;
  /** Numbered for the model from 1, in this order. */
  hits: readonly Hit[];
  /** The language the summary must be written in. */
  language: Language;
  timeoutMs: number;
}

export type SummaryOutcome = { summary: string; cited: number[]; fallbackReason: null } | { summary: null; fallbackReason: string };

/** One or two validated sentences about `hits`, or why there are none. Also what a digest calls for its lead. */
export async function composeSummary(request: SummaryRequest): Promise<SummaryOutcome> {
  if (request.hits.length === 0) return { summary: null, fallbackReason: "no_passages: nothing was retrieved to compose from" };
  const template = loadPromptTemplate(request.prompt, request.language);
  const subject = request.text.replace(/\s+/g, " ").trim();
  const passages = formatPassages(request.hits);
  const messages = await template.formatMessages(
    request.prompt === "answer" ? { question: subject, passages } : { topic: subject, passages },
  );
  const outcome = await invokeWithin(request.chat, messages, request.timeoutMs);
  if (!outcome.ok) return { summary: null, fallbackReason: outcome.reason };
  const check = validateComposition(outcome.text, request.hits, { language: request.language });
  if (!check.ok) return { summary: null, fallbackReason: check.reason };
  return { summary: check.summary, cited: check.cited, fallbackReason: null };
}

const NOT_ANSWERED: Record<Language, string> = {
  en: "The retrieved paragraphs may not answer this question directly.",
  zh: "检索到的段落可能没有直接回答这个问题。",
};

export function createComposingAnswerService(options: ComposingAnswerServiceOptions): AnswerService {
  const { retriever, chat, timeoutMs } = options;
  const top = options.top ?? DEFAULT_COMPOSE_TOP;
  const extractive = createExtractiveAnswerService(retriever);

  return {
    async answer(question: string, answerOptions: AnswerOptions = {}): Promise<ComposedAnswer> {
      const { history = [], ...searchOptions } = answerOptions;
      const rewrite = await rewriteFollowUpDetailed(history, question, chat, timeoutMs);
      const found = await extractive.answer(rewrite.question, searchOptions);
      const answer: ComposedAnswer = { ...found, question, searched: rewrite.question, language: detectLanguage(question) };
      if (chat === null) return answer;
      // A model that just timed out on the rewrite would most likely make the user wait a second time.
      if (rewrite.timedOut) return { ...answer, fallbackReason: rewrite.fallbackReason };

      const outcome = await composeSummary({
        chat,
        prompt: "answer",
        text: rewrite.question,
        hits: answer.hits.slice(0, top),
        language: answer.language,
        timeoutMs,
      });
      if (outcome.summary === null) {
        const notices = outcome.fallbackReason.startsWith("no_answer:") ? [...answer.notices, NOT_ANSWERED[answer.language]] : answer.notices;
        return { ...answer, notices, fallbackReason: outcome.fallbackReason };
      }
      return { ...answer, summary: outcome.summary, mode: "composed", fallbackReason: null };
    },
  };
}
