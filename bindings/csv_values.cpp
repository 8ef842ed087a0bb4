#include "csv_values.hpp"

namespace labelcheck::wasm {

val stringArray(const std::vector<std::string>& v) {
  val out = val::array();
  for (const std::string& s : v) out.call<void>("push", s);
  return out;
}

val csvValue(const CsvMeta& m) {
  val out = val::object();
  out.set("delimiter", std::string(1, m.delimiter));
  out.set("delimiterDetected", m.delimiterDetected);
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
  const val skipped = csv["skippedRows"];
  if (!skipped.isUndefined() && !skipped.isNull()) {
    const unsigned n = skipped["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
      const val end = skipped[i]["end"];
      if (!end.isNumber()) return makeError(Status::InvalidArgument, "csv.skippedRows[].end must be a number");
      l.skippedEnds.push_back(static_cast<uint64_t>(end.as<double>()));
    }
  }
  const size_t n = static_cast<size_t>(rows);
  const double* offsets = reinterpret_cast<const double*>(offsetsPtr);
  const double* ends = reinterpret_cast<const double*>(endsPtr);
  l.rowOffsets.assign(offsets, offsets + n);
  l.rowEnds.assign(ends, ends + n);
  return l;
}

}  // namespace labelcheck::wasm
