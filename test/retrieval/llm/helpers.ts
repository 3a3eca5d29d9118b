/**
 * Test doubles for the composer: hits built from real seed text (resolution 33/1, E/CN.15/2024/L.2,
 * in seeds/004) served by a Retriever that returns them as given — the subject under test is the
 * composer, not the search — and a fake OpenAI-compatible server on 127.0.0.1.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Hit, Retriever, SearchOptions, SearchResponse } from "../../../retrieval/types.ts";

export const SEED_FILE = "004_6f480fca300e36b0.txt";

const resolution331 = {
  symbol: "E/CN.15/2024/L.2",
  aliases: ["33/1"],
  title: "在技术迅速变革的背景下打击人口贩运",
  body: "Commission on Crime Prevention and Criminal Justice",
  voice: "Commission on Crime Prevention and Criminal Justice",
  year: 2024,
  session: "第三十三届会议",
  status: "adopted",
  textKind: "resolution",
  alsoIn: [],
} as const;

const op7Chapeau = "还鼓励会员国根据本国国内法律制度和适用的相关国际法，包括人权法，采取措施，除其他外：";

export function op7b(rank = 1): Hit {
  return {
    ...resolution331,
    aliases: [...resolution331.aliases],
    alsoIn: [],
    paragraph: { kind: "operative", number: 7, sub: "b", label: "OP 7(b)" },
    rank,
    score: 0.91,
    id: "E/CN.15/2024/L.2#OP 7(b)",
    text: "打击人口贩运者利用技术进步和新方法锁定潜在受害人，包括为了强迫其进行网络诈骗；",
    chapeau: op7Chapeau,
    source: { file: SEED_FILE, line: 1324 },
  };
}

export function op7g(rank = 2): Hit {
  return {
    ...resolution331,
    aliases: [...resolution331.aliases],
    alsoIn: [],
    paragraph: { kind: "operative", number: 7, sub: "g", label: "OP 7(g)" },
    rank,
    score: 0.84,
    id: "E/CN.15/2024/L.2#OP 7(g)",
    text:
      "依据国内法酌情采取立法措施或其他措施，以按照国内框架的要求便利互联网服务和接入服务提供商或其他有关实体检测与涉及贩运儿童的犯罪有关的儿童性剥削材料和儿童性虐待材料，" +
      "并依据国内法确保互联网服务和接入服务提供商或其他有关实体向有关机关举报此类材料并进行清除，包括与执法机关联合进行调查和起诉；",
    chapeau: op7Chapeau,
    source: { file: SEED_FILE, line: 1350 },
  };
}

export function op9a(rank = 3): Hit {
  return {
    ...resolution331,
    aliases: [...resolution331.aliases],
    alsoIn: [],
    paragraph: { kind: "operative", number: 9, sub: "a", label: "OP 9(a)" },
    rank,
    score: 0.77,
    id: "E/CN.15/2024/L.2#OP 9(a)",
    text: "继续在其现有任务授权范围内，根据请求向会员国特别是发展中国家提供技术援助和培训，以提高和建设各种能力预防和打击网上贩运人口的活动；",
    chapeau: "请联合国毒品和犯罪问题办公室：",
    source: { file: SEED_FILE, line: 1395 },
  };
}

/** A draft with no symbol stated in its document (seeds/000), for the "no symbol" citation line. */
export function draftWithoutSymbol(rank = 1): Hit {
  return {
    symbol: null,
    aliases: [],
    title: "更好地保护儿童免遭贩运，包括为此解决滥用信息通信技术问题",
    body: "Commission on Crime Prevention and Criminal Justice",
    voice: "Commission on Crime Prevention and Criminal Justice",
    year: 2018,
    session: "第二十七届会议",
    status: "draft",
    textKind: "resolution",
    paragraph: { kind: "preambular", number: 1, sub: null, label: "PP 1" },
    rank,
    score: 0.5,
    id: "title:更好地保护儿童免遭贩运#PP 1",
    text:
      "重申必须执行《联合国打击跨国有组织犯罪公约》、《联合国打击跨国有组织犯罪公约关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书》和" +
      "《联合国打击跨国有组织犯罪公约关于打击陆、海、空偷运移民的补充议定书》，",
    chapeau: null,
    alsoIn: [],
    source: { file: "000_e8288b70285ba9e8.txt", line: 27 },
  };
}

export function seedHits(): Hit[] {
  return [op7b(1), op7g(2), op9a(3)];
}

/** Serves fixed hits and records what was searched. */
export class FixedRetriever implements Retriever {
  readonly queries: string[] = [];
  constructor(private readonly hits: Hit[]) {}

  async search(query: string, _options?: SearchOptions): Promise<SearchResponse> {
    this.queries.push(query);
    return { query, hits: this.hits.map((hit) => structuredClone(hit)), notices: [] };
  }
}

export interface ChatRequestBody {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: string }>;
}

/** What the fake answers with: text, or "hang" to hold the request open until the server closes. */
export type FakeReply = string | "hang";

export interface FakeOpenAI {
  baseUrl: string;
  requests: ChatRequestBody[];
  /** The Authorization header of each request, in order. */
  authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

function completion(content: string): string {
  return JSON.stringify({
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "fake-model",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  });
}

function chunk(delta: Record<string, string>, finish: string | null): string {
  const body = {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model: "fake-model",
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/**
 * An OpenAI-compatible POST /v1/chat/completions. It answers in whichever mode the client asked for:
 * one JSON body, or SSE chunks ending in `data: [DONE]` when the request says `stream: true`.
 */
export async function startFakeOpenAI(reply: (body: ChatRequestBody) => FakeReply): Promise<FakeOpenAI> {
  const requests: ChatRequestBody[] = [];
  const authorizations: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (part: string) => (raw += part));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      const body = JSON.parse(raw) as ChatRequestBody;
      requests.push(body);
      authorizations.push(req.headers.authorization);
      const answer = reply(body);
      if (answer === "hang") return;
      if (!body.stream) {
        res.writeHead(200, { "content-type": "application/json" }).end(completion(answer));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.write(chunk({ role: "assistant", content: "" }, null));
      // Split mid-text so the client has to join the deltas.
      const middle = Math.ceil(answer.length / 2);
      for (const part of [answer.slice(0, middle), answer.slice(middle)]) if (part) res.write(chunk({ content: part }, null));
      res.write(chunk({}, "stop"));
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The text the model was shown: system and human messages joined. */
export function promptText(body: ChatRequestBody): string {
  return body.messages.map((m) => m.content).join("\n");
}
