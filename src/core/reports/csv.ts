/**
 * Reader for the v1.0 report CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting) into typed rows.
 * Columns are matched by header name, never by position, because Microsoft adds columns over time.
 */
import { cellFromText, WarningList } from './cells';
import type { IParsedReport, IReportColumn, IReportEntry, ReportRow } from './types';

const REFRESH_DATE = 'Report Refresh Date';
const SPECIAL = /[,\r\n"]/g;
const LINE_END = /[\r\n]/g;

function headerKey(header: string): string {
  return header.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Where each CSV field goes: a catalog column, an unknown header kept as text, or nowhere. */
type FieldTarget = { column: IReportColumn } | { unknown: string } | null;

/**
 * Incremental CSV report reader: feed text chunks as they arrive (a download stream), collect rows.
 * parseReportCsv is this reader fed one string.
 */
export class ReportCsvReader {
  private readonly warnings: WarningList = new WarningList();
  private readonly unknown: string[] = [];
  private targets: FieldTarget[] | null = null;
  // A header row may end with a stray comma (Microsoft's own samples do); rows may then omit it.
  private minFields: number = 0;
  private refresh: string | null = null;
  private missing: string[] = [];

  // Tokenizer state survives between chunks.
  private started: boolean = false;
  private record: string[] = [];
  private field: string = '';
  private inQuotes: boolean = false;
  private quoteSeen: boolean = false; // a '"' inside a quoted field: either an escape or the close
  private fieldQuoted: boolean = false;
  private prevCR: boolean = false;
  private line: number = 1;
  private recordLine: number = 1;
  private out: ReportRow[] = [];

  public constructor(private readonly entry: IReportEntry) {}

  /** Feeds a chunk of text; returns the rows completed by it. */
  public push(chunk: string): ReportRow[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.scan(text);
    return this.take();
  }

  /** Ends the input; returns the last rows (a final record needs no line break). */
  public end(): ReportRow[] {
    if (this.quoteSeen) {
      this.quoteSeen = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      this.warnings.add(`Line ${this.recordLine}: a quoted field is never closed; read it to the end of the file.`);
      this.inQuotes = false;
    }
    if (this.record.length > 0 || this.field !== '' || this.fieldQuoted) this.endRecord();
    if (this.targets === null) this.warnings.add('The file is empty: no header row.');
    return this.take();
  }

  /** Warnings, unknown and missing columns and refresh date so far (rows are returned by push/end). */
  public summary(): Omit<IParsedReport, 'rows'> {
    const missing = this.missing.length > 0 ? { missingColumns: [...this.missing] } : {};
    return { refreshDate: this.refresh, warnings: this.warnings.toArray(), unknownColumns: [...this.unknown], ...missing };
  }

  private take(): ReportRow[] {
    const rows = this.out;
    this.out = [];
    return rows;
  }

  /** Copies runs of ordinary characters in one slice (reports run to 100k+ rows); step() does the rest. */
  private scan(text: string): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.inQuotes && !this.quoteSeen) {
        const q = text.indexOf('"', i);
        const end = q === -1 ? n : q;
        if (end > i) this.appendQuoted(text.slice(i, end));
        if (q === -1) return;
        i = q;
      } else if (!this.quoteSeen) {
        if (this.record.length === 0 && this.field === '' && !this.fieldQuoted) {
          // Fast path: a whole line without quotes splits on commas (most report lines).
          LINE_END.lastIndex = i;
          const eol = LINE_END.exec(text);
          if (eol !== null && eol.index > i) {
            const line = text.slice(i, eol.index);
            if (line.indexOf('"') === -1) {
              const parts = line.split(',');
              this.field = parts.pop() ?? '';
              this.record = parts;
              this.prevCR = false;
              i = eol.index;
              this.step(text.charAt(i)); // the line break ends the record
              i++;
              continue;
            }
          }
        }
        SPECIAL.lastIndex = i;
        const m = SPECIAL.exec(text);
        const end = m === null ? n : m.index;
        if (end > i) {
          this.field += text.slice(i, end);
          this.prevCR = false;
        }
        if (m === null) return;
        i = end;
      }
      this.step(text.charAt(i));
      i++;
    }
  }

  /** Text inside quotes, line breaks included; counts physical lines so warnings name the right one. */
  private appendQuoted(chunk: string): void {
    this.field += chunk;
    if (chunk.indexOf('\n') === -1 && chunk.indexOf('\r') === -1) {
      this.prevCR = false;
      return;
    }
    for (let k = 0; k < chunk.length; k++) {
      const c = chunk.charAt(k);
      if (c === '\r' || (c === '\n' && !this.prevCR)) this.line++;
      this.prevCR = c === '\r';
    }
  }

  private step(c: string): void {
    const afterCR = this.prevCR;
    this.prevCR = c === '\r';
    if (this.quoteSeen) {
      this.quoteSeen = false;
      if (c === '"') {
        this.field += '"';
        return;
      }
      this.inQuotes = false;
      if (c !== ',' && c !== '\r' && c !== '\n') {
        this.warnings.add(`Line ${this.line}: text follows a closing quote; kept it in the field.`);
      }
    } else if (this.inQuotes) {
      if (c === '"') this.quoteSeen = true;
      else {
        this.field += c;
        if (c === '\r' || (c === '\n' && !afterCR)) this.line++;
      }
      return;
    }
    switch (c) {
      case ',':
        this.endField();
        return;
      case '\r':
        this.line++;
        this.endRecord();
        return;
      case '\n':
        // The '\n' of a CRLF was counted and ended with its '\r'.
        if (afterCR) return;
        this.line++;
        this.endRecord();
        return;
      case '"':
        if (this.field === '' && !this.fieldQuoted) {
          this.inQuotes = true;
          this.fieldQuoted = true;
          return;
        }
        this.field += c; // a stray quote inside an unquoted field is kept literally
        return;
      default:
        this.field += c;
    }
  }

  private endField(): void {
    // Quoted values may carry CRLF line breaks from the file; keep plain '\n' inside values.
    this.record.push(this.fieldQuoted ? this.field.replace(/\r\n?/g, '\n') : this.field);
    this.field = '';
    this.fieldQuoted = false;
  }

  private endRecord(): void {
    const blank = this.record.length === 0 && this.field === '' && !this.fieldQuoted;
    this.endField();
    const fields = this.record;
    const line = this.recordLine;
    this.record = [];
    this.recordLine = this.line;
    if (blank) return; // blank lines (a trailing newline) are not rows
    if (this.targets === null) this.readHeader(fields);
    else this.out.push(this.readRow(fields, line));
  }

  private readHeader(fields: string[]): void {
    const byKey = new Map<string, IReportColumn>(this.entry.columns.map((c) => [headerKey(c.header), c]));
    const placed = new Set<IReportColumn>();
    const targets: FieldTarget[] = [];
    fields.forEach((raw) => {
      const name = raw.trim();
      if (name === '') {
        targets.push(null);
        return;
      }
      const column = byKey.get(headerKey(name));
      if (column !== undefined && !placed.has(column)) {
        placed.add(column);
        targets.push({ column });
      } else if (column !== undefined) {
        this.warnings.add(`Header: column "${name}" appears twice; the second one is ignored.`);
        targets.push(null);
      } else {
        this.unknown.push(name);
        targets.push({ unknown: name });
      }
    });
    let min = targets.length;
    while (min > 0 && targets[min - 1] === null) min--;
    this.minFields = min;
    this.targets = targets;
    const missing = this.entry.columns.filter((c) => !placed.has(c)).map((c) => c.header);
    this.missing = missing;
    if (missing.length > 0) {
      this.warnings.add(`Columns missing from the file (left empty): ${missing.join(', ')}.`);
    }
  }

  private readRow(fields: string[], line: number): ReportRow {
    const targets = this.targets ?? [];
    if (fields.length < this.minFields || fields.length > targets.length) {
      const what = fields.length < this.minFields ? 'missing cells are left empty' : 'extra cells are ignored';
      this.warnings.add(`Line ${line}: expected ${targets.length} fields, found ${fields.length}; ${what}.`);
    }
    const row: ReportRow = {};
    for (const column of this.entry.columns) row[column.header] = null;
    targets.forEach((target, i) => {
      if (target === null) return;
      const text = fields[i];
      if ('unknown' in target) {
        row[target.unknown] = text ?? null;
        return;
      }
      if (text === undefined) return; // short row: stays null
      const cell = cellFromText(text, target.column);
      if (cell.problem !== undefined) {
        this.warnings.add(`Line ${line}, column "${target.column.header}": ${cell.problem}; left empty.`);
      }
      row[target.column.header] = cell.value;
    });
    if (this.refresh === null) {
      const refresh = row[REFRESH_DATE];
      if (typeof refresh === 'string') this.refresh = refresh;
    }
    return row;
  }
}

/** Parses a whole v1.0 report CSV into typed rows keyed by catalog header; never throws on bad data. */
export function parseReportCsv(text: string, entry: IReportEntry): IParsedReport {
  const reader = new ReportCsvReader(entry);
  const rows = reader.push(text);
  for (const row of reader.end()) rows.push(row);
  return { rows, ...reader.summary() };
}
