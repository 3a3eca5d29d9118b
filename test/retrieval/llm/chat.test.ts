import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { HumanMessage } from "@langchain/core/messages";
import { ChatOllama } from "@langchain/ollama";
import { ChatOpenAI } from "@langchain/openai";
import { LOCAL_API_KEY_PLACEHOLDER, OLLAMA_DEFAULT_BASE_URL, createChatModel } from "../../../retrieval/llm/chat.ts";
import { createComposingAnswerService } from "../../../retrieval/llm/compose.ts";
import { ErrorCode, MandateDeskError } from "../../../retrieval/errors.ts";
import { FixedRetriever, seedHits, startFakeOpenAI, type FakeOpenAI } from "./helpers.ts";

const ANSWER = "Member States are encouraged to counter traffickers who coerce victims into online scams [1], and UNODC is asked to help [3].";

let fake: FakeOpenAI;
before(async () => {
  fake = await startFakeOpenAI(() => ANSWER);
});
after(() => fake.close());

test("provider none gives no model at all", () => {
  assert.equal(createChatModel({ provider: "none", timeoutMs: 1000 }), null);
  assert.equal(createChatModel({ provider: "none", model: "m", baseUrl: fake.baseUrl, apiKey: "k", timeoutMs: 1000 }), null);
  assert.equal(fake.requests.length, 0);
});

test("ChatOpenAI asks for one JSON body by default, with the placeholder key for a local server", async () => {
  const chat = createChatModel({ provider: "openai", model: "fake-model", baseUrl: fake.baseUrl, timeoutMs: 2000 });
  assert.ok(chat instanceof ChatOpenAI);
  const before = fake.requests.length;
  const reply = await chat.invoke([new HumanMessage("hello")]);
  assert.equal(reply.text, ANSWER);
  const request = fake.requests[before];
  assert.ok(request);
  assert.equal(request.stream, false);
  assert.equal(request.model, "fake-model");
  assert.equal(fake.authorizations[before], `Bearer ${LOCAL_API_KEY_PLACEHOLDER}`);
});

test("ChatOpenAI speaks SSE only when asked to stream, and the configured model never streams", async () => {
  // What LangChain does with SSE: joins the `data:` chunks up to `data: [DONE]`.
  const streaming = new ChatOpenAI({ model: "fake-model", apiKey: "sk-test", configuration: { baseURL: fake.baseUrl }, streaming: true, maxRetries: 0 });
  let before = fake.requests.length;
  let streamed = "";
  for await (const chunk of await streaming.stream([new HumanMessage("hello")])) streamed += chunk.text;
  assert.equal(fake.requests[before]?.stream, true);
  assert.equal(streamed, ANSWER);

  // The configured model sends one JSON request even through stream(), so no token counting (tiktoken download) is triggered.
  const chat = createChatModel({ provider: "openai", model: "fake-model", baseUrl: fake.baseUrl, apiKey: "sk-test", timeoutMs: 2000 });
  assert.ok(chat);
  before = fake.requests.length;
  let text = "";
  for await (const chunk of await chat.stream([new HumanMessage("hello")])) text += chunk.text;
  assert.equal(fake.requests[before]?.stream, false);
  assert.equal(fake.authorizations[before], "Bearer sk-test");
  assert.equal(text, ANSWER);
  const answer = await createComposingAnswerService({ retriever: new FixedRetriever(seedHits()), chat, timeoutMs: 2000 }).answer(
    "What have we agreed on online scams and trafficking?",
  );
  assert.equal(answer.mode, "composed");
  assert.equal(answer.summary, ANSWER);
});

test("ChatOllama is built for the given base URL without contacting it", () => {
  const given = createChatModel({ provider: "ollama", model: "qwen2.5:7b", baseUrl: "http://127.0.0.1:9", timeoutMs: 1000 });
  assert.ok(given instanceof ChatOllama);
  assert.equal(given.baseUrl, "http://127.0.0.1:9");
  assert.equal(given.checkOrPullModel, false);
  const defaulted = createChatModel({ provider: "ollama", model: "qwen2.5:7b", timeoutMs: 1000 });
  assert.ok(defaulted instanceof ChatOllama);
  assert.equal(defaulted.baseUrl, OLLAMA_DEFAULT_BASE_URL);
});

test("a provider without a model, or OpenAI without a key or base URL, is a configuration error", () => {
  assert.throws(
    () => createChatModel({ provider: "ollama", timeoutMs: 1000 }),
    (error: unknown) => error instanceof MandateDeskError && error.code === ErrorCode.ConfigInvalid && /LLM_MODEL/.test(error.message),
  );
  assert.throws(
    () => createChatModel({ provider: "openai", model: "gpt-4o-mini", timeoutMs: 1000 }),
    (error: unknown) => error instanceof MandateDeskError && error.code === ErrorCode.ConfigInvalid && /OPENAI_API_KEY/.test(error.message),
  );
});
