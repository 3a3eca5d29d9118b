import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { loadConfig } from "../config.ts";
import { ErrorCode, MandateDeskError } from "../retrieval/errors.ts";

test("with nothing set, the defaults run the local sandbox offline", () => {
  const c = loadConfig({});
  assert.equal(c.mode, "sandbox");
  assert.equal(c.PORT, 3000);
  assert.equal(c.DATA_DIR, path.resolve("./data"));
  assert.equal(c.DIGEST_CRON, "0 8 * * 1-5");
  assert.equal(c.DIGEST_TZ, "UTC");
  assert.equal(c.EMBEDDER, "local");
  assert.equal(c.LLM_PROVIDER, "none");
  assert.equal(c.LLM_TIMEOUT_MS, 15000);
});

test("both Slack credentials mean HTTP mode; an app token means Socket Mode", () => {
  const http = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" });
  assert.equal(http.mode, "http");
  assert.equal(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_APP_TOKEN: "xapp-1" }).mode, "socket");
});

test("every problem is listed in one message, malformed values and missing companions alike", () => {
  try {
    loadConfig({ PORT: "eighty", SLACK_BOT_TOKEN: "xoxp-user", DIGEST_TZ: "Mars/Olympus", LLM_PROVIDER: "openai", EMBEDDER: "word2vec", SLACK_API_URL: "not a url" });
    assert.fail("expected a configuration error");
  } catch (error) {
    assert.ok(error instanceof MandateDeskError);
    assert.equal(error.code, ErrorCode.ConfigInvalid);
    for (const name of ["PORT", "SLACK_BOT_TOKEN: must start with xoxb-", "DIGEST_TZ", "EMBEDDER", "SLACK_API_URL", "SLACK_SIGNING_SECRET: is required", "OPENAI_API_KEY", "LLM_MODEL"]) {
      assert.ok(error.message.includes(name), `${name} in:\n${error.message}`);
    }
  }
});

test("blank values count as unset", () => {
  const c = loadConfig({ SLACK_BOT_TOKEN: " ", SLACK_SIGNING_SECRET: "", PORT: "" });
  assert.equal(c.mode, "sandbox");
  assert.equal(c.PORT, 3000);
});
