/**
 * The real retrieval stack for the bot tests: seeds/ parsed, indexed by the real embedder into a
 * real hnswlib index and BM25, and answered by the real answer service (no model), built once per
 * test file in a temporary DATA_DIR. The decorators below only observe or interrupt calls to it;
 * every quote a test checks comes from the real corpus.
 */
import type { Config } from "../../../config.ts";
import { ErrorCode, MandateDeskError } from "../../../retrieval/errors.ts";
import type { HybridRetriever } from "../../../retrieval/search.ts";
import type { AnswerOptions, AnswerService, ComposedAnswer, Hit } from "../../../retrieval/types.ts";
import { seededStack } from "../../retrieval/helpers.ts";

/** Resolution 33/1 of the CCPCJ (seeds/004), the text most bot tests quote. */
export const L2 = "E/CN.15/2024/L.2";

export interface RealStack {
  retriever: HybridRetriever;
  answers: AnswerService;
  config: Config;
  /** The real paragraph with this id ("E/CN.15/2024/L.2:OP9(a)"); throws when the corpus has none, so a renamed id fails loudly. */
  hit(id: string): Hit;
  close(): Promise<void>;
}

export async function openRealStack(): Promise<RealStack> {
  const { stack, config, cleanup } = await seededStack();
  return {
    retriever: stack.retriever,
    answers: stack.answers,
    config,
    hit(id) {
      const hit = stack.retriever.hitById(id);
      if (!hit) throw new Error(`the seeded corpus has no paragraph ${id}`);
      return hit;
    },
    async close() {
      try {
        await stack.close();
      } finally {
        cleanup();
      }
    },
  };
}

export interface RecordingAnswerService extends AnswerService {
  /** What the bot asked, in order (history included). */
  calls: Array<{ question: string; options: AnswerOptions }>;
  /** What the answer service returned, in order. */
  answered: ComposedAnswer[];
}

export function recording(inner: AnswerService): RecordingAnswerService {
  const calls: RecordingAnswerService["calls"] = [];
  const answered: ComposedAnswer[] = [];
  return {
    calls,
    answered,
    async answer(question, options = {}) {
      calls.push({ question, options });
      const answer = await inner.answer(question, options);
      answered.push(answer);
      return answer;
    },
  };
}

/** Fails the chosen questions the way a broken index does, to exercise the listeners' error replies. */
export function failingOn(inner: AnswerService, fails: (question: string) => boolean): AnswerService {
  return {
    async answer(question, options) {
      if (fails(question)) throw new MandateDeskError(ErrorCode.IndexMissing, "The search index is missing.", { fix: "npm run index" });
      return inner.answer(question, options);
    },
  };
}

/** Adds a model-written summary to the real answer, as the composing service does when a model is configured. */
export function withSummary(inner: AnswerService, summary: string): AnswerService {
  return {
    async answer(question, options) {
      return { ...(await inner.answer(question, options)), summary, mode: "composed" };
    },
  };
}
