import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { detectLanguage, Glossary, stem } from "../../retrieval/glossary/index.ts";
import { MandateDeskError } from "../../retrieval/errors.ts";

const termsPath = fileURLToPath(new URL("../../retrieval/glossary/terms.json", import.meta.url));
const glossary = Glossary.load();

function zhOf(query: string): string[] {
  return glossary.expand(query).zhTerms;
}

test("the shipped glossary loads with at least 900 entries, unique ids and no empty variants", () => {
  assert.ok(glossary.size >= 900, `only ${glossary.size} entries`);
  const ids = glossary.entries.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const entry of glossary.entries) {
    assert.ok(entry.en.length > 0 && entry.zh.length > 0, entry.id);
    for (const v of [...entry.en, ...entry.zh]) assert.ok(v.trim().length > 0, entry.id);
  }
});

test("loading twice returns the cached glossary", () => {
  assert.equal(Glossary.load(), glossary);
});

test("no Chinese wording is claimed by two concepts", () => {
  const owner = new Map<string, string>();
  for (const entry of glossary.entries) {
    for (const v of entry.zh) {
      const key = v.replace(/\s/g, "");
      assert.equal(owner.get(key) ?? entry.id, entry.id, `${v} is in ${owner.get(key)} and ${entry.id}`);
      owner.set(key, entry.id);
    }
  }
});

test("trafficking in persons maps to both Chinese word orders", () => {
  const zh = zhOf("trafficking in persons");
  assert.ok(zh.includes("贩运人口"));
  assert.ok(zh.includes("人口贩运"));
  assert.deepEqual(glossary.conceptsIn("human trafficking"), ["trafficking_in_persons"]);
});

test("UNODC maps to the full name and the abbreviation 毒罪办", () => {
  const zh = zhOf("What is UNODC doing?");
  for (const v of ["联合国毒品和犯罪问题办公室", "毒品和犯罪问题办公室", "毒罪办"]) assert.ok(zh.includes(v), v);
  assert.deepEqual(glossary.conceptsIn("the United Nations Office on Drugs and Crime"), ["unodc"]);
});

test("online scams map to the fraud and scam family of Chinese terms", () => {
  const e = glossary.expand("what have we agreed on online scams and trafficking?");
  assert.deepEqual(e.concepts, ["online_scams", "trafficking_in_persons"]);
  for (const v of ["诈骗", "网络诈骗", "网上欺诈"]) assert.ok(e.zhTerms.includes(v), v);
  assert.ok(e.broader.includes("fraud"));
  assert.equal(e.language, "en");
  assert.ok(e.expandedText.startsWith("what have we agreed on online scams and trafficking?"));
  assert.ok(e.expandedText.includes("贩运人口"));
});

test("plurals and verb forms find the same concept as the base form", () => {
  assert.deepEqual(glossary.conceptsIn("victims"), ["victims"]);
  assert.deepEqual(glossary.conceptsIn("a victim"), ["victims"]);
  assert.deepEqual(glossary.conceptsIn("trafficked"), glossary.conceptsIn("trafficking"));
  assert.deepEqual(glossary.conceptsIn("migrants who were smuggled"), ["migrants"]);
  assert.deepEqual(glossary.conceptsIn("Smuggling of Migrants"), ["smuggling_of_migrants"]);
  assert.equal(stem("noted"), stem("note"));
  assert.notEqual(stem("noted"), stem("not"));
});

test("English matching respects word boundaries and is case-insensitive", () => {
  assert.deepEqual(glossary.conceptsIn("INTERPOL and interpol"), ["interpol"]);
  assert.deepEqual(glossary.conceptsIn("the unodcx office"), []);
  assert.deepEqual(glossary.conceptsIn("capacity-building"), glossary.conceptsIn("capacity building"));
});

test("the longest wording wins, so a Convention is not also read as its parts", () => {
  assert.deepEqual(glossary.conceptsIn("《联合国打击跨国有组织犯罪公约》"), ["untoc"]);
  assert.deepEqual(glossary.conceptsIn("the Organized Crime Convention"), ["untoc"]);
  assert.deepEqual(glossary.withBroader(["trafficking_protocol"]).slice(0, 2), ["trafficking_protocol", "trafficking_in_persons"]);
});

test("Chinese paragraph text yields its concepts in order of mention", () => {
  const text = "19. 请联合国毒品和犯罪问题办公室根据请求协助会员国制定对年龄和性别敏感的战略，以预防和打击网上儿童性剥削和性虐待，并为执行本决议提供预算外资源；";
  const concepts = glossary.conceptsIn(text);
  for (const id of ["unodc", "upon_request", "member_states", "online_child_sexual_exploitation", "extrabudgetary_resources"]) {
    assert.ok(concepts.includes(id), id);
  }
  assert.ok(concepts.indexOf("unodc") < concepts.indexOf("extrabudgetary_resources"));
  const matches = glossary.match(text);
  const first = matches.find((m) => m.concepts.includes("unodc"));
  assert.equal(text.slice(first?.start, first?.end), "联合国毒品和犯罪问题办公室");
});

test("line breaks inside a Chinese word do not hide it", () => {
  assert.deepEqual(glossary.conceptsIn("利用在\n线诈骗贩运人口"), ["online_scams", "trafficking_in_persons"]);
  assert.ok(glossary.conceptsIn("《2030 年可持续发展议程》").includes("agenda_2030"));
});

test("the crime programme's everyday vocabulary bridges to document wording", () => {
  assert.ok(zhOf("kids").includes("儿童"));
  assert.ok(zhOf("prisons").includes("监狱"));
  assert.ok(zhOf("internet").includes("互联网"));
  assert.ok(zhOf("funding").includes("资源"));
  assert.ok(zhOf("reintegration").includes("重新融入社会"));
  assert.ok(zhOf("reduce recidivism").includes("再次犯罪"));
  assert.ok(zhOf("urges").includes("敦促"));
  assert.ok(zhOf("calls upon").includes("吁请"));
  assert.ok(zhOf("requests").includes("请"));
  assert.ok(zhOf("child sexual abuse material").includes("儿童性虐待材料"));
  assert.ok(zhOf("the seventy-fifth session").includes("第七十五届会议"));
});

test("colloquial Chinese and procedural English reach the documents' own wording", () => {
  assert.ok(zhOf("虐童图片").includes("儿童性虐待材料"));
  assert.deepEqual(glossary.conceptsIn("网上诱骗"), ["grooming"]);
  assert.ok(zhOf("general-purpose funds").includes("普通用途资金"));
  assert.ok(zhOf("programme budget implications").includes("所涉方案预算问题"));
  assert.ok(zhOf("CBRN terrorism").includes("化学、生物、放射性和核恐怖主义"));
  assert.ok(glossary.conceptsIn("《濒危野生动植物种国际贸易公约》").includes("cites"));
  assert.ok(glossary.withBroader(["cites"]).includes("wildlife_trafficking"));
});

test("a one-character Chinese variant is offered for expansion but never detected in text", () => {
  assert.deepEqual(glossary.conceptsIn("请"), []);
  assert.ok(glossary.conceptsIn("又请秘书长").includes("requests"));
});

test("Chinese queries expand to English wording", () => {
  const e = glossary.expand("毒罪办在反恐方面提供的技术援助");
  assert.equal(e.language, "zh");
  assert.deepEqual(e.concepts, ["unodc", "counter_terrorism", "technical_assistance"]);
  assert.ok(e.enTerms.includes("UNODC"));
  assert.ok(e.enTerms.includes("technical assistance"));
});

test("query language is detected without being fooled by document symbols", () => {
  assert.equal(detectLanguage("A/C.3/74/L.2 执行部分第 11 段说了什么"), "zh");
  assert.equal(detectLanguage("what does OP 11 of A/C.3/74/L.2 say"), "en");
  assert.equal(detectLanguage("UNODC 的网络犯罪工作"), "mixed");
  assert.equal(detectLanguage("12345"), "other");
});

test("a query in Russian or Arabic comes back as other without crashing", () => {
  for (const q of ["Что говорится о торговле людьми?", "ما هي قرارات الاتجار بالبشر", "Что делает UNODC?"]) {
    const e = glossary.expand(q);
    assert.equal(e.language, "other");
    assert.ok(e.expandedText.startsWith(q.trim()));
  }
  assert.deepEqual(glossary.expand("Что делает UNODC?").concepts, ["unodc"]);
});

test("an empty query expands to nothing", () => {
  const e = glossary.expand("");
  assert.deepEqual(e, { language: "other", concepts: [], broader: [], zhTerms: [], enTerms: [], expandedText: "" });
  assert.deepEqual(glossary.conceptsIn(""), []);
});

function rejects(data: unknown, pattern: RegExp): void {
  assert.throws(
    () => Glossary.fromData(data, "bad.json"),
    (error: unknown) => error instanceof MandateDeskError && error.code === "md_glossary_malformed" && pattern.test(error.message),
  );
}

test("a malformed glossary is rejected with a message naming the bad entry", () => {
  const good = { id: "ok", en: ["ok"], zh: ["好的"] };
  rejects({ version: 1, entries: [good, { id: "victims", en: ["victims", " "], zh: ["受害者"] }] }, /entry #2 \("victims"\): en\[1\] is empty/);
  rejects({ version: 1, entries: [good, { id: "no_zh", en: ["x"], zh: [] }] }, /entry #2 \("no_zh"\).*Chinese variant/);
  rejects({ version: 1, entries: [good, { id: "ok", en: ["y"], zh: ["是"] }] }, /entry #2 \("ok"\): duplicate id/);
  rejects({ version: 1, entries: [good, { id: "latin", en: ["x"], zh: ["abc"] }] }, /"latin".*no Chinese character/);
  rejects({ version: 1, entries: [{ ...good, broader: ["missing"] }] }, /"ok".*broader concept "missing" does not exist/);
  rejects({ version: 1, entries: [{ ...good, extra: true }] }, /entry #1 \("ok"\)/);
  rejects({ entries: [] }, /bad\.json is malformed/);
});

test("a glossary file with broken JSON names the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "glossary-"));
  try {
    const path = join(dir, "terms.json");
    writeFileSync(path, readFileSync(termsPath, "utf8").slice(0, 500));
    assert.throws(() => Glossary.load(path), (error: unknown) => error instanceof MandateDeskError && error.message.includes(path));
    writeFileSync(path, JSON.stringify({ version: 1, entries: [{ id: "sport", en: ["sport"], zh: ["体育运动"] }] }));
    assert.deepEqual(Glossary.load(path).conceptsIn("体育运动 and sports"), ["sport"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
