import { displayWidth } from "../../retrieval/parse/text.ts";

/** Truncates to a display width, counting CJK characters as two columns like the terminal does. */
export function fit(text: string, width: number): string {
  let out = "";
  let w = 0;
  for (const ch of text) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1 && displayWidth(text) > width) return `${out}…`;
    out += ch;
    w += cw;
  }
  return out;
}

export function renderTable(headers: string[], rows: string[][], maxWidths: number[] = []): string {
  const cells = [headers, ...rows].map((r) => r.map((c, i) => (maxWidths[i] ? fit(c, maxWidths[i]!) : c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ""))));
  const line = (r: string[]) => r.map((c, i) => c + " ".repeat(widths[i]! - displayWidth(c))).join("  ").trimEnd();
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
