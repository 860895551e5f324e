/**
 * RFC 4180 CSV: CRLF line ends; fields with a comma, quote, CR or LF are quoted and quotes
 * doubled. Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR)
 * are prefixed with a single quote; numbers are written as numbers (so -3 stays -3).
 */
export type Cell = string | number | bigint | boolean | null | undefined | Date;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRow(row: Cell[]): string {
  return row.map(csvCell).join(",") + "\r\n";
}

export function toCsv(headers: string[], rows: Cell[][]): string {
  return [headers, ...rows].map(csvRow).join("");
}
