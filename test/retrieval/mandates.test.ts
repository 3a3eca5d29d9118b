import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { extractAddressees, extractDeadline, isMandate } from "../../retrieval/mandates.ts";

const seedsDir = path.resolve(import.meta.dirname, "../../seeds");
// The seeds hard-wrap and pad lines; joined like the parser does, sentences can be found whole.
const corpus = ["000_e8288b70285ba9e8", "001_281e206c76e8c8fb", "002_fe26c6ee3f5651c7", "003_bece8fc2a35dc28e", "004_6f480fca300e36b0"]
  .map((name) =>
    readFileSync(path.join(seedsDir, `${name}.txt`), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .join("")
      .replace(/ +/g, " "),
  )
  .join("");

/** Returns the sentence only after checking it is really in the seeds, so the tests stay on real text. */
function seed(sentence: string): string {
  assert.ok(corpus.includes(sentence), `not found verbatim in seeds: ${sentence}`);
  return sentence;
}

test("operative paragraphs that request, urge, encourage, invite or decide are mandates", () => {
  for (const text of [
    seed("9. 请联合国毒品和犯罪问题办公室："),
    seed("30. 又请秘书长向大会第七十五届会议提交关于本决议执行情况的报告。"),
    seed("8. 吁请会员国加强以社区为基础的青年支持措施，以消除犯罪和暴力风险因素，并鼓励会员国在这方面提供体育和娱乐设施及方案；"),
    seed("22. 又促请会员国采取措施，在安全和适当的情况下支持贩运人口行为受害人的家庭团聚，特别是当这些受害人是儿童时，同时考虑到儿童的最佳利益；"),
    seed("6. 敦促会员国在信息通信技术方面酌情加强对所有相关官员的培训，以打击一切形式的贩运儿童行为；"),
    seed("8. 还鼓励会员国让负责电信和数据保护政策的政府机构以及信息和通信技术业界参与加强全国协调，以打击网上对儿童的性剥削和性虐待；"),
    seed("13. 邀请会员国和其他捐助方按照联合国的规则和程序为上述目的提供预算外资源。"),
    seed("5. 决定于 2026 年 4 月 25 日至 30 日在阿布扎比举行第十五届预防犯罪大会，并于 2026 年 4 月 24 日举行会前磋商；"),
  ]) {
    assert.equal(isMandate(text, "zh"), true, text);
  }
});

test("reaffirmations, recollections and draft headings are not mandates", () => {
  for (const text of [
    seed("2. 重申不能也不应将贩运人口特别是贩运妇女和女童的行为与任何宗教、国籍或文明相联系；"),
    seed("8. 重申有效的国际合作在预防和打击贩运人口方面的重要作用，包括在司法协助和引渡方面的重要作用；"),
    seed("回顾委员会 2023年 5月 27日第 32/1号决议，其中吁请会员国评估贩运人口的根源"),
    "决定草案二",
  ]) {
    assert.equal(isMandate(text, "zh"), false, text);
  }
});

test("the addressee is the entity the verb names, in canonical English", () => {
  assert.deepEqual(extractAddressees(seed("9. 请联合国毒品和犯罪问题办公室："), "zh"), ["UNODC"]);
  assert.deepEqual(extractAddressees(seed("30. 又请秘书长向大会第七十五届会议提交关于本决议执行情况的报告。"), "zh"), ["the Secretary-General"]);
  assert.deepEqual(extractAddressees(seed("13. 邀请会员国和其他捐助方按照联合国的规则和程序为上述目的提供预算外资源。"), "zh"), [
    "Member States",
    "donors",
  ]);
  assert.deepEqual(
    extractAddressees(seed("22. 请委员会第二十九届会议高度优先审议第十四届预防犯罪大会的宣言，以便通过经济及社会理事会建议大会第七十五届会议采取适当后续行动；"), "zh"),
    ["the Commission"],
  );
});

test("a list of addressees joined by 、 和 以及 is kept whole, a partner after 与 is not", () => {
  assert.deepEqual(
    extractAddressees(seed("3. 邀请所有会员国、联合国系统相关机构和其他国际组织以及民间社会继续积极举办“世界打击贩运人口行为日”年度活动；"), "zh"),
    ["Member States", "United Nations system entities", "international organizations", "civil society"],
  );
  assert.deepEqual(extractAddressees(seed("5. 请秘书长和大会主席与会员国密切合作及协调，采取一切适当措施安排高级别会议；"), "zh"), [
    "the Secretary-General",
    "the President of the General Assembly",
  ]);
});

test("entities inside an instrument's title or a later clause are not addressees", () => {
  assert.deepEqual(
    extractAddressees(seed("3. 吁请加入《儿童权利公约关于买卖儿童、儿童卖淫和儿童色情制品问题的任择议定书》⁵ 的会员国履行其法律义务；"), "zh"),
    ["Member States"],
  );
  assert.deepEqual(
    extractAddressees(seed("20. 鼓励会员国向联合国毒品和犯罪问题办公室包括网络犯罪问题全球方案捐助资源，以打击网上对儿童的性剥削和性虐待；"), "zh"),
    ["Member States"],
  );
  assert.deepEqual(extractAddressees(seed("2. 重申不能也不应将贩运人口特别是贩运妇女和女童的行为与任何宗教、国籍或文明相联系；"), "zh"), []);
});

test("a reporting deadline is quoted as the paragraph words it", () => {
  assert.equal(
    extractDeadline(seed("还请秘书长向大会第八十一届会议提交一份关于本决议执行情况的报告。"), "zh"),
    "向大会第八十一届会议提交一份关于本决议执行情况的报告",
  );
  assert.equal(extractDeadline(seed("14. 请秘书长向委员会第二十九届会议报告本决议的执行情况。"), "zh"), "向委员会第二十九届会议报告");
  assert.equal(
    extractDeadline(seed("23. 请秘书长确保适当落实本决议，并通过委员会向大会第七十五届会议报告这方面的情况。"), "zh"),
    "通过委员会向大会第七十五届会议报告",
  );
});

test("a session mentioned without a report to it is not a deadline", () => {
  assert.equal(
    extractDeadline(seed("11. 决定预防犯罪和刑事司法委员会在其第三十五届会议期间进行专题讨论时适当审议第十五届预防犯罪大会的报告；"), "zh"),
    null,
  );
  assert.equal(extractDeadline(seed("13. 邀请会员国和其他捐助方按照联合国的规则和程序为上述目的提供预算外资源。"), "zh"), null);
});

// No English seeds yet: these follow the standard wording of General Assembly and ECOSOC resolutions.
test("English operative paragraphs give their verb, addressees and deadline", () => {
  const text =
    "12. Further requests the Secretary-General to submit to the General Assembly at its eighty-first session a report on the implementation of the present resolution;";
  assert.equal(isMandate(text, "en"), true);
  assert.deepEqual(extractAddressees(text, "en"), ["the Secretary-General"]);
  assert.equal(extractDeadline(text, "en"), "submit to the General Assembly at its eighty-first session");

  const invite = "Invites Member States and other donors to provide extrabudgetary resources for those purposes;";
  assert.equal(isMandate(invite, "en"), true);
  assert.deepEqual(extractAddressees(invite, "en"), ["Member States", "donors"]);
  assert.equal(extractDeadline(invite, "en"), null);

  const office =
    "Requests the United Nations Office on Drugs and Crime to report to the Commission on Crime Prevention and Criminal Justice at its thirty-fifth session on the implementation of the present resolution;";
  assert.deepEqual(extractAddressees(office, "en"), ["UNODC"]);
  assert.equal(
    extractDeadline(office, "en"),
    "report to the Commission on Crime Prevention and Criminal Justice at its thirty-fifth session",
  );
});

test("English preambular paragraphs are not mandates", () => {
  assert.equal(isMandate("Recalling its resolution 73/184 of 17 December 2018,", "en"), false);
  assert.equal(isMandate("Reaffirms the importance of international cooperation;", "en"), false);
  assert.deepEqual(extractAddressees("Recalling its resolution 73/184,", "en"), []);
});
