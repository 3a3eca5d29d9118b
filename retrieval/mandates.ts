/**
 * What an operative paragraph asks of whom, and by when. Pure functions over the verbatim text, so the
 * digest can say "UNODC — report to the General Assembly at its eighty-first session" next to a quote
 * without a model. Conservative on purpose: a missed addressee costs less than a wrong one.
 */
import type { Language } from "./types.ts";

/** "7. ", "(a) ", " 10. " — numbering the parser may leave in front of the text. */
const LEADING_NUMBER = /^\s*(?:\d+\s*[.．、]\s*)?(?:[(（]\s*[a-z]{1,3}\s*[)）]\s*)?/i;

const ZH_ADVERBS = "(?:还|又|并|再次|进一步|也|同时|最后|特别|强烈|大力|坚决|一再)*";
const ZH_VERBS = "(?:吁请|促请|敦促|鼓励|邀请|呼吁|要求|授权|指示|责成|建议|决定(?!草案)|请(?!求))";
const ZH_MANDATE = new RegExp(`^${ZH_ADVERBS}${ZH_VERBS}`);

const EN_ADVERBS = "(?:(?:also|further|again|once again|strongly|hereby|moreover|finally|in this regard|in this context)[\\s,]+)*";
const EN_VERBS = "(?:requests|decides|calls upon|calls on|urges|encourages|invites|authorizes|directs|instructs|recommends|entrusts|appeals to)\\b";
const EN_MANDATE = new RegExp(`^${EN_ADVERBS}${EN_VERBS}`, "i");

function stripNumbering(text: string): string {
  return text.replace(LEADING_NUMBER, "").trim();
}

/** True when the paragraph opens with an operative verb that asks or decides something. */
export function isMandate(text: string, language: Language): boolean {
  const body = stripNumbering(text);
  return language === "zh" ? ZH_MANDATE.test(body) : EN_MANDATE.test(body);
}

interface Entity {
  pattern: string;
  name: string;
}

// Longest names first: "预防犯罪和刑事司法委员会" must win over the bare "委员会".
const ZH_ENTITIES: Entity[] = [
  { pattern: "联合国毒品和犯罪问题办公室", name: "UNODC" },
  { pattern: "毒品和犯罪问题办公室", name: "UNODC" },
  { pattern: "打击人口贩运机构间协调小组", name: "the Inter-Agency Coordination Group against Trafficking in Persons" },
  { pattern: "打击贩运人口机构间协调小组", name: "the Inter-Agency Coordination Group against Trafficking in Persons" },
  { pattern: "预防犯罪和刑事司法委员会", name: "the Commission on Crime Prevention and Criminal Justice" },
  { pattern: "麻醉药品委员会", name: "the Commission on Narcotic Drugs" },
  { pattern: "联合国区域间犯罪和司法研究所", name: "UNICRI" },
  { pattern: "国际刑事警察组织", name: "INTERPOL" },
  { pattern: "经济及社会理事会", name: "the Economic and Social Council" },
  { pattern: "人权理事会", name: "the Human Rights Council" },
  { pattern: "联合国系统各实体", name: "United Nations system entities" },
  { pattern: "联合国系统相关机构", name: "United Nations system entities" },
  { pattern: "联合国系统", name: "United Nations system entities" },
  { pattern: "大会主席", name: "the President of the General Assembly" },
  { pattern: "联合国各实体", name: "United Nations entities" },
  { pattern: "政府间专家组", name: "the intergovernmental expert group" },
  { pattern: "秘书长", name: "the Secretary-General" },
  { pattern: "执行主任", name: "the Executive Director" },
  { pattern: "会员国", name: "Member States" },
  { pattern: "缔约国", name: "States parties" },
  { pattern: "各国政府", name: "Governments" },
  { pattern: "各国", name: "States" },
  { pattern: "捐助方", name: "donors" },
  { pattern: "国际组织", name: "international organizations" },
  { pattern: "区域组织", name: "regional organizations" },
  { pattern: "民间社会", name: "civil society" },
  { pattern: "私营部门", name: "the private sector" },
  { pattern: "委员会", name: "the Commission" },
  { pattern: "大会", name: "the General Assembly" },
];

const EN_ENTITIES: Entity[] = [
  { pattern: "United Nations Office on Drugs and Crime", name: "UNODC" },
  { pattern: "UNODC", name: "UNODC" },
  { pattern: "Inter-Agency Coordination Group against Trafficking in Persons", name: "the Inter-Agency Coordination Group against Trafficking in Persons" },
  { pattern: "Commission on Crime Prevention and Criminal Justice", name: "the Commission on Crime Prevention and Criminal Justice" },
  { pattern: "Commission on Narcotic Drugs", name: "the Commission on Narcotic Drugs" },
  { pattern: "Economic and Social Council", name: "the Economic and Social Council" },
  { pattern: "Human Rights Council", name: "the Human Rights Council" },
  { pattern: "INTERPOL", name: "INTERPOL" },
  { pattern: "United Nations system", name: "United Nations system entities" },
  { pattern: "United Nations entities", name: "United Nations entities" },
  { pattern: "intergovernmental expert group", name: "the intergovernmental expert group" },
  { pattern: "Secretary-General", name: "the Secretary-General" },
  { pattern: "Executive Director", name: "the Executive Director" },
  { pattern: "Member States", name: "Member States" },
  { pattern: "States parties", name: "States parties" },
  { pattern: "Governments", name: "Governments" },
  { pattern: "States", name: "States" },
  { pattern: "donors", name: "donors" },
  { pattern: "international organizations", name: "international organizations" },
  { pattern: "regional organizations", name: "regional organizations" },
  { pattern: "civil society", name: "civil society" },
  { pattern: "private sector", name: "the private sector" },
  { pattern: "Commission", name: "the Commission" },
  { pattern: "President of the General Assembly", name: "the President of the General Assembly" },
  { pattern: "General Assembly", name: "the General Assembly" },
];

interface Mention {
  start: number;
  end: number;
  name: string;
}

function findMentions(window: string, entities: Entity[], language: Language): Mention[] {
  const mentions: Mention[] = [];
  for (const entity of entities) {
    const haystack = language === "en" ? window.toLowerCase() : window;
    const needle = language === "en" ? entity.pattern.toLowerCase() : entity.pattern;
    let from = 0;
    for (;;) {
      const at = haystack.indexOf(needle, from);
      if (at < 0) break;
      const end = at + needle.length;
      const wordBounded = language === "zh" || (!/\w/.test(window[at - 1] ?? "") && !/\w/.test(window[end] ?? ""));
      const overlaps = mentions.some((m) => at < m.end && end > m.start);
      if (wordBounded && !overlaps) mentions.push({ start: at, end, name: entity.name });
      from = end;
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}

const ZH_CONNECTOR = /^(?:和|及|以及|、|，)?(?:其他|各|有关|相关|所有)?$/;
const EN_CONNECTOR = /^(?:,|,?\s*and|,?\s*as well as)?\s*(?:the|other|all|relevant|interested)?\s*(?:other|relevant)?$/i;

/**
 * Who the operative verb addresses, as canonical English names: the first entity named after the
 * verb and those joined to it by "and" / "和", never entities from a later clause ("向大会报告").
 */
export function extractAddressees(text: string, language: Language): string[] {
  const body = stripNumbering(text);
  const verb = (language === "zh" ? ZH_MANDATE : EN_MANDATE).exec(body);
  if (!verb) return [];
  let window = body.slice(verb[0].length);
  if (language === "zh") {
    // Titles of instruments name no addressee and often contain entity-like words.
    window = window.replace(/《[^》]*》/g, "").split(/[：:；;。]/)[0] ?? "";
  } else {
    window = window.split(/\bto\b|[;:]/)[0] ?? "";
  }
  const mentions = findMentions(window, language === "zh" ? ZH_ENTITIES : EN_ENTITIES, language);
  const first = mentions[0];
  if (!first) return [];
  const names = [first.name];
  let previous = first;
  for (const mention of mentions.slice(1)) {
    const between = window.slice(previous.end, mention.start);
    if (!(language === "zh" ? ZH_CONNECTOR : EN_CONNECTOR).test(between.trim())) break;
    if (!names.includes(mention.name)) names.push(mention.name);
    previous = mention;
  }
  return names;
}

const ZH_NUMERAL = "[零〇一二三四五六七八九十百\\d]+";
const ZH_DEADLINE = new RegExp(`(?:通过[^，。；向]{0,20})?向[^，。；]{0,25}?第${ZH_NUMERAL}届会议[^，。；]{0,30}?报告`);
const EN_DEADLINE =
  /\b(?:report|submit)\b[^.;]{0,160}?\bto the [A-Z][A-Za-z ,]*? at its (?:[a-z]+-)?[a-z]+ (?:regular |special )?session\b/;

/** The reporting obligation as the paragraph words it ("向大会第八十一届会议提交一份关于本决议执行情况的报告"), or null. */
export function extractDeadline(text: string, language: Language): string | null {
  const match = (language === "zh" ? ZH_DEADLINE : EN_DEADLINE).exec(text);
  return match ? match[0].trim() : null;
}
