/**
 * Builds the chat model named by configuration. Everything is passed in explicitly: LangChain's
 * clients otherwise fall back to OPENAI_API_KEY, OPENAI_BASE_URL or OLLAMA_BASE_URL from the
 * environment, and config.ts must stay the one place that decides those.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOllama } from "@langchain/ollama";
import { ChatOpenAI } from "@langchain/openai";
import { ErrorCode, MandateDeskError } from "../errors.ts";

export type ChatProvider = "none" | "openai" | "ollama";

export interface ChatModelOptions {
  provider: ChatProvider;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  timeoutMs: number;
}

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
export const OLLAMA_DEFAULT_BASE_URL = "http://127.0.0.1:11434";
/** Local OpenAI-compatible servers (llama.cpp, vLLM, LM Studio) ignore the key, but the client refuses to start without one. */
export const LOCAL_API_KEY_PLACEHOLDER = "not-needed-for-local-server";

/** The configured chat model, or null for provider "none" — then nothing ever touches the network. */
export function createChatModel(opts: ChatModelOptions): BaseChatModel | null {
  if (opts.provider === "none") return null;
  if (!opts.model) {
    throw new MandateDeskError(ErrorCode.ConfigInvalid, `LLM_MODEL is required when LLM_PROVIDER=${opts.provider}.`);
  }
  if (opts.provider === "openai") {
    const apiKey = opts.apiKey ?? (opts.baseUrl ? LOCAL_API_KEY_PLACEHOLDER : undefined);
    if (!apiKey) {
      throw new MandateDeskError(
        ErrorCode.ConfigInvalid,
        "OPENAI_API_KEY is required when LLM_PROVIDER=openai (or set OPENAI_BASE_URL to a local server).",
      );
    }
    return new ChatOpenAI({
      model: opts.model,
      apiKey,
      configuration: { baseURL: opts.baseUrl ?? OPENAI_DEFAULT_BASE_URL, organization: null },
      timeout: opts.timeoutMs,
      // The answer service already falls back to quotes on failure; a retry would only spend the user's wait.
      maxRetries: 0,
      // One JSON body, never SSE: a streamed invoke() makes ChatOpenAI count tokens with tiktoken, which
      // fetches its encoding from tiktoken.pages.dev at run time. An explicit false also turns stream() into invoke().
      streaming: false,
    });
  }
  return new ChatOllama({
    model: opts.model,
    baseUrl: opts.baseUrl ?? OLLAMA_DEFAULT_BASE_URL,
    maxRetries: 0,
    // Pulling a model would download weights at run time; a missing model must fail, not download.
    checkOrPullModel: false,
  });
}
