import type { AnswerOptions, AnswerService, ComposedAnswer, Language, Retriever } from "./types.ts";

const CJK = /[\u3400-\u9fff]/;

export function detectLanguage(text: string): Language {
  return CJK.test(text) ? "zh" : "en";
}

/**
 * The extractive answer service: search, then hand back the quotes as they are in the index.
 * Model composition (LLM_PROVIDER) wraps this; with no model this is the whole answer.
 */
export function createExtractiveAnswerService(retriever: Retriever): AnswerService {
  return {
    async answer(question: string, options: AnswerOptions = {}): Promise<ComposedAnswer> {
      const { history: _history, ...searchOptions } = options;
      const response = await retriever.search(question, searchOptions);
      return {
        question,
        searched: question,
        language: detectLanguage(question),
        summary: null,
        mode: "extractive",
        fallbackReason: null,
        hits: response.hits,
        lookup: response.lookup,
        notices: response.notices,
      };
    },
  };
}
