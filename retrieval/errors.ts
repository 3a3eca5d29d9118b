/**
 * Coded errors, in the manner of bolt-js `errors.ts`: each carries what a user or operator needs
 * to act (the file, the symbol, the paragraph, the command that fixes it). Boundaries (CLI exit
 * code, a reply in the Slack thread) render `message`; nothing shows a raw stack to a user.
 */

export const ErrorCode = {
  EmptyFile: "md_empty_file",
  BinaryFile: "md_binary_file",
  NoStructure: "md_no_structure",
  ManifestMalformed: "md_manifest_malformed",
  ManifestMissingFile: "md_manifest_missing_file",
  GlossaryMalformed: "md_glossary_malformed",
  EncodingUnreadable: "md_encoding_unreadable",
  CorpusMissing: "md_corpus_missing",
  CorpusCorrupt: "md_corpus_corrupt",
  IndexMissing: "md_index_missing",
  IndexCorrupt: "md_index_corrupt",
  IndexStale: "md_index_stale",
  EmbedderMismatch: "md_embedder_mismatch",
  EmbedderFailed: "md_embedder_failed",
  BadQuery: "md_bad_query",
  ConfigInvalid: "md_config_invalid",
  LlmFailed: "md_llm_failed",
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorContext {
  file?: string;
  symbol?: string;
  paragraph?: string;
  /** The command that repairs the situation, e.g. "npm run index". */
  fix?: string;
}

export class MandateDeskError extends Error {
  readonly code: ErrorCodeValue;
  readonly context: ErrorContext;

  constructor(code: ErrorCodeValue, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MandateDeskError";
    this.code = code;
    this.context = context;
  }
}

export function isMandateDeskError(error: unknown): error is MandateDeskError {
  return error instanceof MandateDeskError;
}

/** One line for a terminal or a chat reply: what went wrong and, where known, how to fix it. */
export function describeError(error: unknown): string {
  if (isMandateDeskError(error)) {
    const where = [error.context.file, error.context.symbol, error.context.paragraph].filter(Boolean).join(" ");
    const fix = error.context.fix ? ` Run \`${error.context.fix}\` to fix it.` : "";
    const sentence = fix && !/[.。!?]$/.test(error.message) ? `${error.message}.` : error.message;
    return `${where ? `${where}: ` : ""}${sentence}${fix}`;
  }
  return error instanceof Error ? error.message : String(error);
}
