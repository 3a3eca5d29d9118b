/**
 * How retrieved text is shown to a model: fenced, numbered, and with anything that could close the
 * fence defused, so a document that says "ignore your instructions" stays data inside its fence.
 * Defusing only changes the model's copy; users are always shown `hits` as stored in the index.
 */
import type { Hit } from "../types.ts";
import { citationLabel } from "./validate.ts";

const FENCE_TAG = /<(\/?)(\s*)(passage|passages|question|history|follow_up|topic)\b/gi;

/** Makes text safe to place inside the prompt's fences: no tag in it can open or close one. */
export function asData(text: string): string {
  return text.replace(FENCE_TAG, (_m, slash: string, space: string, tag: string) => `‹${slash}${space}${tag}`);
}

function oneLine(text: string): string {
  return asData(text.replace(/\s+/g, " ").replace(/"/g, "”").trim());
}

/** A sub-paragraph is given with its chapeau, as the user will see it. */
export function formatPassages(hits: readonly Hit[]): string {
  return hits
    .map((hit, i) => {
      const body = [hit.chapeau, hit.text].filter((part): part is string => !!part && part.trim() !== "").map(asData).join("\n");
      const source = [hit.title, hit.body, hit.year].filter((part) => part !== null && part !== "").join(", ");
      return `<passage number="${i + 1}" citation="${oneLine(citationLabel(hit))}" source="${oneLine(source)}">\n${body}\n</passage>`;
    })
    .join("\n\n");
}
