import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { type Sandbox, startSandbox } from "../../bot/sandbox/server.ts";
import { openStore } from "../../bot/store.ts";
import { loadConfig } from "../../config.ts";
import { quietLogger } from "./helpers/harness.ts";
import { L2, type RealStack, openRealStack } from "./helpers/real-stack.ts";

const CHROMIUM = "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;

describe("the sandbox page in a real browser", { skip }, () => {
  let sandbox: Sandbox;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let stack: RealStack;
  const store = openStore(":memory:");

  before(async () => {
    stack = await openRealStack();
    sandbox = await startSandbox({
      config: loadConfig({ LOG_LEVEL: "error" }),
      answers: stack.answers,
      retriever: stack.retriever,
      store,
      port: 0,
      logger: quietLogger([]),
    });
    profile = mkdtempSync(path.join(tmpdir(), "mandate-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    await page.goto(sandbox.url);
  });

  after(async () => {
    await context?.close();
    await sandbox?.stop();
    await stack?.close();
    store.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test("typing a slash command shows a quoted, cited answer only to you", async () => {
    await page.fill("#input", "/mandates online scams and trafficking");
    await page.press("#input", "Enter");
    const hit = stack.hit(`${L2}:OP7(b)`);
    const quote = page.locator("#messages blockquote", { hasText: hit.text }).first();
    await quote.waitFor();
    assert.ok((await quote.innerText()).includes(hit.chapeau ?? "missing chapeau"));
    const message = page.locator("#messages .message.ephemeral", { has: page.locator("blockquote", { hasText: hit.text }) }).first();
    assert.match(await message.innerText(), /Only visible to you/);
    assert.equal(await message.locator(`a[href="https://undocs.org/${L2}"]`).first().innerText(), L2);
    assert.match(await message.innerText(), /OP 7\(b\)/);
  });

  test("sharing the answer posts it to the channel for everyone, naming who shared it", async () => {
    await page.locator("#messages button", { hasText: "Share in channel" }).first().click();
    const shared = page.locator("#messages .message:not(.ephemeral)", { hasText: "Shared by" }).first();
    await shared.waitFor();
    assert.ok((await shared.innerText()).includes(stack.hit(`${L2}:OP7(b)`).text));
  });

  test("a mention is answered in its thread, and a reply there is a follow-up", async () => {
    await page.fill("#input", "@Mandate Desk UNODC technical assistance");
    await page.press("#input", "Enter");
    const answer = page.locator("#thread-messages blockquote", { hasText: stack.hit("A/C.3/74/L.7:OP23").text }).first();
    await answer.waitFor();
    await page.fill("#thread-input", "and the Secretary-General?");
    await page.press("#thread-input", "Enter");
    // Only a follow-up read with its thread's question finds the counter-terrorism text's request to the Secretary-General.
    await page.locator("#thread-messages blockquote", { hasText: stack.hit("A/C.3/74/L.7:OP29").text }).first().waitFor();
  });

  test("a subscription and a digest run post the new mandates with their addressees", async () => {
    await page.fill("#input", "/mandates subscribe trafficking");
    await page.press("#input", "Enter");
    await page.locator("#messages .message", { hasText: "Subscribed this channel" }).first().waitFor();
    await page.click("#digest");
    const digest = page.locator("#messages .message", { hasText: "New mandates: trafficking" }).first();
    await digest.waitFor();
    const text = await digest.innerText();
    assert.match(text, /To: UNODC/);
    assert.ok(text.includes(stack.hit(`${L2}:OP9(b)`).text));
  });
});
