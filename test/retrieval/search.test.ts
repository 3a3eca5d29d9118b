import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { corpusEntries } from "../../retrieval/corpus.ts";
import { isMandate } from "../../retrieval/mandates.ts";
import type { AnswerStack } from "../../retrieval/service.ts";
import { seededStack } from "./helpers.ts";

let stack: AnswerStack;
let cleanup: () => void;
before(async () => {
  ({ stack, cleanup } = await seededStack());
});
after(() => cleanup());

const search = (q: string, o = {}) => stack.retriever.search(q, o);

describe("citation lookups", () => {
  test("a symbol and an operative paragraph return that paragraph first", async () => {
    const r = await search("A/C.3/74/L.2 OP 11");
    assert.equal(r.hits[0]!.symbol, "A/C.3/74/L.2");
    assert.equal(r.hits[0]!.paragraph.label, "OP 11");
    assert.match(r.hits[0]!.text, /^请联合国毒品和犯罪问题办公室与会员国密切协调/);
    assert.equal(r.lookup?.found, true);
  });

  test("an adopted number with a Chinese paragraph reference and a sub-paragraph letter is understood", async () => {
    const r = await search("33/1 第7段(k)");
    assert.deepEqual([r.hits[0]!.symbol, r.hits[0]!.paragraph.label], ["E/CN.15/2024/L.2", "OP 7(k)"]);
    assert.equal(r.hits.length, 1);
  });

  test("'para' of a resolution means its operative paragraph", async () => {
    const r = await search("E/RES/2022/14 para 10");
    assert.deepEqual([r.hits[0]!.symbol, r.hits[0]!.paragraph.label], ["E/RES/2022/14", "OP 10"]);
  });

  test("a short form that fits two texts returns both and says so", async () => {
    const r = await search("L.2 OP11");
    assert.deepEqual(r.hits.map((h) => `${h.symbol} ${h.paragraph.label}`), ["A/C.3/74/L.2 OP 11", "E/CN.15/2024/L.2 OP 11"]);
    assert.match(r.notices.join(" "), /L\.2 matches 2 texts/);
  });

  test("a whole operative paragraph with items comes with every item in order", async () => {
    const r = await search("33/1 OP 9");
    assert.deepEqual(r.hits.map((h) => h.paragraph.label), ["OP 9", "OP 9(a)", "OP 9(b)"]);
  });

  test("an unknown symbol says so and suggests the nearest existing ones", async () => {
    const r = await search("A/C.3/74/L.9 OP 3");
    assert.equal(r.hits.length, 0);
    assert.equal(r.lookup?.found, false);
    assert.ok(r.lookup!.suggestions.includes("A/C.3/74/L.2"));
    assert.match(r.notices[0]!, /No text in the corpus has the symbol or number A\/C\.3\/74\/L\.9/);
  });

  test("an unknown paragraph number says what the text has and suggests the nearest labels", async () => {
    const r = await search("A/C.3/74/L.2 OP 40");
    assert.equal(r.hits.length, 0);
    assert.match(r.notices[0]!, /has no OP 40 \(it has PP 1–18, OP 1–14\)/);
    assert.equal(r.lookup!.suggestions[0], "A/C.3/74/L.2 OP 14");
  });
});

describe("search", () => {
  test("an English question finds the Chinese paragraphs that answer it", async () => {
    const r = await search("has the Commission asked Member States to counter online scams linked to human trafficking?");
    assert.ok(r.hits.slice(0, 5).some((h) => h.id === "E/CN.15/2024/L.2:OP7(b)" || h.id === "E/CN.15/2024/L.2:PP9(g)"), JSON.stringify(r.hits.map((h) => h.id)));
  });

  test("a pasted verbatim fragment puts its paragraph first with the right symbol and number", async () => {
    const r = await search("检测与涉及贩运儿童的犯罪有关的儿童性剥削材料");
    assert.equal(r.hits[0]!.id, "E/CN.15/2024/L.2:OP7(g)");
    assert.equal(r.hits[0]!.symbol, "E/CN.15/2024/L.2");
  });

  test("every hit's symbol and text are its own text's, verbatim from the corpus", async () => {
    const byId = new Map(corpusEntries(stack.corpus).map((e) => [e.paragraph.id, e]));
    for (const q of ["children online sexual abuse", "体育运动 预防犯罪", "Crime Congress Kyoto", "反恐 技术援助"]) {
      for (const h of (await search(q, { top: 10 })).hits) {
        const e = byId.get(h.id)!;
        assert.equal(h.symbol, e.text.symbol);
        assert.equal(h.text, e.paragraph.text);
        assert.equal(h.paragraph.label, e.paragraph.label);
      }
    }
  });

  test("identical language in several texts is shown once, cited under every text", async () => {
    const groups = new Map<string, string[]>();
    for (const e of corpusEntries(stack.corpus)) {
      if (e.paragraph.text.length < 30) continue;
      groups.set(e.paragraph.text, [...(groups.get(e.paragraph.text) ?? []), e.paragraph.id]);
    }
    const [text, ids] = [...groups.entries()].find(([, list]) => list.length > 1)!;
    const r = await search(text, { top: 10 });
    const shown = r.hits.filter((h) => ids.includes(h.id));
    assert.equal(shown.length, 1);
    assert.deepEqual([shown[0]!.id, ...shown[0]!.alsoIn.map((a) => a.id)].sort(), [...ids].sort());
  });

  test("each retriever can be chosen and returns ranked hits", async () => {
    for (const retriever of ["dense", "bm25", "hybrid"] as const) {
      const r = await search("网络犯罪 技术援助 能力建设", { retriever, top: 3 });
      assert.equal(r.hits.length, 3, retriever);
      assert.deepEqual(r.hits.map((h) => h.rank), [1, 2, 3]);
    }
  });
});

describe("filters", () => {
  test("symbol, body, year and paragraph kind restrict the hits", async () => {
    const bySymbol = await search("儿童", { top: 10, filters: { symbol: "A/C.3/74/L.6" } });
    assert.ok(bySymbol.hits.length > 0 && bySymbol.hits.every((h) => h.symbol === "A/C.3/74/L.6"));
    // A body is the organ that adopts or recommends the text, or the one in whose name it speaks.
    const byBody = await search("trafficking", { top: 10, filters: { body: "Economic and Social Council" } });
    assert.ok(byBody.hits.length > 0 && byBody.hits.every((h) => h.body === "Economic and Social Council" || h.voice === "Economic and Social Council"));
    const byYear = await search("trafficking", { top: 10, filters: { year: 2018 } });
    assert.ok(byYear.hits.length > 0 && byYear.hits.every((h) => h.year === 2018));
    const byKind = await search("trafficking", { top: 10, filters: { kind: "report" } });
    assert.ok(byKind.hits.length > 0 && byKind.hits.every((h) => h.paragraph.kind === "report"));
  });

  test("mandates only returns operative paragraphs that request, decide, call upon or invite", async () => {
    const r = await search("UNODC technical assistance", { top: 10, filters: { mandatesOnly: true } });
    assert.ok(r.hits.length > 0);
    for (const h of r.hits) {
      assert.equal(h.paragraph.kind, "operative");
      assert.ok(isMandate(h.chapeau ?? h.text, "zh") || isMandate(h.text, "zh"), h.text);
    }
  });
});

describe("bad questions never crash and always say what was wrong", () => {
  test("empty, whitespace-only and punctuation-only questions get a notice and no hits", async () => {
    for (const q of ["", "   \n\t ", "？！…——!!!"]) {
      const r = await search(q);
      assert.equal(r.hits.length, 0);
      assert.equal(r.notices.length, 1, q);
    }
  });

  test("a 10,000-character question is searched by its beginning, with a notice", async () => {
    const r = await search("贩运人口".repeat(2500));
    assert.ok(r.hits.length > 0);
    assert.match(r.notices.join(" "), /longer than 1000 characters/);
  });

  test("a question in another script says which languages are searched", async () => {
    const r = await search("Какие резолюции о торговле людьми?");
    assert.equal(r.hits.length, 0);
    assert.match(r.notices[0]!, /Chinese and English/);
  });
});
