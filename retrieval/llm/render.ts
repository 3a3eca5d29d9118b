/**
 * The answer as plain text, exactly as the bot would post it: the model's sentences (if any), then
 * each quote verbatim from the index under its citation. Nothing quoted here comes from a model.
 */
import type { ComposedAnswer, Hit } from "../types.ts";

const INDENT = "    ";

export function undocsLink(symbol: string): string {
  return `https://undocs.org/${symbol}`;
}

function citationLine(hit: Hit): string {
  const year = hit.year === null ? null : String(hit.year);
  if (hit.symbol === null) {
    const what = [hit.title, hit.body, hit.session].filter((part): part is string => !!part).join(", ");
    return [`no symbol — ${what}`, hit.paragraph.label, year].filter((part): part is string => !!part).join(" · ");
  }
  const aliases = hit.aliases.length > 0 ? ` (${hit.aliases.join(", ")})` : "";
  const draft = hit.status === "draft" ? " [draft]" : "";
  return [`${hit.symbol}${aliases}${draft}`, hit.paragraph.label, hit.title, hit.body, year]
    .filter((part): part is string => !!part)
    .join(" · ");
}

function renderHit(hit: Hit, n: number): string {
  const quote = [hit.chapeau, hit.text].filter((part): part is string => !!part && part.trim() !== "").join("\n");
  const lines = [`[${n}] ${quote.replace(/\n/g, `\n${INDENT}`)}`, `${INDENT}— ${citationLine(hit)}`];
  if (hit.symbol !== null) lines.push(`${INDENT}${undocsLink(hit.symbol)}`);
  if (hit.alsoIn.length > 0) {
    const others = hit.alsoIn.map((also) => `${also.symbol ?? `no symbol — ${also.title}`} ${also.label}`);
    lines.push(`${INDENT}Also in: ${others.join("; ")}`);
  }
  return lines.join("\n");
}

export function renderAnswerText(answer: ComposedAnswer): string {
  const blocks: string[] = [];
  if (answer.summary) blocks.push(answer.summary);
  if (answer.hits.length === 0) blocks.push("No matching paragraphs found.");
  answer.hits.forEach((hit, i) => blocks.push(renderHit(hit, i + 1)));

  const tail: string[] = answer.notices.map((notice) => `Note: ${notice}`);
  if (answer.lookup && !answer.lookup.found) {
    const nearest = answer.lookup.suggestions.length > 0 ? ` Nearest: ${answer.lookup.suggestions.join(", ")}` : "";
    tail.push(`No paragraph matches ${answer.lookup.asked}.${nearest}`);
  }
  if (tail.length > 0) blocks.push(tail.join("\n"));
  return `${blocks.join("\n\n")}\n`;
}
