/**
 * Incremental RFC 4180 CSV parser: feed it text chunks as they arrive (a chunk may end anywhere,
 * even inside a quoted field or between CR and LF) and it hands back complete records with the
 * line number each starts on. Quoted fields may contain commas, doubled quotes and newlines;
 * CRLF and LF both end a record; a UTF-8 BOM is dropped. A record longer than `maxRecordChars`
 * (an unbalanced quote swallowing the file, or garbage) stops the parse with a CsvError. Pure.
 */
export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
  /** A quote appeared inside an unquoted field, or text followed a closing quote (kept, flagged). */
  malformed?: string;
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

export class CsvParser {
  private field = "";
  private fields: string[] = [];
  private inQuotes = false;
  /** The previous chunk ended on a quote inside a quoted field: it may be the first of a doubled pair. */
  private quotePending = false;
  private afterQuote = false;
  private quotedCR = false;
  private sawCR = false;
  private line = 1;
  private recordLine = 1;
  private recordChars = 0;
  private started = false;
  private fieldStarted = false;
  private malformed: string | undefined;
  private first = true;

  constructor(private readonly maxRecordChars = 64 * 1024) {}

  /** Parses a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let s = chunk;
    if (this.first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this.first = false;
    }
    let i = 0;
    const n = s.length;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.sawCR) {
        this.sawCR = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      if (this.quotePending) {
        this.quotePending = false;
        if (c === QUOTE) {
          this.field += '"';
          i++;
          continue;
        }
        this.inQuotes = false;
        this.afterQuote = true;
      }
      if (this.inQuotes) {
        // Copy a run of ordinary characters at once.
        let j = i;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === QUOTE) break;
          // CR, LF and CRLF each end one physical line, even when a chunk splits CRLF.
          if (d === CR || (d === LF && !this.quotedCR)) this.line++;
          this.quotedCR = d === CR;
          j++;
        }
        this.field += s.slice(i, j);
        this.grow(j - i);
        if (j >= n) return out;
        // s[j] is a quote: either a doubled quote or the end of the field.
        if (j + 1 >= n) {
          this.quotePending = true;
          return out;
        }
        if (s.charCodeAt(j + 1) === QUOTE) {
          this.field += '"';
          i = j + 2;
          continue;
        }
        this.inQuotes = false;
        this.afterQuote = true;
        i = j + 1;
        continue;
      }
      if (c === COMMA) {
        this.endField();
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        if (this.started) out.push(this.endRecord());
        else this.recordLine = this.line + 1; // blank line: skipped
        this.line++;
        if (c === CR) this.sawCR = true;
        i++;
        continue;
      }
      if (c === QUOTE && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
        this.started = true;
        i++;
        continue;
      }
      if (this.afterQuote) this.malformed ??= `text after a closing quote in field ${this.fields.length + 1}`;
      else if (c === QUOTE) this.malformed ??= `a quote inside unquoted field ${this.fields.length + 1}`;
      // Copy a run of ordinary unquoted characters.
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d === COMMA || d === LF || d === CR || d === QUOTE) break;
        j++;
      }
      this.field += s.slice(i, j);
      this.grow(j - i);
      this.fieldStarted = true;
      this.started = true;
      i = j;
    }
    return out;
  }

  /** Ends the input: returns the last record, if the file did not end with a newline. */
  end(): CsvRecord[] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) throw new CsvError(`line ${this.recordLine}: a quoted field is never closed (unbalanced quote)`, this.recordLine);
    return this.started ? [this.endRecord()] : [];
  }

  private grow(k: number) {
    this.recordChars += k;
    if (this.recordChars > this.maxRecordChars) {
      throw new CsvError(`line ${this.recordLine}: record longer than ${this.maxRecordChars} characters (an unbalanced quote?)`, this.recordLine);
    }
  }

  private endField() {
    this.fields.push(this.field);
    this.field = "";
    this.afterQuote = false;
    this.fieldStarted = false;
    this.started = true;
  }

  private endRecord(): CsvRecord {
    this.endField();
    const record: CsvRecord = { line: this.recordLine, fields: this.fields };
    if (this.malformed) record.malformed = this.malformed;
    this.fields = [];
    this.started = false;
    this.malformed = undefined;
    this.recordChars = 0;
    this.recordLine = this.line + 1;
    return record;
  }
}

/** Parses a whole string (tests, small files). */
export function parseCsv(text: string): CsvRecord[] {
  const p = new CsvParser();
  return [...p.push(text), ...p.end()];
}
