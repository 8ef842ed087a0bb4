#include "csv_values.hpp"

namespace labelcheck::wasm {

val stringArray(const std::vector<std::string>& v) {
  val out = val::array();
  for (const std::string& s : v) out.call<void>("push", s);
  return out;
}

val rowSpansValue(const RowSpans& spans) {
  const std::vector<double> offsets(spans.offsets.begin(), spans.offsets.end());
  const std::vector<double> ends(spans.ends.begin(), spans.ends.end());
  const std::vector<double> lines(spans.lines.begin(), spans.lines.end());
  val out = val::object();
  out.set("offsets", float64Array(offsets.data(), offsets.size()));
  out.set("ends", float64Array(ends.data(), ends.size()));
  out.set("lines", float64Array(lines.data(), lines.size()));
  return out;
}

val csvValue(const CsvMeta& m) {
  val out = val::object();
  out.set("delimiter", std::string(1, m.delimiter));
  out.set("delimiterDetected", m.delimiterDetected);
  out.set("delimiterHint", m.delimiterHint);
  out.set("linebreak", m.linebreak);
  out.set("encoding", std::string(m.encoding == TextEncoding::Latin1 ? "latin-1" : "utf-8"));
  out.set("bomStripped", m.bomStripped);
  out.set("bytes", static_cast<double>(m.bytes));
  out.set("headerLine", static_cast<double>(m.headerLine));
  out.set("headerOffset", static_cast<double>(m.headerOffset));
  out.set("headerEnd", static_cast<double>(m.headerEnd));
  out.set("blankLines", static_cast<double>(m.blankLines));
  out.set("renamedColumns", objectArray(m.renamedColumns, [](val& x, const RenamedColumn& r) {
    x.set("index", static_cast<double>(r.index));
    x.set("original", r.original);
    x.set("name", r.name);
  }));
  out.set("skippedRows", objectArray(m.skippedRows, [](val& x, const SkippedRow& s) {
    x.set("row", static_cast<double>(s.row));
    x.set("line", static_cast<double>(s.line));
    x.set("column", static_cast<double>(s.column));
    x.set("offset", static_cast<double>(s.offset));
    x.set("end", static_cast<double>(s.end));
    x.set("code", std::string(statusCode(s.reason)));
    x.set("message", s.message);
  }));
  return out;
}

Result<CsvLayout> layoutFrom(const val& csv, uintptr_t offsetsPtr, uintptr_t endsPtr, double rows) {
  CsvLayout l;
  const std::string d = csv["delimiter"].isString() ? csv["delimiter"].as<std::string>() : "";
  if (d.size() != 1 || (d[0] != ',' && d[0] != ';' && d[0] != '\t' && d[0] != '|'))
    return makeError(Status::InvalidArgument, "csv.delimiter must be ',', ';', '\\t' or '|'");
  l.delimiter = d[0];
  l.encoding = csv["encoding"].isString() && csv["encoding"].as<std::string>() == "latin-1" ? TextEncoding::Latin1
                                                                                             : TextEncoding::Utf8;
  if (!csv["bytes"].isNumber()) return makeError(Status::InvalidArgument, "csv.bytes must be a number");
  l.bytes = static_cast<uint64_t>(csv["bytes"].as<double>());
  l.header = csv["headerLine"].isNumber() && csv["headerLine"].as<double>() > 0;
  l.headerEnd = csv["headerEnd"].isNumber() ? static_cast<uint64_t>(csv["headerEnd"].as<double>()) : 0;
  // The spans cover skipped records too (fileRowSpans), so they get their empty cells from them.
  const size_t n = static_cast<size_t>(rows);
  const double* offsets = reinterpret_cast<const double*>(offsetsPtr);
  const double* ends = reinterpret_cast<const double*>(endsPtr);
  l.rowOffsets.assign(offsets, offsets + n);
  l.rowEnds.assign(ends, ends + n);
  return l;
}

}  // namespace labelcheck::wasm
