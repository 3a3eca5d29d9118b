import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Config, loadConfig } from "../../config.ts";
import { type AnswerStack, openAnswerStack } from "../../retrieval/service.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A fresh data directory with the real seeds ingested and indexed by the real embedder and hnswlib. */
export async function seededStack(env: Record<string, string> = {}): Promise<{ stack: AnswerStack; config: Config; dataDir: string; cleanup(): void }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "md-data-"));
  const config = loadConfig({ DATA_DIR: dataDir, SEEDS_DIR: path.join(ROOT, "seeds"), ...env });
  const stack = await openAnswerStack(config, { rebuild: "auto" });
  return { stack, config, dataDir, cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}
