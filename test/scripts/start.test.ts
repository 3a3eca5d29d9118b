import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { ROOT } from "../retrieval/helpers.ts";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "md-start-"));
let child: ChildProcess | null = null;
after(() => {
  child?.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function waitFor(proc: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] ?? m[0]);
      }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
  });
}

test("npm start with no Slack tokens builds what is missing, serves the sandbox, and stops cleanly on SIGTERM", async () => {
  child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, SEEDS_DIR: path.join(ROOT, "seeds"), PORT: "0", SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "", SLACK_APP_TOKEN: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await waitFor(child, /open (http:\/\/localhost:\d+\/?)/, 60_000);
  assert.ok(fs.existsSync(path.join(dataDir, "corpus.json")));
  assert.ok(fs.existsSync(path.join(dataDir, "index", "meta.json")));
  const page = await fetch(url.replace("localhost", "127.0.0.1"));
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Mandate Desk/);

  const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  assert.equal(await exited, 0);
  child = null;
});
