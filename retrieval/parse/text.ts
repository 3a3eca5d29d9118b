/** Small text facts shared by the parser stages. */

export const CJK_CHAR = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_PUNCT = /[\u3000-\u303f\uff00-\uffef《》「」『』“”‘’、，。；：！？（）【】…—]/;
const CJK_OR_PUNCT = new RegExp(`(?:${CJK_CHAR.source}|${CJK_PUNCT.source})`);

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK_OR_PUNCT.test(ch);
}

/** Display width: CJK and full-width characters take two columns, as on the printed page. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isCjk(ch) ? 2 : 1;
  return w;
}

/** A paragraph, in either language, ends at one of these; a hard wrap never does (but see `endsTerminated`). */
const TERMINAL = /[，；。：,;:.!?！？]$/;

/** A footnote mark printed after the final punctuation ("…补充议定书》，25") does not unfinish a paragraph. */
const TRAILING_MARK = /(?:(?<=[，；。：,;:])|(?<=[a-z)”"]\.))\s*(?:\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,3})$/;

/** "…/Rev.1", "No. 3": a number after an abbreviation's period is part of the text. */
const ABBREVIATED_NUMBER = /(?:Rev|Add|Corr|No|vol|para|paras|art|sect|chap)\.\s*\d+$/i;

export function withoutTrailingMark(s: string): string {
  const t = s.trimEnd();
  return ABBREVIATED_NUMBER.test(t) ? t : t.replace(TRAILING_MARK, "");
}

export function endsTerminated(s: string): boolean {
  return TERMINAL.test(withoutTrailingMark(s));
}

/**
 * Joins a hard-wrapped line to the text before it. Chinese joins without a space; English words get
 * one; a line ending in a hyphen ("2015-" + "2018") keeps the hyphen and no space.
 */
export function joinWrapped(before: string, after: string): string {
  const a = before.trimEnd();
  const b = after.trimStart();
  if (a === "") return b;
  if (b === "") return a;
  const last = a.at(-1);
  const first = b[0];
  if (last === "-" || last === "/" || isCjk(last) || isCjk(first)) return a + b;
  return `${a} ${b}`;
}

export function isMostlyCjk(s: string): boolean {
  let cjk = 0;
  let latin = 0;
  for (const ch of s) {
    if (CJK_CHAR.test(ch)) cjk++;
    else if (/[A-Za-z]/.test(ch)) latin++;
  }
  return cjk >= latin / 3;
}

/** UN document symbols: A/C.3/74/L.2, E/CN.15/2024/L.4/Rev.1, A/RES/69/194, CAC/COSP/2017/14, E/2024/30. */
export const SYMBOL_SOURCE = String.raw`(?<![A-Za-z0-9/.])(?:A|E|S|ST|CAC|CTOC|UNODC|TD|HRC|DP|UNEP|ECE)(?:\/(?:Rev\.\d+|Add\.\d+(?:-\d+)?|Corr\.\d+|CRP\.\d+|PM\.\d+|L\.\d+|[A-Z]\.\d+|[A-Z]{1,8}(?![a-z])(?:\.\d+)?|\d{1,4}\([IVXL]+\)|\d+(?:\.\d+)?)){1,7}`;

export function findSymbols(text: string): Array<{ symbol: string; index: number }> {
  const out: Array<{ symbol: string; index: number }> = [];
  for (const m of text.matchAll(new RegExp(SYMBOL_SOURCE, "g"))) {
    // A lone "E/2024" is a date range, not a symbol: a symbol has at least two segments after the body.
    if (m[0].split("/").length < 3 && !/^[AES]\/\d{4}\/\d+$/.test(m[0]) && !/^[AES]\/\d+\/\d+$/.test(m[0])) continue;
    out.push({ symbol: m[0].replace(/[.]$/, ""), index: m.index });
  }
  return out;
}

export function isSymbolLine(s: string): boolean {
  const t = s.trim();
  const found = findSymbols(t);
  return found.length === 1 && found[0]!.index === 0 && found[0]!.symbol.length === t.replace(/[.]$/, "").length;
}

const ORGANS: Array<{ canonical: string; names: RegExp }> = [
  { canonical: "General Assembly", names: /^(?:大会|(?:The )?General Assembly)$/i },
  { canonical: "Economic and Social Council", names: /^(?:经济及社会理事会|经社理事会|(?:The )?Economic and Social Council|ECOSOC)$/i },
  {
    canonical: "Commission on Crime Prevention and Criminal Justice",
    names: /^(?:预防犯罪和刑事司法委员会|(?:The )?Commission on Crime Prevention and Criminal Justice|CCPCJ)$/i,
  },
  { canonical: "Commission on Narcotic Drugs", names: /^(?:麻醉药品委员会|(?:The )?Commission on Narcotic Drugs|CND)$/i },
  { canonical: "Third Committee", names: /^(?:第三委员会|(?:The )?Third Committee)$/i },
  { canonical: "Human Rights Council", names: /^(?:人权理事会|(?:The )?Human Rights Council)$/i },
  { canonical: "Security Council", names: /^(?:安全理事会|安理会|(?:The )?Security Council)$/i },
];

/** The canonical English name of a UN organ named in either language, or null. */
export function canonicalOrgan(name: string): string | null {
  const t = name.trim().replace(/[，,：:]$/, "").trim();
  return ORGANS.find((o) => o.names.test(t))?.canonical ?? null;
}

/** Organ names that may open a text ("大会，", "The General Assembly,"), longest first. */
export const ORGAN_NAME_SOURCE =
  "预防犯罪和刑事司法委员会|经济及社会理事会|经社理事会|麻醉药品委员会|人权理事会|安全理事会|第三委员会|大会|" +
  "(?:The )?(?:General Assembly|Economic and Social Council|Commission on Crime Prevention and Criminal Justice|Commission on Narcotic Drugs|Human Rights Council|Security Council|Third Committee)";

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 一 → 1, 十二 → 12, 二十三 → 23; Roman numerals too (I, IV, XII). */
export function ordinalValue(s: string): number | null {
  if (/^[IVXLC]+$/.test(s)) {
    const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
    let total = 0;
    for (let i = 0; i < s.length; i++) {
      const cur = v[s[i]!]!;
      const next = v[s[i + 1] ?? ""] ?? 0;
      total += cur < next ? -cur : cur;
    }
    return total;
  }
  if (!/^[一二三四五六七八九十]+$/.test(s)) return null;
  if (s === "十") return 10;
  const parts = s.split("十");
  if (parts.length === 1) return CN_DIGITS[s] ?? null;
  const tens = parts[0] === "" ? 1 : (CN_DIGITS[parts[0]!] ?? 0);
  const ones = parts[1] === "" ? 0 : (CN_DIGITS[parts[1]!] ?? 0);
  return tens * 10 + ones;
}

/** Title comparison key: no spaces, marks, quotes or punctuation, so a wrapped or footnoted title still matches. */
export function titleKey(title: string): string {
  return title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s*“”"'‘’《》〈〉「」()（）\[\]、，,。.：:；;—\-]/g, "")
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, "");
}
