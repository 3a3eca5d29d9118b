/** `/mandates` text → what the user wants. Pure, so every phrasing is tested without Slack. */
import { MAX_QUESTION_LENGTH } from "../../blocks/messages.ts";

export type ParsedCommand =
  | { kind: "empty" }
  | { kind: "help" }
  | { kind: "list" }
  | { kind: "subscribe"; topic: string }
  | { kind: "unsubscribe"; topic: string }
  | { kind: "missing-topic"; subcommand: "subscribe" | "unsubscribe" }
  | { kind: "unknown"; word: string; suggestion: string }
  | { kind: "too-long"; length: number }
  | { kind: "ask"; question: string };

const SUBCOMMANDS = ["help", "list", "subscribe", "unsubscribe"] as const;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

export function parseCommand(raw: string): ParsedCommand {
  const text = raw.trim();
  if (text === "") return { kind: "empty" };
  if (text.length > MAX_QUESTION_LENGTH) return { kind: "too-long", length: text.length };
  const [first = "", ...restWords] = text.split(/\s+/);
  const word = first.toLowerCase();
  const rest = restWords.join(" ").trim();
  if (word === "help" && rest === "") return { kind: "help" };
  if (word === "list" && rest === "") return { kind: "list" };
  if (word === "subscribe" || word === "unsubscribe") {
    return rest === "" ? { kind: "missing-topic", subcommand: word } : { kind: word, topic: rest };
  }
  // A near miss of a subcommand ("subscibe scams") is a typo, not a question to search.
  // Short subcommands only count when typed alone: "last resolution on scams" is a question.
  if (/^[a-z]{4,}$/.test(word)) {
    const near = SUBCOMMANDS.find((sub) => word !== sub && distance(word, sub) <= 2 && (sub.length > 4 || rest === ""));
    if (near) return { kind: "unknown", word: first, suggestion: near };
  }
  return { kind: "ask", question: text };
}
