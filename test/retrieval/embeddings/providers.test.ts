import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { ErrorCode, MandateDeskError } from "../../../retrieval/errors.ts";
import { createEmbeddings, LocalEmbeddings } from "../../../retrieval/embeddings/index.ts";

interface Seen {
  path: string;
  headers: IncomingMessage["headers"];
  body: { model?: string; input?: string | string[]; encoding_format?: string };
}

/** A vector that identifies its text, so order mix-ups show. */
const vectorFor = (text: string) => [text.length, text.codePointAt(0) ?? 0, 0.5];

type Mode = "ok" | "error500" | "hang" | "short";

/** One fake serving both the OpenAI and the Ollama embedding routes; `mode` picks how it misbehaves. */
function fakeServer() {
  const seen: Seen[] = [];
  const state = { mode: "ok" as Mode };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as Seen["body"];
      seen.push({ path: req.url ?? "", headers: req.headers, body });
      if (state.mode === "hang") return;
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (state.mode === "error500") {
        send(500, req.url === "/api/embed" ? { error: "model runner crashed" } : { error: { message: "model runner crashed", type: "server_error" } });
        return;
      }
      const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ""];
      const served = state.mode === "short" ? inputs.slice(1) : inputs;
      if (req.method === "POST" && req.url === "/v1/embeddings") {
        send(200, {
          object: "list",
          data: served.map((text, index) => ({ object: "embedding", index, embedding: vectorFor(text) })),
          model: body.model,
          usage: { prompt_tokens: 3, total_tokens: 3 },
        });
      } else if (req.method === "POST" && req.url === "/api/embed") {
        send(200, { model: body.model, embeddings: served.map(vectorFor) });
      } else {
        send(404, { error: "not found" });
      }
    });
  });
  return { server, seen, state };
}

const fake = fakeServer();
let base = "";
let deadUrl = "";

before(async () => {
  await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  // A port that was just free and is closed again: connections to it are refused.
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  deadUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

after(async () => {
  fake.server.closeAllConnections();
  await new Promise<void>((resolve) => fake.server.close(() => resolve()));
});

function reset(mode: Mode) {
  fake.state.mode = mode;
  fake.seen.length = 0;
}

async function rejectsWithEmbedderFailed(run: () => Promise<unknown>, url: string): Promise<MandateDeskError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof MandateDeskError, `expected MandateDeskError, got ${String(caught)}`);
  assert.equal(caught.code, ErrorCode.EmbedderFailed);
  assert.ok(caught.message.includes(url), `message names the URL: ${caught.message}`);
  assert.ok(caught.context.fix, "carries a fix");
  return caught;
}

test("the local provider is the LocalEmbeddings with its own id", () => {
  const { embeddings, id } = createEmbeddings({ provider: "local", dimensions: 256 });
  assert.ok(embeddings instanceof LocalEmbeddings);
  assert.equal(id, "local-hash-v1:256");
});

test("a remote provider without a model is a configuration error", () => {
  assert.throws(() => createEmbeddings({ provider: "ollama" }), (error: unknown) => {
    return error instanceof MandateDeskError && error.code === ErrorCode.ConfigInvalid;
  });
});

test("the OpenAI-compatible provider sends the model and texts and returns the vectors in order", async () => {
  reset("ok");
  const { embeddings, id } = createEmbeddings({ provider: "openai", model: "bge-m3", baseUrl: `${base}/v1/`, apiKey: "sk-test" });
  assert.equal(id, `openai:bge-m3@${base}/v1`);
  const texts = ["贩运人口", "online scams", "体育"];
  assert.deepEqual(await embeddings.embedDocuments(texts), texts.map(vectorFor));
  assert.deepEqual(await embeddings.embedQuery("trafficking"), vectorFor("trafficking"));
  assert.equal(fake.seen.length, 2);
  const [batch] = fake.seen;
  assert.equal(batch?.path, "/v1/embeddings");
  assert.equal(batch?.body.model, "bge-m3");
  assert.deepEqual(batch?.body.input, texts);
  assert.equal(batch?.body.encoding_format, "float");
  assert.equal(batch?.headers.authorization, "Bearer sk-test");
});

test("the OpenAI-compatible provider needs no key for a local server", async () => {
  reset("ok");
  const { embeddings } = createEmbeddings({ provider: "openai", model: "bge-m3", baseUrl: `${base}/v1` });
  assert.deepEqual(await embeddings.embedQuery("x"), vectorFor("x"));
  assert.equal(fake.seen[0]?.headers.authorization, "Bearer not-needed");
});

test("the Ollama provider posts to /api/embed with the model and returns the vectors in order", async () => {
  reset("ok");
  const { embeddings, id } = createEmbeddings({ provider: "ollama", model: "nomic-embed-text", baseUrl: base });
  assert.equal(id, `ollama:nomic-embed-text@${base}`);
  const texts = ["打击贩运人口", "cybercrime", "儿童"];
  assert.deepEqual(await embeddings.embedDocuments(texts), texts.map(vectorFor));
  assert.equal(fake.seen[0]?.path, "/api/embed");
  assert.equal(fake.seen[0]?.body.model, "nomic-embed-text");
  assert.deepEqual(fake.seen[0]?.body.input, texts);
});

test("an empty batch is answered without calling the server", async () => {
  reset("ok");
  const { embeddings } = createEmbeddings({ provider: "ollama", model: "nomic-embed-text", baseUrl: base });
  assert.deepEqual(await embeddings.embedDocuments([]), []);
  assert.equal(fake.seen.length, 0);
});

test("a server answering 500 is reported as EmbedderFailed naming the URL, after one retry", { timeout: 10_000 }, async () => {
  reset("error500");
  const openai = createEmbeddings({ provider: "openai", model: "bge-m3", baseUrl: `${base}/v1`, timeoutMs: 2_000 });
  const error = await rejectsWithEmbedderFailed(() => openai.embeddings.embedDocuments(["a"]), `${base}/v1`);
  assert.match(error.message, /HTTP 500/);
  assert.match(error.message, /bge-m3/);
  assert.equal(fake.seen.length, 2);

  reset("error500");
  const ollama = createEmbeddings({ provider: "ollama", model: "nomic-embed-text", baseUrl: base, timeoutMs: 2_000 });
  const ollamaError = await rejectsWithEmbedderFailed(() => ollama.embeddings.embedQuery("a"), base);
  assert.match(ollamaError.message, /HTTP 500: model runner crashed/);
  assert.equal(fake.seen.length, 2);
});

test("a refused connection is reported as EmbedderFailed naming the URL", { timeout: 10_000 }, async () => {
  const openai = createEmbeddings({ provider: "openai", model: "bge-m3", baseUrl: `${deadUrl}/v1`, timeoutMs: 2_000 });
  const error = await rejectsWithEmbedderFailed(() => openai.embeddings.embedQuery("a"), `${deadUrl}/v1`);
  assert.match(error.message, /Could not connect/);

  const ollama = createEmbeddings({ provider: "ollama", model: "nomic-embed-text", baseUrl: deadUrl, timeoutMs: 2_000 });
  const ollamaError = await rejectsWithEmbedderFailed(() => ollama.embeddings.embedDocuments(["a", "b"]), deadUrl);
  assert.match(ollamaError.message, /Could not connect/);
  assert.equal(ollamaError.context.fix, "ollama serve");
});

test("a server that never answers is reported as EmbedderFailed once the timeout passes", { timeout: 10_000 }, async () => {
  reset("hang");
  const openai = createEmbeddings({ provider: "openai", model: "bge-m3", baseUrl: `${base}/v1`, timeoutMs: 200 });
  const error = await rejectsWithEmbedderFailed(() => openai.embeddings.embedQuery("a"), `${base}/v1`);
  assert.match(error.message, /did not answer within 200 ms/);

  const ollama = createEmbeddings({ provider: "ollama", model: "nomic-embed-text", baseUrl: base, timeoutMs: 200 });
  const ollamaError = await rejectsWithEmbedderFailed(() => ollama.embeddings.embedQuery("a"), base);
  assert.match(ollamaError.message, /did not answer within 200 ms/);
  fake.server.closeAllConnections();
});

test("a response with fewer vectors than texts is reported as malformed", async () => {
  reset("short");
  const openai = createEmbeddings({ provider: "openai", model: "bge-m3", baseUrl: `${base}/v1` });
  const error = await rejectsWithEmbedderFailed(() => openai.embeddings.embedDocuments(["a", "b", "c"]), `${base}/v1`);
  assert.match(error.message, /malformed response/);

  const ollama = createEmbeddings({ provider: "ollama", model: "nomic-embed-text", baseUrl: base });
  const ollamaError = await rejectsWithEmbedderFailed(() => ollama.embeddings.embedDocuments(["a", "b"]), base);
  assert.match(ollamaError.message, /malformed response: expected 2 vector\(s\), got 1/);
});

test("a large batch is sent in several requests and comes back whole and in order", async () => {
  reset("ok");
  const { embeddings } = createEmbeddings({ provider: "ollama", model: "nomic-embed-text", baseUrl: base });
  const texts = Array.from({ length: 150 }, (_, i) => `第${i}段${"x".repeat(i)}`);
  assert.deepEqual(await embeddings.embedDocuments(texts), texts.map(vectorFor));
  assert.ok(fake.seen.length > 1);
  assert.deepEqual(fake.seen.flatMap((request) => request.body.input ?? []), texts);
});
