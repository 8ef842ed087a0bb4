#include "support/golden.hpp"

#include <cmath>
#include <limits>
#include <sstream>

namespace labelcheck::test {

namespace {

bool asDouble(const json& v, double& out) {
  if (v.is_number()) { out = v.get<double>(); return true; }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "NaN") { out = std::numeric_limits<double>::quiet_NaN(); return true; }
    if (s == "Infinity") { out = std::numeric_limits<double>::infinity(); return true; }
    if (s == "-Infinity") { out = -std::numeric_limits<double>::infinity(); return true; }
  }
  return false;
}

bool close(double a, double b, const Tolerance& t) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= std::max(t.rtol * std::max(std::abs(a), std::abs(b)), t.atol);
}

std::string exact(const json& exp, const json& got, const std::string& path) {
  if (exp != got) return path + ": expected " + exp.dump().substr(0, 200) + ", got " + got.dump().substr(0, 200);
  return "";
}

std::string numeric(const json& exp, const json& got, const std::string& path, const Tolerance& t) {
  if (exp.is_array()) {
    if (!got.is_array() || got.size() != exp.size())
      return path + ": expected a list of " + std::to_string(exp.size());
    for (size_t i = 0; i < exp.size(); ++i) {
      std::string d = numeric(exp[i], got[i], path + "[" + std::to_string(i) + "]", t);
      if (!d.empty()) return d;
    }
    return "";
  }
  if (exp.is_object()) {
    if (!got.is_object()) return path + ": expected an object";
    for (auto it = exp.begin(); it != exp.end(); ++it) {
      if (!got.contains(it.key())) return path + "." + it.key() + ": missing";
      std::string d = numeric(it.value(), got[it.key()], path + "." + it.key(), t);
      if (!d.empty()) return d;
    }
    return "";
  }
  if (exp.is_number_integer() && got.is_number_integer())
    return exp.get<int64_t>() == got.get<int64_t>() ? "" : path + ": expected " + exp.dump() + ", got " + got.dump();
  if (exp.is_number_integer() && !got.is_number_integer())
    return path + ": expected integer " + exp.dump() + ", got " + got.dump();
  double a, b;
  if (asDouble(exp, a)) {
    if (!asDouble(got, b)) return path + ": expected a number, got " + got.dump();
    return close(a, b, t) ? "" : path + ": expected " + exp.dump() + ", got " + got.dump();
  }
  return exact(exp, got, path);
}

std::string table(const json& spec, const json& exp, const json& got, const std::string& path, const Tolerance& t) {
  if (!got.is_array() || got.size() != exp.size()) return path + ": expected " + std::to_string(exp.size()) + " rows";
  const json& keys = spec.at("key");
  const std::string sortBy = spec.at("sort_by");
  const bool ascending = spec.at("ascending");
  auto keyOf = [&](const json& row) {
    json k = json::array();
    for (const auto& name : keys) k.push_back(row.at(name.get<std::string>()));
    return k.dump();
  };
  for (const auto& e : exp) {
    const std::string k = keyOf(e);
    const json* match = nullptr;
    for (const auto& g : got)
      if (keyOf(g) == k) match = &g;
    if (!match) return path + ": no row with key " + k;
    std::string d = numeric(e, *match, path + "{" + k + "}", t);
    if (!d.empty()) return d;
  }
  for (size_t i = 1; i < got.size(); ++i) {
    double prev, cur;
    if (!asDouble(got[i - 1].at(sortBy), prev) || !asDouble(got[i].at(sortBy), cur)) continue;
    if (std::isnan(prev) || std::isnan(cur) || close(prev, cur, t)) continue;
    if (ascending ? cur < prev : cur > prev) return path + ": rows not sorted by " + sortBy;
  }
  return "";
}

std::string byRule(const json& rule, const json& exp, const json& got, const std::string& path, const Tolerance& t) {
  if (rule.is_string()) return rule == "exact" ? exact(exp, got, path) : numeric(exp, got, path, t);
  if (rule.contains("table")) return table(rule["table"], exp, got, path, t);
  if (rule.contains("fields")) {
    for (auto it = rule["fields"].begin(); it != rule["fields"].end(); ++it) {
      if (!got.is_object() || !got.contains(it.key())) return path + "." + it.key() + ": missing";
      std::string d = byRule(it.value(), exp.at(it.key()), got[it.key()], path + "." + it.key(), t);
      if (!d.empty()) return d;
    }
    return "";
  }
  return path + ": unknown compare rule " + rule.dump();
}

}  // namespace

std::string compareCall(const json& record, const json& got, const Tolerance& tol) {
  const json& expected = record.at("expected");
  const bool gotOk = got.value("ok", false);
  if (!expected.at("ok").get<bool>())
    return gotOk ? "expected an error (" + expected["error"].value("message", "") + "), got a result" : "";
  if (!gotOk) {
    if (record.value("reject_ok", false)) return "";
    return "expected a result, got error " + got.value("error", json::object()).dump();
  }
  const json& rule = record.at("compare");
  std::string first = byRule(rule, expected.at("result"), got.at("result"), "$", tol);
  if (first.empty()) return "";
  if (record.contains("alternatives"))
    for (const auto& alt : record["alternatives"])
      if (alt.value("ok", false) && byRule(rule, alt.at("result"), got.at("result"), "$", tol).empty()) return "";
  return first;
}

}  // namespace labelcheck::test
