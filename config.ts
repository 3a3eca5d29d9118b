/**
 * The one configuration module: a zod schema parsed once at start-up that lists every problem in a
 * single message. It takes an env object so tests pass literals; nothing else reads process.env.
 */
import path from "node:path";
import { z } from "zod";
import { ErrorCode, MandateDeskError } from "./retrieval/errors.ts";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const url = (what: string) =>
  optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: `${what} must be an http(s) URL`,
  });

const intInRange = (min: number, max: number, fallback: number) =>
  optionalString
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, {
      message: `must be a whole number from ${min} to ${max}`,
    });

const schema = z
  .object({
    SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xoxb-"), {
      message: "must start with xoxb- (the bot token from OAuth & Permissions)",
    }),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xapp-"), {
      message: "must start with xapp- (an app-level token with connections:write)",
    }),
    SLACK_API_URL: url("SLACK_API_URL"),
    PORT: intInRange(0, 65535, 3000),
    DATA_DIR: optionalString.transform((v) => path.resolve(v ?? "./data")),
    SEEDS_DIR: optionalString.transform((v) => path.resolve(v ?? "./seeds")),
    DIGEST_CRON: optionalString.transform((v) => v ?? "0 8 * * 1-5"),
    DIGEST_TZ: optionalString
      .transform((v) => v ?? "UTC")
      .refine(
        (tz) => {
          try {
            new Intl.DateTimeFormat("en", { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        },
        { message: "must be an IANA time zone such as Europe/Vienna or America/New_York" },
      ),
    EMBEDDER: optionalString
      .transform((v) => v ?? "local")
      .pipe(z.enum(["local", "openai", "ollama"], { message: "must be local, openai or ollama" })),
    EMBEDDING_MODEL: optionalString,
    LLM_PROVIDER: optionalString
      .transform((v) => v ?? "none")
      .pipe(z.enum(["none", "openai", "ollama"], { message: "must be none, openai or ollama" })),
    LLM_MODEL: optionalString,
    LLM_TIMEOUT_MS: intInRange(100, 600_000, 15_000),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: url("OPENAI_BASE_URL"),
    OLLAMA_BASE_URL: url("OLLAMA_BASE_URL"),
    LOG_LEVEL: optionalString
      .transform((v) => v ?? "info")
      .pipe(z.enum(["debug", "info", "warn", "error"], { message: "must be debug, info, warn or error" })),
  });

/**
 * Rules that tie variables together. They read the raw strings so they are reported together with
 * every malformed variable, not only once the rest is valid.
 */
function crossFieldProblems(env: Record<string, string | undefined>): string[] {
  const set = (name: string) => (env[name] ?? "").trim() !== "";
  const problems: string[] = [];
  if (set("SLACK_BOT_TOKEN") !== set("SLACK_SIGNING_SECRET")) {
    const missing = set("SLACK_BOT_TOKEN") ? "SLACK_SIGNING_SECRET" : "SLACK_BOT_TOKEN";
    problems.push(`${missing}: is required when the other Slack credential is set (set both, or neither for the local sandbox)`);
  }
  if (set("SLACK_APP_TOKEN") && !set("SLACK_BOT_TOKEN")) problems.push("SLACK_BOT_TOKEN: is required for Socket Mode (SLACK_APP_TOKEN is set)");
  const llm = (env.LLM_PROVIDER ?? "").trim() || "none";
  const embedder = (env.EMBEDDER ?? "").trim() || "local";
  for (const [provider, key] of [
    [embedder, "EMBEDDER"],
    [llm, "LLM_PROVIDER"],
  ] as const) {
    if (provider === "openai" && !set("OPENAI_API_KEY") && !set("OPENAI_BASE_URL")) {
      problems.push(`OPENAI_API_KEY: is required when ${key}=openai (or set OPENAI_BASE_URL to a local server)`);
    }
  }
  if (["openai", "ollama"].includes(llm) && !set("LLM_MODEL")) problems.push(`LLM_MODEL: is required when LLM_PROVIDER=${llm}`);
  if (["openai", "ollama"].includes(embedder) && !set("EMBEDDING_MODEL")) problems.push(`EMBEDDING_MODEL: is required when EMBEDDER=${embedder}`);
  return problems;
}

export type Config = z.output<typeof schema> & {
  /** Real Slack when both credentials are set; otherwise the local sandbox. */
  mode: "socket" | "http" | "sandbox";
};

/** Parses an env object (process.env at the entry points, literals in tests). Throws one error listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".") || "(config)"}: ${issue.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!result.success || problems.length > 0) {
    throw new MandateDeskError(ErrorCode.ConfigInvalid, `Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  const cfg = result.data;
  const mode = cfg.SLACK_BOT_TOKEN && cfg.SLACK_SIGNING_SECRET ? (cfg.SLACK_APP_TOKEN ? "socket" : "http") : "sandbox";
  return { ...cfg, mode };
}
