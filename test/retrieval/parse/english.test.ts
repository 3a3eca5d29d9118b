import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parseDocument } from "../../../retrieval/parse/index.ts";
import { ROOT } from "./helpers.ts";

const doc = parseDocument("ga-resolution.txt", fs.readFileSync(path.join(ROOT, "test/fixtures/en/ga-resolution.txt")));
const res = doc.texts[0]!;

test("an English General Assembly resolution parses like the Chinese texts", () => {
  assert.equal(doc.language, "en");
  assert.equal(doc.texts.length, 1);
  assert.equal(res.symbol, "A/RES/98/101");
  assert.deepEqual(res.aliases, ["98/101"]);
  assert.equal(res.title, "Countering online fraud linked to trafficking in persons");
  assert.equal(res.status, "adopted");
  assert.equal(res.voice, "General Assembly");
  assert.equal(res.year, 2043);
  assert.deepEqual(
    res.paragraphs.map((p) => p.label),
    ["PP 1", "PP 2", "PP 3", "PP 4", "PP 4(a)", "PP 4(b)", "OP 1", "OP 2", "OP 2(a)", "OP 2(b)", "OP 3", "OP 4"],
  );
});

test("English hard wraps join with a space and footnote marks leave the text", () => {
  const pp1 = res.paragraphs[0]!;
  assert.equal(pp1.text, "Reaffirming its commitment to the United Nations Convention against Transnational Organized Crime and the Protocols thereto,");
  assert.deepEqual(pp1.footnotes, [{ mark: "1", text: "United Nations, Treaty Series, vol. 2225, No. 39574." }]);
  const op2b = res.paragraphs.find((p) => p.label === "OP 2(b)")!;
  assert.equal(op2b.text, "To cooperate with the private sector to detect and remove advertisements used for trafficking;");
  assert.equal(op2b.chapeau, "Encourages Member States, in accordance with domestic law, to take measures, inter alia:");
});

test("the closing plenary meeting and date are not taken for paragraphs", () => {
  assert.equal(res.paragraphs.at(-1)!.text, "Requests the Secretary-General to submit to the General Assembly at its one hundredth session a report on the implementation of the present resolution.");
});
