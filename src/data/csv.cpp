// The CSV reader: a byte-at-a-time state machine whose whole state lives in Impl, so input can
// arrive in chunks of any size (a quoted field, a CRLF or a UTF-8 sequence may be split).
#include "labelcheck/csv.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "detail/column_builder.hpp"

namespace labelcheck {

namespace {

// Data rows read before the storage for the rest is estimated from CsvOptions::sizeHint, and
// the margin added to that estimate (row lengths vary a little).
constexpr size_t kEstimateAfterRows = 1024;
constexpr double kEstimateMargin = 1.03;

// Bytes buffered before parsing starts: enough records to detect the delimiter and a BOM.
constexpr size_t kSampleBytes = 64 * 1024;
constexpr int kSampleRecords = 10;

bool isLineBreak(char c) { return c == '\n' || c == '\r'; }
bool isBlank(char c) { return c == ' ' || c == '\t'; }

std::string where(long long line, long long column) {
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
}

Error positioned(Status s, long long line, long long column, const std::string& what) {
  Error e = makeError(s, where(line, column) + what);
  e.line = line;
  e.column = column;
  return e;
}

// Field counts of the first records of `sample` split by `delim` (quotes respected).
std::vector<size_t> sampleFieldCounts(std::string_view sample, char delim, char quote,
                                      bool complete) {
  std::vector<size_t> counts;
  bool inQuote = false;
  size_t fields = 1;
  size_t bytesInRecord = 0;
  for (char c : sample) {
    if (c == quote) {
      inQuote = !inQuote;  // a doubled quote toggles twice: no net change
    } else if (!inQuote && isLineBreak(c)) {
      if (bytesInRecord > 0) counts.push_back(fields);
      if (counts.size() >= static_cast<size_t>(kSampleRecords)) return counts;
      fields = 1;
      bytesInRecord = 0;
      continue;
    } else if (!inQuote && c == delim) {
      ++fields;
    }
    ++bytesInRecord;
  }
  if (complete && bytesInRecord > 0) counts.push_back(fields);
  return counts;
}

// Counts the records sampleFieldCounts would see, incrementally as chunks arrive, so that the
// reader starts parsing once the sample holds kSampleRecords of them whatever the chunking (a
// count of '\n' bytes would also count blank lines and line breaks inside quotes). A leading
// UTF-8 BOM is not part of the first record.
struct SampleRecordCounter {
  size_t records = 0;
  size_t scanned = 0;  // bytes of the sample looked at
  bool inQuote = false;
  size_t bytesInRecord = 0;

  void update(std::string_view sample, char quote) {
    if (scanned == 0) {
      static constexpr std::string_view kBom = "\xEF\xBB\xBF";
      if (sample.size() < kBom.size() && kBom.substr(0, sample.size()) == sample) return;  // undecided
      if (sample.substr(0, kBom.size()) == kBom) scanned = kBom.size();
    }
    for (; scanned < sample.size(); ++scanned) {
      const char c = sample[scanned];
      if (c == quote) {
        inQuote = !inQuote;
      } else if (!inQuote && isLineBreak(c)) {
        if (bytesInRecord > 0) ++records;
        bytesInRecord = 0;
        continue;
      }
      ++bytesInRecord;
    }
  }
};

// The length of a first line "sep=X" with X one of , ; tab | (not the quote), its line break
// included; 0 if the text does not start so.
size_t delimiterHintLength(std::string_view text, char quote) {
  if (text.size() < 5 || text.substr(0, 4) != "sep=") return 0;
  const char x = text[4];
  if ((x != ',' && x != ';' && x != '\t' && x != '|') || x == quote) return 0;
  size_t end = 5;
  if (end < text.size() && text[end] == '\r') ++end;
  if (end < text.size() && text[end] == '\n') ++end;
  return end == 5 && end < text.size() ? 0 : end;
}

char detectDelimiter(std::string_view sample, char quote, bool complete, bool& detected) {
  static constexpr char kCandidates[] = {',', ';', '\t', '|'};
  char best = ',';
  size_t bestFields = 0;
  char fallback = ',';
  size_t fallbackMatches = 0;
  size_t fallbackFields = 0;
  for (char d : kCandidates) {
    const std::vector<size_t> counts = sampleFieldCounts(sample, d, quote, complete);
    if (counts.empty() || counts[0] < 2) continue;
    const size_t matches = static_cast<size_t>(std::count(counts.begin(), counts.end(), counts[0]));
    if (matches == counts.size()) {
      if (counts[0] > bestFields) {
        best = d;
        bestFields = counts[0];
      }
    } else if (matches > fallbackMatches ||
               (matches == fallbackMatches && counts[0] > fallbackFields)) {
      fallback = d;
      fallbackMatches = matches;
      fallbackFields = counts[0];
    }
  }
  detected = bestFields > 0 || fallbackMatches > 0;
  return bestFields > 0 ? best : fallback;
}

// A message for input that starts like a well-known binary format, or nullptr.
const char* binarySignature(std::string_view s) {
  auto starts = [&](const char* sig, size_t n) { return s.size() >= n && std::memcmp(s.data(), sig, n) == 0; };
  if (starts("\x89PNG\r\n\x1a\n", 8)) return "a PNG image";
  if (starts("\x1f\x8b", 2)) return "a gzip archive";
  if (starts("PK\x03\x04", 4)) return "a ZIP archive (an .xlsx workbook is one: export it as CSV)";
  if (starts("\xff\xd8\xff", 3)) return "a JPEG image";
  if (starts("%PDF-", 5)) return "a PDF document";
  return nullptr;
}

// Whether a byte counts towards the "not text" rule: a control character other than tab, CR,
// LF, VT, FF and ESC (NUL is counted apart).
inline bool isOddControl(unsigned char u) {
  return u != 0 && u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != 11 && u != 12 && u != 27;
}

void appendLatin1AsUtf8(std::string& out, std::string_view in) {
  for (char c : in) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (u >> 6)));
      out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
    }
  }
}

std::string latin1ToUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 8);
  appendLatin1AsUtf8(out, in);
  return out;
}

void transcodeColumn(StringColumn& col) {
  StringColumn out;
  out.bytes.reserve(col.bytes.size() + col.bytes.size() / 8);
  out.ends.reserve(col.ends.size());
  for (Index i = 0; i < col.size(); ++i) {
    appendLatin1AsUtf8(out.bytes, col.at(i));
    out.ends.push_back(static_cast<uint32_t>(out.bytes.size()));
  }
  col = std::move(out);
}

}  // namespace

struct CsvReader::Impl {
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuote };

  explicit Impl(const CsvOptions& o) : options(o) {}

  CsvOptions options;
  bool failed = false;
  Error error;
  bool finished = false;

  uint64_t bytesFed = 0;
  bool started = false;
  std::string sample;  // input held back until parsing starts
  SampleRecordCounter sampleRecords;
  char delim = ',';
  char quote = '"';

  // Parser position.
  State state = State::FieldStart;
  bool inRecord = false;
  bool prevCR = false;
  bool linebreakPending = false;
  long long line = 1;
  uint64_t lineStart = 0;
  uint64_t recordStart = 0;
  long long recordLine = 0;
  bool recordQuoted = false;
  long long quoteLine = 0, quoteColumn = 0;
  bool haveExtra = false;
  long long extraLine = 0, extraColumn = 0;

  // The current record: its field bytes, and where each field ends.
  std::string rowBytes;
  std::vector<uint64_t> rowEnds;
  uint64_t fieldStart = 0;
  long long fieldLine = 0, fieldColumn = 0;

  // Text checks.
  int utf8Need = 0;
  uint64_t invalidUtf8 = 0;
  uint64_t controlBytes = 0;
  long long controlLine = 0, controlColumn = 0;
  uint64_t nulBytes = 0;
  uint64_t nulBytesEven = 0;                     // at even byte offsets: UTF-16 puts them on one parity
  long long nulLine = 0, nulColumn = 0;          // the first NUL of the input
  bool recordNul = false;                        // the current record holds a NUL: a bad row
  long long recordNulLine = 0, recordNulColumn = 0;

  // Output so far.
  bool headerDone = false;
  size_t expected = 0;
  std::vector<std::string> names;       // final, unique column names
  std::vector<std::string> headerText;  // as written (trimmed): typing's identifier check uses it
  std::vector<detail::ColumnBuilder> columns;  // typed while reading (column_builder.hpp)
  Table table;

  long long columnAt(uint64_t pos) const { return static_cast<long long>(pos - lineStart) + 1; }

  Outcome fail(Error e) {
    failed = true;
    error = std::move(e);
    return error;
  }
  Outcome failAt(Status s, long long ln, long long col, const std::string& what) {
    return fail(positioned(s, ln, col, what));
  }
  Error notText() const {
    // The first odd byte is named: a NUL or another control character.
    if (nulBytes > 0 && (controlBytes == 0 || std::make_pair(nulLine, nulColumn) < std::make_pair(controlLine, controlColumn))) {
      // Nine in ten NULs on one byte parity: UTF-16 (ASCII letters take a 0 byte each).
      if (nulBytes >= 4 && 10 * std::max(nulBytesEven, nulBytes - nulBytesEven) >= 9 * nulBytes)
        return positioned(Status::CsvEncoding, nulLine, nulColumn,
                          "NUL bytes on every other byte: this is UTF-16 text; save it as UTF-8");
      return positioned(Status::CsvEncoding, nulLine, nulColumn,
                        "NUL bytes (" + std::to_string(nulBytes) + ") and " + std::to_string(controlBytes) +
                            " control characters: this does not look like text; is it a binary file?");
    }
    return positioned(Status::CsvEncoding, controlLine, controlColumn,
                      "this does not look like text (" + std::to_string(controlBytes) + " control characters" +
                          (nulBytes > 0 ? ", " + std::to_string(nulBytes) + " NUL bytes" : std::string()) +
                          "); is it a binary file?");
  }
  bool binaryNuls(uint64_t scanned) const { return nulBytes >= 4 && (nulBytes + controlBytes) * 100 > scanned; }
  // A structural error (field count, quotes) in bytes that do not look like text: what is wrong
  // is the file, not its rows. Same 1% rule as at the end, on the `scanned` bytes read so far,
  // and at least 4 control bytes so that one stray byte in a short prefix changes nothing.
  Outcome failStructure(Error e, uint64_t scanned) {
    if ((controlBytes >= 4 && controlBytes * 100 > scanned) || binaryNuls(scanned)) return fail(notText());
    return fail(std::move(e));
  }

  Outcome start(bool complete);
  Outcome run(const char* p, size_t n, uint64_t base);
  Outcome endField(uint64_t pos);
  Outcome fieldBoundary(char c, uint64_t pos);
  Outcome endRecord(uint64_t pos);
  Outcome takeHeader();
  void reserveForRest(uint64_t pos);
  Result<Table> finish(bool complete);
};

Outcome CsvReader::Impl::start(bool complete) {
  started = true;
  if (const char* kind = binarySignature(sample))
    return fail(positioned(Status::CsvEncoding, 1, 1,
                           std::string("this is not text but looks like ") + kind));
  if (sample.size() >= 2 && (std::memcmp(sample.data(), "\xFF\xFE", 2) == 0 || std::memcmp(sample.data(), "\xFE\xFF", 2) == 0))
    return fail(positioned(Status::CsvEncoding, 1, 1, "UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8"));
  size_t skip = 0;
  if (sample.size() >= 3 && std::memcmp(sample.data(), "\xEF\xBB\xBF", 3) == 0) {
    skip = 3;
    lineStart = 3;
    table.meta.bomStripped = true;
  }
  // Excel's delimiter hint: a first line "sep=;" (one of the four delimiters) names the
  // delimiter, unless the options set one, and is no record. Its line still counts for positions.
  if (const size_t hint = delimiterHintLength(std::string_view(sample).substr(skip), quote); hint > 0) {
    if (options.delimiter == 0) delim = sample[skip + 4];
    skip += hint;
    lineStart = skip;
    line = 2;
    table.meta.delimiterHint = true;
  }
  if (options.delimiter == 0 && !table.meta.delimiterHint) {
    // Only the first kSampleBytes count, however much was fed before parsing started, so that
    // the choice does not depend on how the input was cut into chunks.
    const std::string_view window = std::string_view(sample).substr(0, kSampleBytes).substr(skip);
    bool detected = false;
    delim = detectDelimiter(window, quote, complete && sample.size() <= kSampleBytes, detected);
    table.meta.delimiterDetected = detected;
  }
  std::string held = std::move(sample);
  sample = std::string();
  return run(held.data() + skip, held.size() - skip, skip);
}

Outcome CsvReader::Impl::endField(uint64_t pos) {
  rowEnds.push_back(rowBytes.size());
  fieldStart = rowBytes.size();
  if (rowEnds.size() > options.maxColumns)
    return failAt(Status::LimitExceeded, line, columnAt(pos),
                  "more than " + std::to_string(options.maxColumns) + " fields in one record (labelcheck reads at most " +
                      std::to_string(options.maxColumns) + " columns)");
  return {};
}

// A delimiter or a line break outside quotes (in an unquoted field or after a closing quote):
// ends the field, and at a line break the record.
Outcome CsvReader::Impl::fieldBoundary(char c, uint64_t pos) {
  if (Outcome o = endField(pos); !o.ok()) return o;
  if (c != delim) return endRecord(pos);
  state = State::FieldStart;
  if (rowEnds.size() == expected && headerDone && !haveExtra) {
    haveExtra = true;
    extraLine = line;
    extraColumn = columnAt(pos) + 1;
  }
  return {};
}

// Reserves the columns and row positions for the rows the input likely holds: as many as the
// rows so far, scaled by the bytes left (CsvOptions::sizeHint), plus a margin.
void CsvReader::Impl::reserveForRest(uint64_t pos) {
  const uint64_t first = table.rowOffsets.front();
  if (options.sizeHint <= pos || pos <= first) return;
  const double perRow = static_cast<double>(pos - first) / static_cast<double>(table.rowOffsets.size());
  const double estimate = static_cast<double>(options.sizeHint - first) / perRow * kEstimateMargin + 16;
  const size_t rows = static_cast<size_t>(std::min(estimate, static_cast<double>(options.maxRows)));
  for (detail::ColumnBuilder& c : columns) c.reserve(rows);
  table.rowOffsets.reserve(rows);
  table.rowEnds.reserve(rows);
  table.rowLines.reserve(rows);
}

Outcome CsvReader::Impl::takeHeader() {
  headerDone = true;
  expected = rowEnds.size();
  names.resize(expected);
  uint64_t begin = 0;
  for (size_t j = 0; j < expected; ++j) {
    if (options.header) {
      names[j] = std::string(trimAscii(std::string_view(rowBytes).substr(begin, rowEnds[j] - begin)));
      begin = rowEnds[j];
    } else {
      names[j] = "column_" + std::to_string(j + 1);
    }
  }
  if (options.header) {
    table.meta.headerLine = recordLine;
    table.meta.headerOffset = recordStart;
  }
  headerText = names;
  // Empty and repeated names get unique ones, and the change is reported.
  std::unordered_set<std::string> used;
  for (size_t j = 0; j < expected; ++j) {
    std::string name = names[j].empty() ? "column_" + std::to_string(j + 1) : names[j];
    if (used.count(name)) {
      for (int k = 2;; ++k) {
        std::string candidate = name + "_" + std::to_string(k);
        if (!used.count(candidate)) {
          name = std::move(candidate);
          break;
        }
      }
    }
    if (name != names[j]) {
      table.meta.renamedColumns.push_back({static_cast<Index>(j), names[j], name});
      names[j] = name;
    }
    used.insert(std::move(name));
  }
  // The delimiter is known by now (parsing starts after detection): it decides decimal commas.
  columns.clear();
  columns.reserve(expected);
  for (size_t j = 0; j < expected; ++j) columns.emplace_back(delim != ',');
  return {};
}

Outcome CsvReader::Impl::endRecord(uint64_t pos) {
  const size_t count = rowEnds.size();
  bool blank = false;
  if (count == 1 && !recordQuoted && expected != 1)
    blank = std::all_of(rowBytes.begin(), rowBytes.end(), isBlank);
  const long long recLine = recordLine;
  const uint64_t recStart = recordStart;
  bool isData = !blank;
  if (blank) {
    ++table.meta.blankLines;
  } else if (!headerDone) {
    if (recordNul)  // many NULs say the file is not text (failStructure), one that a name is not
      return failStructure(positioned(Status::CsvEncoding, recordNulLine, recordNulColumn,
                                      "a NUL byte in the header: a column name is not text"),
                           pos + 1);
    if (count > options.maxColumns)
      return failAt(Status::LimitExceeded, recLine, 1,
                    "more than " + std::to_string(options.maxColumns) + " columns (labelcheck reads at most " +
                        std::to_string(options.maxColumns) + ")");
    if (Outcome o = takeHeader(); !o.ok()) return o;
    if (options.header) table.meta.headerEnd = pos;
    isData = !options.header;  // without a header the first record is data too
  }
  if (isData) {
    if (recordNul || count != expected) {
      // A bad row: a NUL in a cell (not text), or the wrong number of fields.
      Error e;
      if (recordNul) {
        e = positioned(Status::CsvEncoding, recordNulLine, recordNulColumn, "a NUL byte in a field: the cell is not text");
      } else {
        long long errLine = line, errColumn = columnAt(pos);
        if (count > expected && haveExtra) {
          errLine = extraLine;
          errColumn = extraColumn;
        }
        // One field too many and it is empty: most often a delimiter at the end of every data
        // line (a header written without it), which the message says.
        const bool trailing = count == expected + 1 && count >= 2 && rowEnds[count - 1] == rowEnds[count - 2];
        e = positioned(Status::CsvFieldCount, errLine, errColumn,
                       "expected " + std::to_string(expected) + " fields, found " + std::to_string(count) +
                           (trailing ? " (the last one empty: a delimiter at the end of the line?)" : ""));
      }
      if (options.onBadRow == BadRowPolicy::Error) return failStructure(std::move(e), pos + 1);
      const Index row = table.rowCount() + static_cast<Index>(table.meta.skippedRows.size());
      table.meta.skippedRows.push_back({row, recLine, e.column, recStart, pos, e.status, std::move(e.message)});
    } else {
      if (table.rowOffsets.size() >= options.maxRows)
        return failAt(Status::LimitExceeded, recLine, 1,
                      "more than " + std::to_string(options.maxRows) + " data rows (maxRows)");
      uint64_t begin = 0;
      for (size_t j = 0; j < count; ++j) {
        columns[j].push(std::string_view(rowBytes).substr(begin, rowEnds[j] - begin));
        begin = rowEnds[j];
      }
      table.rowOffsets.push_back(recStart);
      table.rowEnds.push_back(pos);
      table.rowLines.push_back(recLine);
      if (table.rowOffsets.size() == kEstimateAfterRows) reserveForRest(pos);
    }
  }
  rowBytes.clear();
  rowEnds.clear();
  fieldStart = 0;
  inRecord = false;
  recordQuoted = false;
  recordNul = false;
  haveExtra = false;
  state = State::FieldStart;
  return {};
}

Outcome CsvReader::Impl::run(const char* p, size_t n, uint64_t base) {
  const char d = delim;
  const char q = quote;
  const uint64_t maxField = options.maxFieldBytes;
  for (size_t i = 0; i < n; ++i) {
    // Inside a field, a run of plain bytes (printable ASCII that ends nothing: not the delimiter
    // outside quotes, not the quote inside them) is copied at once: byte by byte, the checks
    // below would only have copied it too. Most of a numeric file is such runs.
    if ((state == State::Unquoted || state == State::Quoted) && utf8Need == 0) {
      const auto stop = static_cast<unsigned char>(state == State::Unquoted ? d : q);
      size_t j = i;
      while (j < n) {
        const auto v = static_cast<unsigned char>(p[j]);
        if (v < 0x20 || v >= 0x80 || v == stop) break;
        ++j;
      }
      if (j > i) {
        rowBytes.append(p + i, j - i);
        if (rowBytes.size() - fieldStart > maxField) goto fieldTooLong;
        linebreakPending = false;
        prevCR = false;
        i = j;
        if (i == n) break;
      }
    }
    const char c = p[i];
    const uint64_t pos = base + i;
    const auto u = static_cast<unsigned char>(c);

    // Text checks: NULs, other controls and invalid UTF-8 are counted.
    if (u < 0x20) {
      if (u == 0) {
        // A stray NUL makes its record a bad row (endRecord); many make the file binary.
        if (nulBytes++ == 0) {
          nulLine = line;
          nulColumn = columnAt(pos);
        }
        nulBytesEven += pos % 2 == 0;
        if (!recordNul) {
          recordNul = true;
          recordNulLine = line;
          recordNulColumn = columnAt(pos);
        }
      } else if (isOddControl(u)) {
        if (controlBytes++ == 0) {
          controlLine = line;
          controlColumn = columnAt(pos);
        }
      }
    }
    if (utf8Need > 0 || u >= 0x80) {
      if (utf8Need > 0 && (u & 0xC0) == 0x80) {
        --utf8Need;
      } else {
        if (utf8Need > 0) {
          ++invalidUtf8;
          utf8Need = 0;
        }
        if (u >= 0xC2 && u <= 0xDF) utf8Need = 1;
        else if (u >= 0xE0 && u <= 0xEF) utf8Need = 2;
        else if (u >= 0xF0 && u <= 0xF4) utf8Need = 3;
        else if (u >= 0x80) ++invalidUtf8;
      }
    }

    if (!inRecord) {
      if (isLineBreak(c)) {
        if (!(c == '\n' && prevCR)) ++table.meta.blankLines;  // the LF of a CRLF is not a line
        goto lineBookkeeping;
      }
      inRecord = true;
      recordStart = pos;
      recordLine = line;
    }

    switch (state) {
      case State::FieldStart:
        fieldLine = line;
        fieldColumn = columnAt(pos);
        if (c == q) {
          state = State::Quoted;
          recordQuoted = true;
          quoteLine = line;
          quoteColumn = columnAt(pos);
          break;
        }
        state = State::Unquoted;
        [[fallthrough]];
      case State::Unquoted:
        if (c == d || isLineBreak(c)) {
          if (Outcome o = fieldBoundary(c, pos); !o.ok()) return o;
        } else {
          rowBytes.push_back(c);  // a quote here is literal (documented)
          if (rowBytes.size() - fieldStart > maxField) goto fieldTooLong;
        }
        break;
      case State::Quoted:
        if (c == q) {
          state = State::QuoteInQuoted;
        } else {
          rowBytes.push_back(c);
          if (rowBytes.size() - fieldStart > maxField) goto fieldTooLong;
        }
        break;
      case State::QuoteInQuoted:
        if (c == q) {  // "" inside quotes is one quote
          rowBytes.push_back(c);
          state = State::Quoted;
          break;
        }
        state = State::AfterQuote;
        [[fallthrough]];
      case State::AfterQuote:
        if (c == d || isLineBreak(c)) {
          if (Outcome o = fieldBoundary(c, pos); !o.ok()) return o;
        } else if (!isBlank(c)) {
          return failStructure(positioned(Status::CsvInvalidQuote, line, columnAt(pos),
                                          "unexpected text after the closing quote of a field (a quote inside a "
                                          "quoted field must be doubled: \"\")"),
                               pos + 1);
        }
        break;
    }

  lineBookkeeping:
    if (c == '\n' || c == '\r') {
      if (table.meta.linebreak.empty() && state != State::Quoted) {
        table.meta.linebreak = c == '\n' ? "\n" : "\r";
        linebreakPending = c == '\r';
      } else if (linebreakPending) {
        if (c == '\n' && prevCR) table.meta.linebreak = "\r\n";
        linebreakPending = false;
      }
      if (!(c == '\n' && prevCR)) ++line;
      lineStart = pos + 1;
    } else if (linebreakPending) {
      linebreakPending = false;
    }
    prevCR = c == '\r';
  }
  return {};

fieldTooLong:
  return failAt(Status::LimitExceeded, fieldLine, fieldColumn,
                "field longer than " + std::to_string(maxField) + " bytes (maxFieldBytes)" +
                    (state == State::Quoted ? "; is a closing quote missing?" : ""));
}

Result<Table> CsvReader::Impl::finish(bool complete) {
  if (failed) return error;
  if (finished) return makeError(Status::InvalidArgument, "CsvReader::finish() called twice");
  finished = true;
  if (!started) {
    if (Outcome o = start(complete); !o.ok()) return o.error();
  }
  const uint64_t end = bytesFed;
  // Not text: said before any structural error that the bytes would also cause.
  if ((controlBytes > 0 && controlBytes * 100 > end) || binaryNuls(end)) return notText();
  if (!complete) {
    // A prefix: the record in progress may be cut anywhere (inside quotes, inside a UTF-8
    // sequence); it is left out rather than completed.
    inRecord = false;
    state = State::FieldStart;
    utf8Need = 0;
  }
  if (state == State::Quoted)
    return positioned(Status::CsvUnclosedQuote, quoteLine, quoteColumn,
                      "the quoted field opened here is not closed before the end of the input");
  if (utf8Need > 0) ++invalidUtf8;
  if (inRecord) {
    if (Outcome o = endField(end); !o.ok()) return o.error();
    if (Outcome o = endRecord(end); !o.ok()) return o.error();
  }
  if (!headerDone)
    return makeError(Status::CsvEmpty, end == 0 ? "the input is empty" : "the input has only blank lines");
  if (table.rowOffsets.empty()) {
    if (!table.meta.skippedRows.empty())
      return makeError(Status::CsvEmpty, "every data row was skipped; the first: " + table.meta.skippedRows[0].message);
    return makeError(Status::CsvEmpty, "the input has a header but no data rows");
  }

  if (invalidUtf8 > 0) {
    table.meta.encoding = TextEncoding::Latin1;
    for (std::string& name : names) name = latin1ToUtf8(name);
    for (std::string& text : headerText) text = latin1ToUtf8(text);
    for (RenamedColumn& r : table.meta.renamedColumns) {
      r.original = latin1ToUtf8(r.original);
      r.name = names[static_cast<size_t>(r.index)];
    }
    for (detail::ColumnBuilder& col : columns) col.editText(transcodeColumn);
  }

  TypingOptions typing = options.typing;
  typing.decimalComma = delim != ',';
  table.meta.delimiter = delim;
  table.meta.bytes = end;
  table.columns.reserve(columns.size());
  for (size_t j = 0; j < columns.size(); ++j) {
    // An empty header over 0, 1, 2... is a saved data-frame index: typed by its written name.
    table.columns.push_back(columns[j].finish(headerText[j], typing));
    table.columns.back().name = std::move(names[j]);
  }
  columns.clear();
  return std::move(table);
}

CsvReader::CsvReader(const CsvOptions& options) : m_impl(std::make_unique<Impl>(options)) {
  Impl& s = *m_impl;
  const char d = options.delimiter;
  if (d != 0 && d != ',' && d != ';' && d != '\t' && d != '|')
    (void)s.fail(makeError(Status::InvalidArgument, "delimiter must be 0 (auto), ',', ';', '\\t' or '|'"));
  else if (options.quote == 0 || options.quote == d || isLineBreak(options.quote))
    (void)s.fail(makeError(Status::InvalidArgument, "quote must be a character other than the delimiter and line breaks"));
  s.delim = d == 0 ? ',' : d;
  s.quote = options.quote;
}

CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

Outcome CsvReader::feed(std::string_view chunk) {
  Impl& s = *m_impl;
  if (s.failed) return s.error;
  if (s.finished) return makeError(Status::InvalidArgument, "CsvReader::feed() after finish()");
  // Latin-1 input may double in size when transcoded; StringColumn offsets are 32-bit.
  const uint64_t maxBytes = std::min<uint64_t>(s.options.maxBytes, uint64_t(1) << 31);
  if (chunk.size() > maxBytes - std::min(s.bytesFed, maxBytes))
    return s.fail(makeError(Status::LimitExceeded,
                            "input larger than " + std::to_string(maxBytes) + " bytes (maxBytes)"));
  const uint64_t base = s.bytesFed;
  s.bytesFed += chunk.size();
  if (s.started) return s.run(chunk.data(), chunk.size(), base);
  s.sample.append(chunk.data(), chunk.size());
  s.sampleRecords.update(s.sample, s.quote);
  if (s.sample.size() >= kSampleBytes || s.sampleRecords.records >= static_cast<size_t>(kSampleRecords))
    return s.start(false);
  return {};
}

Result<Table> CsvReader::finish() { return m_impl->finish(true); }
Result<Table> CsvReader::finishPrefix() { return m_impl->finish(false); }
uint64_t CsvReader::bytesRead() const noexcept { return m_impl->bytesFed; }
Index CsvReader::rowsRead() const noexcept { return m_impl->table.rowCount(); }

Result<Table> parseCsv(std::string_view text, const CsvOptions& options) {
  CsvOptions o = options;
  o.sizeHint = text.size();
  CsvReader reader(o);
  if (Outcome o = reader.feed(text); !o.ok()) return o.error();
  return reader.finish();
}

}  // namespace labelcheck
