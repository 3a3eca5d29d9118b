/**
 * Chooses the embedder from configuration. Remote embedders are wrapped so that every failure
 * (server down, HTTP error, timeout, a response that is not one vector per text) surfaces as one
 * MandateDeskError naming the provider, URL and model, instead of a library stack. Options come
 * from config.ts; nothing here reads the environment.
 */
import { Embeddings } from "@langchain/core/embeddings";
import { OllamaEmbeddings } from "@langchain/ollama";
import { OpenAIEmbeddings } from "@langchain/openai";
import { ErrorCode, MandateDeskError } from "../errors.ts";
import { LocalEmbeddings } from "./local.ts";

export type EmbedderProvider = "local" | "openai" | "ollama";

export interface EmbedderOptions {
  provider: EmbedderProvider;
  /** Required for openai and ollama. */
  model?: string;
  /** OpenAI-compatible servers usually want the `/v1` suffix, e.g. http://127.0.0.1:8000/v1. */
  baseUrl?: string;
  apiKey?: string;
  /** Per HTTP request. Default 30 s. */
  timeoutMs?: number;
  dimensions?: number;
  conceptTagger?: (text: string) => string[];
  conceptVersion?: string;
}

export interface CreatedEmbeddings {
  embeddings: Embeddings;
  /** Recorded by an index; a query with a different id must not search it. */
  id: string;
}

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
export const DEFAULT_OLLAMA_BASE_URL = "http://127.0.0.1:11434";
const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * One quick retry rides out a blip; LangChain's own retries (1–2 s backoff, up to 6 times) would
 * make a dead server take long to report, so they are off and the wrapper retries instead.
 */
const RETRY_DELAY_MS = 250;
/**
 * Texts per request. OllamaEmbeddings sends a whole corpus in one request, which a CPU-only server
 * cannot answer within any sensible timeout; small batches keep the timeout meaningful per request.
 */
const BATCH_SIZE = 64;

export function createEmbeddings(options: EmbedderOptions): CreatedEmbeddings {
  if (options.provider === "local") {
    const embeddings = new LocalEmbeddings({
      dimensions: options.dimensions,
      conceptTagger: options.conceptTagger,
      conceptVersion: options.conceptVersion,
    });
    return { embeddings, id: embeddings.id };
  }

  const model = options.model?.trim();
  if (!model) {
    throw new MandateDeskError(
      ErrorCode.ConfigInvalid,
      `EMBEDDING_MODEL is required when EMBEDDER=${options.provider}`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  if (options.provider === "openai") {
    const baseUrl = trimSlash(options.baseUrl ?? DEFAULT_OPENAI_BASE_URL);
    const inner = new OpenAIEmbeddings({
      model,
      // Local OpenAI-compatible servers ignore the key, but the client refuses to start without one.
      apiKey: options.apiKey ?? "not-needed",
      dimensions: options.dimensions,
      // The SDK otherwise asks for base64, which several OpenAI-compatible servers do not implement.
      encodingFormat: "float",
      timeout: timeoutMs,
      maxRetries: 0,
      configuration: { baseURL: baseUrl, organization: null, project: null },
    });
    const target: Target = { provider: "OpenAI-compatible", url: baseUrl, model, timeoutMs };
    const id = `openai:${model}@${baseUrl}${options.dimensions ? `#${options.dimensions}` : ""}`;
    return { embeddings: new CheckedEmbeddings(inner, target, options.dimensions), id };
  }

  const baseUrl = trimSlash(options.baseUrl ?? DEFAULT_OLLAMA_BASE_URL);
  const inner = new OllamaEmbeddings({
    model,
    baseUrl,
    dimensions: options.dimensions,
    maxRetries: 0,
    // The ollama client has no timeout of its own.
    fetch: (input, init) => {
      const deadline = AbortSignal.timeout(timeoutMs);
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
    },
  });
  const target: Target = { provider: "Ollama", url: baseUrl, model, timeoutMs };
  const id = `ollama:${model}@${baseUrl}${options.dimensions ? `#${options.dimensions}` : ""}`;
  return { embeddings: new CheckedEmbeddings(inner, target, options.dimensions), id };
}

interface Target {
  provider: "OpenAI-compatible" | "Ollama";
  url: string;
  model: string;
  timeoutMs: number;
}

/** Checks the shape of what a remote embedder returns and turns every failure into EmbedderFailed. */
class CheckedEmbeddings extends Embeddings {
  constructor(
    private readonly inner: Embeddings,
    private readonly target: Target,
    private readonly dimensions: number | undefined,
  ) {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += BATCH_SIZE) {
      const batch = texts.slice(start, start + BATCH_SIZE);
      vectors.push(...this.checked(await this.withRetry(() => this.inner.embedDocuments(batch)), batch.length));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = this.checked([await this.withRetry(() => this.inner.embedQuery(text))], 1);
    return vector as number[];
  }

  private async withRetry<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw this.failure(error);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    try {
      return await call();
    } catch (error) {
      throw this.failure(error);
    }
  }

  private checked(vectors: unknown, expected: number): number[][] {
    if (!Array.isArray(vectors) || vectors.length !== expected) {
      throw this.malformed(`expected ${expected} vector(s), got ${Array.isArray(vectors) ? vectors.length : typeof vectors}`);
    }
    const length = this.dimensions ?? (Array.isArray(vectors[0]) ? vectors[0].length : 0);
    vectors.forEach((vector: unknown, i) => {
      if (!Array.isArray(vector) || vector.length === 0 || !vector.every((x) => typeof x === "number" && Number.isFinite(x))) {
        throw this.malformed(`vector ${i} is not a list of finite numbers`);
      }
      if (vector.length !== length) {
        throw this.malformed(`vector ${i} has ${vector.length} dimensions, expected ${length}`);
      }
    });
    return vectors as number[][];
  }

  private where(): string {
    return `${this.target.provider} embedder at ${this.target.url} (model ${this.target.model})`;
  }

  private malformed(detail: string, cause?: unknown): MandateDeskError {
    return new MandateDeskError(
      ErrorCode.EmbedderFailed,
      `The ${this.where()} returned a malformed response: ${sentence(detail)} Check that the model is an embedding model.`,
      { fix: this.probeCommand() },
      { cause },
    );
  }

  private failure(error: unknown): MandateDeskError {
    if (error instanceof MandateDeskError) return error;
    const { provider, model, timeoutMs } = this.target;
    const status = httpStatus(error);
    const detail = errorText(error);
    let message: string;
    let fix = this.probeCommand();
    if (isTimeout(error)) {
      message = `The ${this.where()} did not answer within ${timeoutMs} ms.`;
    } else if (status !== undefined) {
      message = `The ${this.where()} answered HTTP ${status}: ${sentence(detail)}`;
      if (status === 401 || status === 403) message += " Check the API key.";
      if (status === 404) {
        message += provider === "Ollama"
          ? " The model is probably not pulled."
          : " The model is unknown or the base URL lacks its /v1 suffix.";
        if (provider === "Ollama") fix = `ollama pull ${model}`;
      }
    } else if (isConnectionFailure(error)) {
      message = `Could not connect to the ${this.where()}: ${sentence(detail)} Is the server running and the URL right?`;
      if (provider === "Ollama") fix = "ollama serve";
    } else if (error instanceof TypeError || error instanceof SyntaxError) {
      // The client libraries index into the response without checking it; a 200 with the wrong shape lands here.
      return this.malformed(detail, error);
    } else {
      message = `The ${this.where()} failed: ${sentence(detail)}`;
    }
    return new MandateDeskError(ErrorCode.EmbedderFailed, message, { fix }, { cause: error });
  }

  /** A command that shows whether the server is up and which models it serves. */
  private probeCommand(): string {
    return this.target.provider === "Ollama" ? `curl -sS ${this.target.url}/api/tags` : `curl -sS ${this.target.url}/models`;
  }
}

function sentence(text: string): string {
  return /[.!?。]$/.test(text) ? text : `${text}.`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Walks the cause chain, where fetch and the SDKs hide the interesting part. */
function chain(error: unknown): unknown[] {
  const seen: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && !seen.includes(current) && seen.length < 8) {
    seen.push(current);
    current = typeof current === "object" && "cause" in current ? current.cause : undefined;
  }
  return seen;
}

function field(error: unknown, name: string): unknown {
  return typeof error === "object" && error !== null && name in error ? (error as Record<string, unknown>)[name] : undefined;
}

function httpStatus(error: unknown): number | undefined {
  for (const e of chain(error)) {
    const status = field(e, "status") ?? field(e, "status_code");
    if (typeof status === "number" && status >= 400 && status < 600) return status;
  }
  return undefined;
}

/** Worth one more try: the server was unreachable for a moment, overloaded, or rate-limiting. A hang is not retried. */
function isTransient(error: unknown): boolean {
  const status = httpStatus(error);
  if (status !== undefined) return status === 429 || status >= 500;
  return !isTimeout(error) && isConnectionFailure(error);
}

function isTimeout(error: unknown): boolean {
  return chain(error).some((e) => {
    const name = field(e, "name");
    return name === "TimeoutError" || name === "APIConnectionTimeoutError" || field(e, "code") === "UND_ERR_HEADERS_TIMEOUT";
  });
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_SOCKET"]);

function isConnectionFailure(error: unknown): boolean {
  return chain(error).some((e) => {
    const code = field(e, "code");
    return (typeof code === "string" && CONNECTION_CODES.has(code)) || field(e, "name") === "APIConnectionError";
  });
}

/** The innermost message that says something, e.g. "connect ECONNREFUSED 127.0.0.1:9" rather than "fetch failed". */
function errorText(error: unknown): string {
  const messages = chain(error)
    .map((e) => field(e, "message"))
    .filter((m): m is string => typeof m === "string" && m.trim() !== "");
  const useful = messages.filter((m) => m !== "fetch failed" && m !== "Connection error.");
  return (useful.at(-1) ?? messages[0] ?? String(error)).trim();
}
