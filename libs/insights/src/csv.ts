/** One cell: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null;

/**
 * First characters that make a spreadsheet read a text cell as a formula (and tab and carriage return, which
 * some read past): such a cell gets a leading apostrophe, so a component named `=HYPERLINK(…)` stays text.
 */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** One field as RFC 4180 writes it: quoted when it holds a quote, comma or line break, quotes doubled. */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_STARTS.has(cell.charAt(0)) ? `'${cell}` : cell;
  return needsQuotes(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function needsQuotes(text: string): boolean {
  for (const character of text) {
    if (character === '"' || character === ',' || character === '\r' || character === '\n') return true;
  }
  return false;
}

/** Records separated by CRLF, the last one terminated too (RFC 4180). */
export function writeCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
