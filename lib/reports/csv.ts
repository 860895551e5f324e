/**
 * RFC 4180 CSV: CRLF line ends; fields with a comma, quote, CR or LF are quoted and quotes
 * doubled. Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR)
 * are prefixed with a single quote.
 */
export type Cell = string | number | boolean | null | undefined | Date;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: string[], rows: Cell[][]): string {
  return [headers, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
