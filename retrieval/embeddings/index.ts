export { LocalEmbeddings, type LocalEmbeddingsOptions } from "./local.ts";
export {
  createEmbeddings,
  DEFAULT_OLLAMA_BASE_URL,
  DEFAULT_OPENAI_BASE_URL,
  type CreatedEmbeddings,
  type EmbedderOptions,
  type EmbedderProvider,
} from "./providers.ts";
