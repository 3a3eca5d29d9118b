import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { counts, paragraph, seed, text } from "./helpers.ts";

describe("the seed documents parse into the texts a reader can count", () => {
  test("each document yields its texts with the symbols the documents state, and null where none is stated", () => {
    const got = ["000", "001", "002", "003", "004"].map((p) => seed(p).texts.map((t) => [t.heading ?? t.kind, t.symbol]));
    assert.deepEqual(got, [
      [["法国和罗马尼亚：决议草案", null]],
      [["哥伦比亚：决议草案", null]],
      [
        ["report", null],
        ["决议草案一", "A/C.3/74/L.2"],
        ["决议草案二", "A/C.3/74/L.3"],
        ["决议草案三", "A/C.3/74/L.4"],
        ["决议草案四", "A/C.3/74/L.5"],
        ["决议草案五", "A/C.3/74/L.6"],
        ["决议草案六", "A/C.3/74/L.7"],
        ["决议草案七", "A/C.3/74/L.10/Rev.1"],
        ["决议草案八", "A/C.3/74/L.18/Rev.1"],
      ],
      [["2022/14. 加强国家和国际努力，包括与私营部门的努力，保护儿童免遭性剥削和性虐待", "E/RES/2022/14"]],
      [
        ["report", "E/2024/30"],
        ["决议草案一", "E/CN.15/2024/L.3/Rev.1"],
        ["决议草案二", "E/CN.15/2024/L.5/Rev.1"],
        ["决议草案三", "E/CN.15/2024/L.6/Rev.1"],
        ["决议草案", "E/CN.15/2024/L.4/Rev.1"],
        ["决定草案一", null],
        ["决定草案二", "E/CN.15/2024/L.7"],
        ["第 33/1号决议", "E/CN.15/2024/L.2"],
        ["第 33/1号决定", null],
      ],
    ]);
  });

  test("every text has the operative-paragraph count printed in the document", () => {
    const ops = ["000", "001", "002", "003", "004"].map((p) => seed(p).texts.filter((t) => t.kind !== "report").map((t) => counts(t).op));
    assert.deepEqual(ops, [[7], [18], [14, 23, 13, 14, 21, 30, 26, 65], [22], [27, 5, 12, 10, 1, 0, 11, 0]]);
  });

  test("preambular paragraphs are counted by order and sub-paragraphs are their own units", () => {
    assert.deepEqual(counts(text(seed("000"), "法国和罗马尼亚：决议草案")), { pp: 8, op: 7, sub: 0, report: 0 });
    assert.deepEqual(counts(text(seed("003"), seed("003").texts[0]!.heading)), { pp: 31, op: 22, sub: 0, report: 0 });
    assert.deepEqual(counts(text(seed("004"), "第 33/1号决议")), { pp: 12, op: 11, sub: 21, report: 0 });
    assert.deepEqual(counts(text(seed("002"), "决议草案七")), { pp: 40, op: 26, sub: 6, report: 0 });
  });

  test("report narratives are ingested as numbered report paragraphs of the report", () => {
    assert.equal(counts(text(seed("002"), null)).report, 29);
    assert.equal(counts(text(seed("004"), null)).report, 170);
    const para99 = paragraph(text(seed("004"), null), "para. 99");
    assert.match(para99.text, /^在这次会议上，委员会还通过了经修订的题为“在技术迅速变革的背景下打击人口贩运”的决议草案（E\/CN\.15\/2024\/L\.2）/);
  });

  test("adopted numbers, containing reports and recommending resolutions are aliases, never the symbol", () => {
    const r331 = text(seed("004"), "第 33/1号决议");
    assert.equal(r331.status, "adopted");
    assert.deepEqual(r331.aliases, ["33/1", "E/2024/30"]);
    const l2 = text(seed("002"), "决议草案一");
    assert.deepEqual(l2.aliases, ["E/RES/2019/16"]);
    assert.equal(l2.status, "draft");
    const ecosoc = seed("003").texts[0]!;
    assert.equal(ecosoc.body, "Economic and Social Council");
    assert.equal(ecosoc.voice, "General Assembly");
    assert.equal(ecosoc.year, 2022);
  });

  test("the agenda document named in a footnote is not taken for the draft's symbol", () => {
    const draft = seed("001").texts[0]!;
    assert.equal(draft.symbol, null);
    assert.equal(draft.aliases.includes("E/CN.15/2018/1"), false);
    assert.equal(draft.title, "改进工作协调，打击贩运人口：行动呼吁");
    assert.equal(draft.body, "Commission on Crime Prevention and Criminal Justice");
    assert.equal(draft.session, "第二十七届会议");
    assert.equal(draft.year, 2018);
  });
});

describe("verbatim paragraph text", () => {
  test("a paragraph interrupted by a footnote block on a hard-wrapped page comes out whole", () => {
    const p = paragraph(text(seed("004"), "决议草案二"), "PP 8");
    assert.equal(
      p.text,
      "还回顾其请联合国毒品和犯罪问题办公室在预算外资源允许的情况下，召开一次配有联合国所有正式语文口译的不限成员名额政府间专家组会议，以期制定减少再次犯罪示范战略，可作会员国的有益工具，同时考虑到现有的联合国预防犯罪和刑事司法标准和规范中的有关规定、目前的发展情况、研究和工具、会员国提供的书面意见，在无妨碍的情况下，也考虑到 2022 年 4 月 6 日至8 日举行的关于该专题的专家组会议的成果，",
    );
  });

  test("a paragraph cut by footnotes in the one-paragraph-per-line layout comes out whole, its mark moved to metadata", () => {
    const p = paragraph(text(seed("002"), "决议草案八"), "OP 9");
    assert.equal(
      p.text,
      "欢迎 2016 年 10 月 17 日至 21 日在维也纳举行的第八次缔约方会议决定推动中央机关在引渡和司法协助方面更多地利用《公约》，提高这些机关的效力，并酌情加强执行《联合国打击跨国有组织犯罪公约关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书》；",
    );
    assert.deepEqual(p.footnotes, [{ mark: "25", text: "联合国，《条约汇编》，第 2326 卷，第 39574 号。" }]);
  });

  test("a sub-paragraph carries its chapeau so the quote makes sense alone", () => {
    const p = paragraph(text(seed("004"), "第 33/1号决议"), "OP 7(k)");
    assert.equal(p.sub, "k");
    assert.equal(p.number, 7);
    assert.equal(p.chapeau, "还鼓励会员国根据本国国内法律制度和适用的相关国际法，包括人权法，采取措施，除其他外：");
    assert.equal(
      p.text,
      "与相关的学术界和研究界合作，在有关情况下也与私营部门合作，探讨技术的快速发展对人口贩运问题的影响，包括如何利用这些技术预防和打击各种形式的贩运人口行为并帮助贩运活动受害人，以及如何提供有效的保障和监督，以确保技术发展特别是基于人工智能的解决方案中使用的算法不会助长现有的不平等和歧视模式并使之永久化；",
    );
  });

  test("a hard-wrapped PDF paragraph joins its lines without spaces", () => {
    const p = paragraph(seed("000").texts[0]!, "OP 4");
    assert.equal(
      p.text,
      "敦促会员国成立国家打击贩运人口协调办公室，并呼吁此类办公室相互密切开展国际合作和区域合作，合作内容可包括交换在发现贩运人口相关网络活动方面的良好做法和工具，并邀请联合国毒品和犯罪问题办公室协助各国成立此类网络；",
    );
  });

  test("a page break after a comma does not start a new paragraph: the next page's first line is indented one column more", () => {
    const pp3 = paragraph(seed("000").texts[0]!, "PP 3");
    assert.ok(pp3.text.endsWith("同时保护和援助贩运受害者并充分尊重其人权，邀请会员国继续支持积极参与保护受害者的联合国机构和国际组织，"), pp3.text);
    assert.match(paragraph(seed("001").texts[0]!, "PP 5").text, /^回顾通过了《2030 年可持续发展议程》以及可持续发展目标具体目标 5\.2、8\.7/);
  });

  test("a list in a report paragraph keeps one item per line", () => {
    const para7 = paragraph(text(seed("004"), null), "para. 7");
    assert.match(para7.text, /（代表 77 国集团加中国）\n摩洛哥驻联合国/);
  });

  test("a one-paragraph-per-line text keeps its wording, brackets and all", () => {
    const p = paragraph(text(seed("002"), "决议草案一"), "OP 7");
    assert.equal(
      p.text,
      "请联合国毒品和犯罪问题办公室根据其任务授权，与会员国密切协调并与相关国际组织和伙伴合作，继续在利用体育运动和基于体育的学习预防犯罪和暴力行为(包括预防暴力侵害妇女和儿童行为)以及使罪犯重新融入社会方面，查明和传播相关信息和良好做法，并向决策者和从业人员提供咨询和支持；",
    );
  });

  test("footnote marks glued to the text leave the quote and stay on the paragraph", () => {
    const pp1 = paragraph(seed("000").texts[0]!, "PP 1");
    assert.equal(
      pp1.text,
      "重申必须执行《联合国打击跨国有组织犯罪公约》、《联合国打击跨国有组织犯罪公约关于预防、禁止和惩治贩运人口特别是妇女和儿童行为的补充议定书》和《联合国打击跨国有组织犯罪公约关于打击陆、海、空偷运移民的补充议定书》，",
    );
    assert.deepEqual(pp1.footnotes.map((f) => f.mark), ["1", "2", "3"]);
    assert.equal(pp1.footnotes[1]!.text, "同上，第 2237 卷，第 39574 号。");
    const pp11 = paragraph(text(seed("004"), "第 33/1号决议"), "PP 11");
    assert.match(pp11.text, /帮助受害人和幸存者方面的潜力/);
  });

  test("numbers that are not footnote marks stay: goals, enumerations, paragraph references", () => {
    const r331 = text(seed("004"), "第 33/1号决议");
    assert.match(paragraph(r331, "PP 4").text, /可持续发展目标 16的重要性/);
    assert.match(paragraph(text(seed("004"), null), "para. 6").text, /第 1、2、4、5次会议/);
    assert.match(paragraph(seed("003").texts[0]!, "PP 3").text, /《宣言》第 29 段及其呼吁/);
  });

  test("extraction damage is quoted as the document has it, never repaired", () => {
    assert.ok(paragraph(text(seed("004"), "第 33/1号决议"), "OP 5").text.startsWith("励会员国确保"));
  });

  test("no paragraph text carries a URL, a footnote separator, a page header or a stray mark", () => {
    for (const prefix of ["000", "001", "002", "003", "004"]) {
      for (const t of seed(prefix).texts) {
        for (const p of t.paragraphs) {
          const where = `${prefix} ${t.symbol ?? t.title} ${p.label}`;
          assert.doesNotMatch(p.text, /https?:\/\/|undocs\.org|www\./, where);
          assert.doesNotMatch(p.text, /_{3,}/, where);
          assert.doesNotMatch(p.text, /(?:^|\n)(?:E\/2024\/30|E\/CN\.15\/2024\/16)\s*(?:\n|$)/, where);
          assert.doesNotMatch(p.text, /[⁰¹²³⁴⁵⁶⁷⁸⁹*]|\]\(#\)/, where);
          assert.ok(p.text.trim().length > 0, where);
        }
      }
    }
  });

  test("the markdown link marks of the one-per-line layout are removed, and section headings stay out of paragraphs", () => {
    const report = text(seed("002"), null);
    assert.equal(paragraph(report, "para. 14").text, "在 11 月 5 日第 43 次会议上，委员会通过了决议草案 A/C.3/74/L.5(见第 29 段，决议草案四)。");
    assert.equal(paragraph(report, "para. 20").text, "在同次会议上，委员会通过了决议草案 A/C.3/74/L.7(见第 29 段，决议草案六)。");
  });

  test("paragraph ids are derived from the symbol (or title) and label, and are unique", () => {
    const ids = ["000", "001", "002", "003", "004"].flatMap((p) => seed(p).texts.flatMap((t) => t.paragraphs.map((x) => x.id)));
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(paragraph(text(seed("004"), "第 33/1号决议"), "OP 7(k)").id, "E/CN.15/2024/L.2:OP7(k)");
    assert.match(paragraph(seed("000").texts[0]!, "OP 4").id, /^title:[0-9a-f]{12}:OP4$/);
  });

  test("a decision with lettered items cites them under the decision, and its annex is not taken for paragraphs", () => {
    const d2 = text(seed("004"), "决定草案二");
    assert.deepEqual(d2.paragraphs.map((p) => p.label), ["(a)", "(b)", "(c)"]);
    assert.equal(d2.paragraphs[0]!.chapeau, "经济及社会理事会：");
    assert.match(d2.annex ?? "", /^预防犯罪和刑事司法委员会第三十四届会议临时议程\n1\. 选举主席团成员。/);
  });
});
