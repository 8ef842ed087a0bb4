// Embind registration of the middle of the pipeline (the CSV reader, the label guess and the
// byte-exact rewrites) for js/api.js previewCsv, rowValues, annotateCsv and relabelCsv. The input
// bytes are copied into the heap by the caller (one block) and freed after the call.
//
//   _previewCsv(bytesPtr, length, {delimiter, onBadRow, maxRows, partial})
//     -> {ok, columns, rows, rowCount, csv, rowSpans?, guess, warnings}
//   _rowValues(bytesPtr, length, csv, offsetsPtr, endsPtr, count) -> {ok, rows: string[][]}
//   _annotateCsv(bytesPtr, length, csv, offsetsPtr, endsPtr, rows, sourceRowsPtr, isIssuePtr,
//                qualityPtr, probsPtr, N, K, classNames) -> {ok, bytes: Uint8Array}
//   _relabelCsv(bytesPtr, length, csv, offsetsPtr, endsPtr, rows, column, changes) -> {ok, bytes}
#include <emscripten/bind.h>

#include <string>
#include <vector>

#include "csv_values.hpp"
#include "labelcheck/column_guess.hpp"
#include "labelcheck/csv_preview.hpp"
#include "labelcheck/csv_record.hpp"
#include "labelcheck/csv_write.hpp"
#include "marshal.hpp"

namespace labelcheck::wasm {
namespace {

std::string_view bytesAt(uintptr_t p, double length) {
  return std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(length));
}

Result<CsvOptions> csvOptions(const val& o) {
  CsvOptions c;
  const std::string delimiter = o["delimiter"].as<std::string>();
  if (delimiter == "auto") c.delimiter = 0;
  else if (delimiter == "," || delimiter == ";" || delimiter == "\t" || delimiter == "|") c.delimiter = delimiter[0];
  else return makeError(Status::InvalidArgument, "delimiter must be 'auto', ',', ';', '\\t' or '|'; got '" + delimiter + "'");
  const std::string onBadRow = o["onBadRow"].as<std::string>();
  if (onBadRow == "error") c.onBadRow = BadRowPolicy::Error;
  else if (onBadRow == "skip") c.onBadRow = BadRowPolicy::Skip;
  else return makeError(Status::InvalidArgument, "onBadRow must be 'error' or 'skip'; got '" + onBadRow + "'");
  return c;
}

val guessValue(const ColumnGuess& g, const Table& t) {
  val out = val::object();
  out.set("label", static_cast<double>(g.label));
  out.set("labelName", g.label >= 0 ? val(t.columns[static_cast<size_t>(g.label)].name) : val::null());
  out.set("labelReasons", stringArray(g.labelReasons));
  std::vector<int32_t> probs(g.probabilityColumns.begin(), g.probabilityColumns.end());
  val p = val::array();
  for (int32_t c : probs) p.call<void>("push", c);
  out.set("probabilityColumns", p);
  out.set("candidates", objectArray(g.candidates, [](val& x, const LabelCandidate& c) {
    x.set("index", static_cast<double>(c.column));
    x.set("score", c.score);
    x.set("eligible", c.eligible);
    x.set("continuous", c.continuous);
    x.set("reasons", stringArray(c.reasons));
  }));
  return out;
}

val previewCsv(uintptr_t bytesPtr, double length, val options) {
  auto csv = csvOptions(options);
  if (!csv.ok()) return errorValue(csv.error());
  PreviewOptions o;
  o.csv = csv.value();
  o.maxRows = static_cast<Index>(options["maxRows"].as<double>());
  o.partial = options["partial"].as<bool>();
  auto r = labelcheck::previewCsv(bytesAt(bytesPtr, length), o);
  if (!r.ok()) return errorValue(r.error());
  const CsvPreview& p = r.value();
  const Table& t = p.table;
  std::vector<Index> distinct(static_cast<size_t>(t.columnCount()), 0);
  std::vector<uint8_t> continuous(static_cast<size_t>(t.columnCount()), 0);
  for (const LabelCandidate& c : p.guess.candidates) {
    distinct[static_cast<size_t>(c.column)] = c.distinct;
    continuous[static_cast<size_t>(c.column)] = c.continuous;
  }
  val columns = val::array();
  for (Index j = 0; j < t.columnCount(); ++j) {
    const Column& c = t.columns[static_cast<size_t>(j)];
    val x = val::object();
    x.set("index", static_cast<double>(j));
    x.set("name", c.name);
    x.set("kind", std::string(columnKindName(c.kind)));
    x.set("distinct", static_cast<double>(distinct[static_cast<size_t>(j)]));
    x.set("missing", static_cast<double>(c.missing));
    x.set("why", c.reason);
    x.set("looksContinuous", continuous[static_cast<size_t>(j)] != 0);
    columns.call<void>("push", x);
  }
  val rows = val::array();
  for (const std::vector<std::string>& row : p.rows) rows.call<void>("push", stringArray(row));
  val out = okValue();
  out.set("columns", columns);
  out.set("rows", rows);
  out.set("rowCount", static_cast<double>(t.fileRowCount()));  // as checkLabels: skipped records count
  out.set("csv", csvValue(t.meta));
  // Rewrites (relabelCsv) and rowValues index these by the file's data rows, as results do.
  out.set("rowSpans", options["rowSpans"].as<bool>() ? rowSpansValue(fileRowSpans(t)) : val::null());
  out.set("guess", guessValue(p.guess, t));
  out.set("warnings", stringArray(p.warnings));
  return out;
}

val rowValues(uintptr_t bytesPtr, double length, val csv, uintptr_t offsetsPtr, uintptr_t endsPtr, double count) {
  auto layout = layoutFrom(csv, offsetsPtr, endsPtr, count);
  if (!layout.ok()) return errorValue(layout.error());
  const CsvLayout& l = layout.value();
  const std::string_view input = bytesAt(bytesPtr, length);
  if (l.bytes != input.size())
    return errorValue(makeError(Status::InvalidArgument, "the result does not describe these bytes: it was made from " +
                                                             std::to_string(l.bytes) + " bytes, these are " +
                                                             std::to_string(input.size())));
  val rows = val::array();
  for (size_t i = 0; i < l.rowOffsets.size(); ++i) {
    if (l.rowEnds[i] < l.rowOffsets[i] || l.rowEnds[i] > input.size())
      return errorValue(makeError(Status::InvalidArgument, "a row span lies outside the input"));
    const std::string_view record = input.substr(l.rowOffsets[i], l.rowEnds[i] - l.rowOffsets[i]);
    rows.call<void>("push", stringArray(recordFields(record, l.delimiter, l.quote, l.encoding)));
  }
  val out = okValue();
  out.set("rows", rows);
  return out;
}

val bytesValue(const std::string& s) {
  val out = okValue();
  out.set("bytes", uint8Array(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  return out;
}

val annotateCsv(uintptr_t bytesPtr, double length, val csv, uintptr_t offsetsPtr, uintptr_t endsPtr, double rows,
                uintptr_t sourceRowsPtr, uintptr_t isIssuePtr, uintptr_t qualityPtr, uintptr_t probsPtr, double n, double k,
                val classNames) {
  auto layout = layoutFrom(csv, offsetsPtr, endsPtr, rows);
  if (!layout.ok()) return errorValue(layout.error());
  RowAnnotations a;
  const size_t N = static_cast<size_t>(n), K = static_cast<size_t>(k);
  const int32_t* source = reinterpret_cast<const int32_t*>(sourceRowsPtr);
  const uint8_t* issue = reinterpret_cast<const uint8_t*>(isIssuePtr);
  const double* quality = reinterpret_cast<const double*>(qualityPtr);
  const double* probs = reinterpret_cast<const double*>(probsPtr);
  a.sourceRows.assign(source, source + N);
  a.isLabelIssue.assign(issue, issue + N);
  a.labelQuality.assign(quality, quality + N);
  a.suggestedLabel.resize(N);
  for (size_t i = 0; i < N; ++i) {  // the most probable class (first on ties), as the pipeline's issues
    size_t best = 0;
    for (size_t c = 1; c < K; ++c)
      if (probs[i * K + c] > probs[i * K + best]) best = c;
    a.suggestedLabel[i] = static_cast<int32_t>(best);
  }
  const unsigned names = classNames["length"].as<unsigned>();
  for (unsigned i = 0; i < names; ++i) a.classNames.push_back(classNames[i].as<std::string>());
  if (a.classNames.size() != K && N > 0)
    return errorValue(makeError(Status::ShapeMismatch, "classNames and the probability columns differ in number"));
  if (!reserveWorkspace(length * 2.0 + n * 64.0).ok())
    return errorValue(makeError(Status::OutOfMemory, "not enough WebAssembly memory for the annotated copy"));
  auto out = labelcheck::annotateCsv(bytesAt(bytesPtr, length), layout.value(), a);
  if (!out.ok()) return errorValue(out.error());
  return bytesValue(out.value());
}

val relabelCsv(uintptr_t bytesPtr, double length, val csv, uintptr_t offsetsPtr, uintptr_t endsPtr, double rows,
               double column, val changes) {
  auto layout = layoutFrom(csv, offsetsPtr, endsPtr, rows);
  if (!layout.ok()) return errorValue(layout.error());
  std::vector<LabelChange> list;
  const unsigned n = changes["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    const val c = changes[i];
    if (!c["row"].isNumber() || !c["label"].isString())
      return errorValue(makeError(Status::InvalidArgument, "each change must be {row: number, label: string}"));
    list.push_back({static_cast<int64_t>(c["row"].as<double>()), c["label"].as<std::string>()});
  }
  if (!reserveWorkspace(length * 2.0).ok())
    return errorValue(makeError(Status::OutOfMemory, "not enough WebAssembly memory for the relabelled copy"));
  auto out = labelcheck::relabelCsv(bytesAt(bytesPtr, length), layout.value(), static_cast<int64_t>(column), std::move(list));
  if (!out.ok()) return errorValue(out.error());
  return bytesValue(out.value());
}

}  // namespace
}  // namespace labelcheck::wasm

EMSCRIPTEN_BINDINGS(labelcheck_csv) {
  emscripten::function("_previewCsv", &labelcheck::wasm::previewCsv);
  emscripten::function("_rowValues", &labelcheck::wasm::rowValues);
  emscripten::function("_annotateCsv", &labelcheck::wasm::annotateCsv);
  emscripten::function("_relabelCsv", &labelcheck::wasm::relabelCsv);
}
