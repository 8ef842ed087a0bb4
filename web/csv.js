// A small RFC 4180 reader and writer for the page's own needs: the preview of the first rows,
// the values of flagged rows (one row span at a time) and teaching mode (flip labels, write the
// file back). The real parse of the whole file is the package's (checkLabels), in WebAssembly.
// Blank lines are skipped, as the package does, so row i here is data row i there.

const DELIMITERS = [',', '\t', ';', '|'];

/** Bytes to text: UTF-8 when valid, else Latin-1 (as the package decides). A BOM is dropped. */
export function decodeBytes(bytes) {
  let text;
  let encoding = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A preview chunk may end inside a multi-byte character: retry without the last 3 bytes.
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.max(0, bytes.length - 3)));
    } catch {
      text = new TextDecoder('latin1').decode(bytes);
      encoding = 'latin-1';
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding };
}

/** The delimiter that splits the first lines into the most consistent number (> 1) of fields. */
export function detectDelimiter(text) {
  const lines = text.slice(0, 65536).split(/\r\n|\n|\r/).filter((l) => l.length > 0).slice(0, 20);
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    if (counts.length === 0 || counts[0] === 0) continue;
    const same = counts.filter((c) => c === counts[0]).length;
    const score = same * 1000 + counts[0];
    if (score > bestScore) { bestScore = score; best = d; }
  }
  return best;
}

function countOutsideQuotes(line, d) {
  let n = 0;
  let q = false;
  for (const ch of line) {
    if (ch === '"') q = !q;
    else if (ch === d && !q) n++;
  }
  return n;
}

/**
 * Parses `text` into rows of strings. Options: delimiter (default detected), maxRows (data rows
 * after the header; default all), complete (false: the text is a prefix of the file, so the last,
 * possibly cut, row is dropped and an open quote at the end is not an error).
 * Returns {header, rows, delimiter, linebreak, truncated, error} where error is null or
 * {code, message, line, column} (1-based line and column of the offending quote).
 */
export function parseCsv(text, { delimiter, maxRows = Infinity, complete = true, header: hasHeader = true } = {}) {
  const d = delimiter ?? detectDelimiter(text);
  const linebreak = /\r\n/.test(text.slice(0, 65536)) ? '\r\n' : '\n';
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let quoteLine = 0;
  let quoteColumn = 0;
  let rowIsBlank = true;
  let truncated = false;
  const limit = maxRows === Infinity ? Infinity : maxRows + (hasHeader ? 1 : 0);
  const n = text.length;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(rowIsBlank && row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
    rowIsBlank = true;
  };
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '' && rowFieldStart(text, i, d, lineStart)) {
      // Quoted field: up to the closing quote ("" is a literal quote).
      quoteLine = line;
      quoteColumn = i - lineStart + 1;
      i++;
      let closed = false;
      while (i < n) {
        const ch = text[i];
        if (ch === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          closed = true;
          break;
        }
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) { line++; lineStart = i + 1; }
        field += ch;
        i++;
      }
      rowIsBlank = false;
      if (!closed) {
        if (!complete) { truncated = true; row = []; field = ''; break; }
        return {
          header: rows[0] ?? [], rows: rows.slice(1), delimiter: d, linebreak, truncated,
          error: {
            code: 'CSV_UNCLOSED_QUOTE',
            message: `a quoted field that starts at line ${quoteLine}, column ${quoteColumn} is never closed`,
            line: quoteLine, column: quoteColumn,
          },
        };
      }
      // Text after the closing quote up to the delimiter is kept as it is.
      continue;
    }
    if (c === d) { row.push(field); field = ''; rowIsBlank = false; i++; continue; }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = i;
      if (rows.length >= limit) { truncated = i < n; break; }
      continue;
    }
    field += c;
    rowIsBlank = false;
    i++;
  }
  if (i >= n && (field !== '' || row.length > 0)) {
    if (complete) endRow();
    else truncated = true; // the last line may be cut in the middle
  }
  const header = hasHeader ? rows.shift() ?? [] : [];
  return { header, rows, delimiter: d, linebreak, truncated, error: null };
}

// A quote opens a quoted field only at the start of a field.
function rowFieldStart(text, i, d, lineStart) {
  return i === lineStart || text[i - 1] === d || text[i - 1] === '\n' || text[i - 1] === '\r';
}

/** Parses one row's text (a row span of the file) into its fields. */
export function parseRow(text, delimiter) {
  const r = parseCsv(text, { delimiter, header: false });
  return r.rows[0] ?? [];
}

/** One field, quoted when it holds the delimiter, a quote or a line break. */
export function formatField(value, delimiter) {
  const s = String(value);
  if (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r')) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

/** Rows (arrays of strings) to CSV text, one line per row, `linebreak` after each. */
export function formatCsv(header, rows, delimiter = ',', linebreak = '\n') {
  const out = [header.map((f) => formatField(f, delimiter)).join(delimiter)];
  for (const r of rows) out.push(r.map((f) => formatField(f, delimiter)).join(delimiter));
  return out.join(linebreak) + linebreak;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']);

/**
 * Column types from sample rows (a guess for the preview; the run reports the package's own):
 * numeric | categorical | text | identifier, with distinct counts.
 */
export function describeColumns(header, rows) {
  return header.map((name, index) => {
    const values = [];
    let missing = 0;
    for (const r of rows) {
      const v = (r[index] ?? '').trim();
      if (MISSING.has(v)) missing++;
      else values.push(v);
    }
    const distinct = new Set(values).size;
    let kind;
    if (values.length > 0 && values.every((v) => NUMBER.test(v))) kind = 'numeric';
    else if (values.some((v) => v.length > 40 && v.includes(' '))) kind = 'text';
    else if (values.length >= 20 && distinct === values.length) kind = 'identifier';
    else kind = 'categorical';
    return { index, name, kind, distinct, missing };
  });
}

const LABEL_NAMES = ['label', 'labels', 'class', 'target', 'y', 'category', 'outcome', 'species'];

/**
 * The label column the package would pick: named like a label, else a name containing "label" or
 * "class", else the last low-cardinality column. Returns a column index (-1 if none).
 */
export function guessLabelColumn(columns, sampleRows) {
  // In the order of LABEL_NAMES, as the package does: "label" beats an earlier column "y".
  for (const name of LABEL_NAMES) {
    const byName = columns.find((c) => c.name.trim().toLowerCase() === name);
    if (byName) return byName.index;
  }
  const partial = columns.find((c) => /label|class/i.test(c.name));
  if (partial) return partial.index;
  const low = Math.max(2, Math.min(50, Math.floor(sampleRows / 2)));
  for (let i = columns.length - 1; i >= 0; i--) {
    const c = columns[i];
    if (c.kind === 'categorical' && c.distinct >= 2 && c.distinct <= low) return i;
  }
  for (let i = columns.length - 1; i >= 0; i--) {
    const c = columns[i];
    if (c.kind === 'numeric' && c.distinct >= 2 && c.distinct <= Math.min(20, low)) return i;
  }
  return columns.length - 1;
}

/**
 * Columns that look like one probability per class (numbers in [0, 1] whose sum per row is
 * about 1), or [] if the file does not hold such columns.
 */
export function guessProbabilityColumns(columns, rows, labelIndex) {
  const numeric = columns.filter((c) => c.index !== labelIndex && c.kind === 'numeric');
  if (numeric.length < 2 || rows.length === 0) return [];
  for (const r of rows.slice(0, 50)) {
    let sum = 0;
    for (const c of numeric) {
      const v = Number(r[c.index]);
      if (!(v >= -1e-4 && v <= 1 + 1e-4)) return [];
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-2) return [];
  }
  return numeric.map((c) => c.index);
}
