import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { LocalEmbeddings, stem } from "../../../retrieval/embeddings/local.ts";

const seedsDir = fileURLToPath(new URL("../../../seeds/", import.meta.url));
/** Seeds are PDF extractions with hard wraps; compare against them with all whitespace removed. */
const seedText = (file: string) => readFileSync(`${seedsDir}${file}`, "utf8").replace(/\s+/g, "");

// Real paragraphs: A/CCPCJ 2018 Colombia draft PP1, and the Third Committee report's sport-and-crime draft OP3.
const TRAFFICKING =
  "再次强烈谴责贩运人口特别是贩运妇女和儿童的行为，该行为构成犯罪，是对人类尊严、人身安全、人权和发展的严重威胁，" +
  "对此必须实施全面办法，包括采取措施预防此种行为，起诉和惩治贩运者，保护受害者，并采取与此种罪行的严重性相称的刑事司法对策，";
const SPORT =
  "邀请联合国毒品和犯罪问题办公室在2020年夏季奥林匹克运动会和残疾人奥运会以及2022年世界杯比赛期间发起一场全球宣传和筹资运动" +
  "以促进体育和基于体育的学习，以此作为旨在消除青年犯罪和吸毒风险因素的战略的一部分，并在这方面向提出请求的会员国提供援助，" +
  "还邀请各国组织委员会，国际奥林匹克委员会和国际足球联合会在这方面与毒品和犯罪问题办公室密切合作；";
const PARAPHRASE = "强烈谴责贩运妇女和儿童等贩运人口行为，认为此种犯罪严重威胁人类尊严和人权，必须全面预防，起诉贩运者并保护受害者。";

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
const norm = (v: number[]) => Math.sqrt(cosine(v, v));

function tinyTagger(text: string): string[] {
  const glossary: Array<[string, RegExp, string]> = [
    ["trafficking_in_persons", /traffick/i, "贩运"],
    ["children", /child/i, "儿童"],
    ["victims", /victim/i, "受害者"],
    ["sport", /sport/i, "体育"],
  ];
  return glossary.filter(([, en, zh]) => en.test(text) || text.includes(zh)).map(([id]) => id);
}

test("the test paragraphs are quoted from the seed files", () => {
  assert.ok(seedText("001_281e206c76e8c8fb.txt").includes(TRAFFICKING));
  assert.ok(seedText("002_fe26c6ee3f5651c7.txt").includes(SPORT.replace(/\s+/g, "")));
});

test("the same text gives the same vector from the same and from a fresh embedder", async () => {
  const first = await new LocalEmbeddings().embedQuery(TRAFFICKING);
  const again = await new LocalEmbeddings().embedQuery(TRAFFICKING);
  const [asDocument] = await new LocalEmbeddings().embedDocuments([TRAFFICKING]);
  assert.deepEqual(again, first);
  assert.deepEqual(asDocument, first);
});

test("the algorithm is pinned: a change of vectors fails here and means every index must be rebuilt", async () => {
  const vector = await new LocalEmbeddings().embedQuery(`${TRAFFICKING} Human trafficking, A/C.3/74/L.2`);
  const digest = createHash("sha256").update(vector.map((x) => x.toFixed(6)).join(",")).digest("hex").slice(0, 16);
  const firstSigns = vector.map((x, i) => [i, Math.sign(x)]).filter(([, sign]) => sign !== 0).slice(0, 6);
  assert.deepEqual(firstSigns, [[1, 1], [2, -1], [3, -1], [11, 1], [15, 1], [17, 1]]);
  assert.equal(digest, "ef7b8fe6eda35ef2");
});

test("the id names the algorithm, the dimensions and the concept glossary version", () => {
  assert.equal(new LocalEmbeddings().id, "local-hash-v1:384");
  assert.equal(new LocalEmbeddings({ dimensions: 256 }).id, "local-hash-v1:256");
  const v1 = new LocalEmbeddings({ conceptTagger: tinyTagger, conceptVersion: "glossary-1" }).id;
  const v2 = new LocalEmbeddings({ conceptTagger: tinyTagger, conceptVersion: "glossary-2" }).id;
  assert.match(v1, /^local-hash-v1:384\+c\.[0-9a-f]{8}$/);
  assert.notEqual(v1, v2);
});

test("vectors have the configured length and unit norm", async () => {
  const vectors = await new LocalEmbeddings({ dimensions: 128 }).embedDocuments([TRAFFICKING, SPORT, "trafficking in persons"]);
  for (const v of vectors) {
    assert.equal(v.length, 128);
    assert.ok(Math.abs(norm(v) - 1) < 1e-9);
  }
});

test("a Chinese paraphrase is closer than an unrelated Chinese paragraph", async () => {
  const [original, paraphrase, unrelated] = await new LocalEmbeddings().embedDocuments([TRAFFICKING, PARAPHRASE, SPORT]);
  assert.ok(original && paraphrase && unrelated);
  assert.ok(cosine(original, paraphrase) > 0.4, `paraphrase cosine ${cosine(original, paraphrase)}`);
  assert.ok(cosine(original, paraphrase) > cosine(original, unrelated) + 0.2);
});

test("hard line breaks inside Chinese words do not change the vector", async () => {
  const embedder = new LocalEmbeddings();
  const wrapped = TRAFFICKING.replace("贩运者", "贩\n运者").replace("人身安全", "人身 \n安全");
  assert.deepEqual(await embedder.embedQuery(wrapped), await embedder.embedQuery(TRAFFICKING));
});

test("an English query meets the Chinese paragraph that shares its concepts when a tagger is given", async () => {
  const query = "Condemn trafficking in women and children and protect the victims";
  const withConcepts = new LocalEmbeddings({ conceptTagger: tinyTagger, conceptVersion: "test" });
  const [q, zh, unrelated] = await withConcepts.embedDocuments([query, TRAFFICKING, SPORT]);
  assert.ok(q && zh && unrelated);
  assert.ok(cosine(q, zh) > 0.3, `cross-lingual cosine ${cosine(q, zh)}`);
  assert.ok(cosine(q, zh) > cosine(q, unrelated) + 0.2);

  const [plainQ, plainZh] = await new LocalEmbeddings().embedDocuments([query, TRAFFICKING]);
  assert.ok(plainQ && plainZh);
  assert.ok(cosine(plainQ, plainZh) < 0.15, "without concepts the scripts share no features");
});

test("English inflections meet after stemming and stopwords do not count", async () => {
  assert.equal(stem("trafficking"), stem("trafficked"));
  assert.equal(stem("victims"), stem("victim"));
  assert.equal(stem("countries"), stem("country"));
  const embedder = new LocalEmbeddings();
  assert.deepEqual(await embedder.embedQuery("the victims of the trafficking"), await embedder.embedQuery("victim trafficked"));
});

test("empty and whitespace-only text give a valid unit vector without throwing", async () => {
  const embedder = new LocalEmbeddings();
  for (const text of ["", "   \n\t ", "，。；"]) {
    const v = await embedder.embedQuery(text);
    assert.equal(v.length, 384);
    assert.ok(v.every(Number.isFinite));
    assert.ok(Math.abs(norm(v) - 1) < 1e-9);
  }
});

test("a 10,000-character text is embedded", async () => {
  const long = seedText("004_6f480fca300e36b0.txt").slice(0, 9_000) + " trafficking ".repeat(80);
  assert.ok(long.length >= 10_000);
  const v = await new LocalEmbeddings({ conceptTagger: tinyTagger }).embedQuery(long);
  assert.equal(v.length, 384);
  assert.ok(Math.abs(norm(v) - 1) < 1e-9);
});
