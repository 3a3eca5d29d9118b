/**
 * seeds/manifest.json: where an operator states what a text does not (a symbol, the body, the date,
 * the language), per file and per text. A file absent from the manifest is still ingested.
 */
import fs from "node:fs";
import { z } from "zod";
import { ErrorCode, MandateDeskError } from "./errors.ts";
import { SYMBOL_SOURCE } from "./parse/text.ts";

const symbolString = z
  .string()
  .trim()
  .refine((s) => new RegExp(`^${SYMBOL_SOURCE}$`).test(s), { message: "is not a UN document symbol (like A/C.3/74/L.2 or E/2024/30)" });

const textOverride = z
  .object({
    symbol: symbolString.nullable().optional(),
    aliases: z.array(z.string().trim().min(1)).optional(),
    title: z.string().trim().min(1).optional(),
    body: z.string().trim().min(1).optional(),
    status: z.enum(["draft", "adopted"]).optional(),
    year: z.number().int().min(1945).max(2100).optional(),
    session: z.string().trim().min(1).optional(),
  })
  .strict();

const documentEntry = z
  .object({
    symbol: symbolString.optional(),
    aliases: z.array(z.string().trim().min(1)).optional(),
    title: z.string().trim().min(1).optional(),
    kind: z.enum(["draft", "report", "resolution"]).optional(),
    body: z.string().trim().min(1).optional(),
    language: z.enum(["zh", "en"]).optional(),
    year: z.number().int().min(1945).max(2100).optional(),
    session: z.string().trim().min(1).optional(),
    /** Keyed by a text's heading ("决议草案一", "第 33/1号决议"), its adopted number ("33/1") or its title. */
    texts: z.record(z.string(), textOverride).optional(),
  })
  .strict();

const manifestSchema = z
  .object({
    $comment: z.string().optional(),
    documents: z.record(z.string(), documentEntry),
  })
  .strict();

export type Manifest = z.output<typeof manifestSchema>;
export type DocumentOverride = z.output<typeof documentEntry>;
export type TextOverride = z.output<typeof textOverride>;

/** Reads and validates a manifest; throws a coded error naming the file and every problem. */
export function readManifest(file: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new MandateDeskError(ErrorCode.ManifestMalformed, `the manifest is not valid JSON (${(error as Error).message})`, { file });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ");
    throw new MandateDeskError(ErrorCode.ManifestMalformed, `the manifest is malformed: ${problems}`, { file });
  }
  return parsed.data;
}
