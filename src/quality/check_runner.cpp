#include "quality/check_runner.h"

#include <fmt/format.h>

#include <cctype>
#include <chrono>

#include "common/error.h"
#include "exec/chunk_collection.h"
#include "quality/flagged_rows.h"
#include "quality/key_set.h"
#include "quality/row_rule_sql.h"
#include "quality/table_rules.h"
#include "sql/parser/ast_expression.h"

namespace sluice::quality {
namespace {

using sql::QuoteIdentifier;
using sql::QuoteString;

bool IsRowRule(const std::string& kind) {
  return kind == "not_null" || kind == "unique" || kind == "accepted_values" || kind == "range" ||
         kind == "regex" || kind == "length" || kind == "row" || kind == "foreign_key";
}

std::vector<std::string> SplitName(const std::string& name) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot; (dot = name.find('.', start)) != std::string::npos; start = dot + 1) {
    parts.push_back(name.substr(start, dot - start));
  }
  parts.push_back(name.substr(start));
  return parts;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int64_t NowMicros(const CheckOptions& options) {
  if (options.now_micros != 0) return options.now_micros;
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The rules of the report, in spec order: a declared schema first (the table rule
// "schema" for missing columns, a row rule per column to cast), then the dataset's rules.
std::vector<RowRule> PlanRules(const pipeline::DatasetChecks& checks, const Schema& input,
                               const CheckOptions& options, CheckReport& report) {
  std::vector<RowRule> row_rules;
  auto add_row_rule = [&](const pipeline::RuleSpec& spec, std::string name) {
    RowRule rule;
    rule.spec = spec;
    rule.name = std::move(name);
    rule.error = spec.severity != "warn";
    rule.has_fix = spec.fix.kind != pipeline::FixSpec::Kind::kNone && spec.kind != "unique" &&
                   spec.kind != "row";
    rule.result_index = report.rules.size();
    row_rules.push_back(std::move(rule));
  };
  if (options.declared_schema) {
    pipeline::RuleSpec missing;
    missing.kind = "schema";
    for (const auto& field : *options.declared_schema) {
      missing.columns.push_back(field.name + " " + std::string(TypeName(field.type)));
    }
    RuleResult result;
    result.rule = missing;
    result.name = "schema";
    result.table_level = true;
    report.rules.push_back(result);
    for (const auto& field : *options.declared_schema) {
      const Field* present = nullptr;
      for (const auto& f : input) {
        if (Lower(f.name) == Lower(field.name)) present = &f;
      }
      if (present == nullptr || present->type == field.type) continue;
      pipeline::RuleSpec spec;
      spec.kind = "schema";
      spec.column = present->name;
      std::string name = fmt::format("schema({} {})", present->name, TypeName(field.type));
      add_row_rule(spec, name);
      row_rules.back().declared_cast_column = present->name;
      RuleResult row_result;
      row_result.rule = spec;
      row_result.name = name;
      report.rules.push_back(row_result);
    }
  }
  for (const auto& spec : checks.rules) {
    RuleResult result;
    result.rule = spec;
    result.name = spec.Describe();
    if (IsRowRule(spec.kind)) {
      add_row_rule(spec, result.name);
    } else if (IsTableRule(spec.kind)) {
      result.table_level = true;
    } else {
      throw Error::UserInput("{}: unknown rule kind '{}'", RuleContext(checks.dataset, spec),
                             spec.kind);
    }
    report.rules.push_back(result);
  }
  return row_rules;
}

// Runs the check query; when it does not bind, finds the rule to blame.
QueryResult RunCheckQuery(Session& session, const std::string& dataset, const CheckQuery& query) {
  try {
    return session.Execute(query.sql);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kUserInput) throw;
    for (const auto& rule : query.rules) {
      if (IsNativeRule(rule.spec.kind) || !rule.declared_cast_column.empty()) continue;
      CheckQuery alone = BuildCheckQuery(dataset, query.schema, {}, {rule});
      std::string probe = "SELECT * FROM (" + alone.sql + ") __probe LIMIT 0";
      try {
        session.Execute(probe);
      } catch (const Error& e) {
        throw Error(ErrorKind::kUserInput,
                    fmt::format("{}: {}", RuleContext(dataset, rule.spec), e.message()));
      }
    }
    throw Error(ErrorKind::kUserInput, fmt::format("checks.{}: the rules cannot be evaluated: {}",
                                                   dataset, error.message()));
  }
}

void ProbeAll(const KeySet& set, const ChunkCollection& data, const std::vector<size_t>& columns,
              bool member, std::vector<uint8_t>& out, uint64_t rows) {
  out.assign(rows, 0);
  uint64_t offset = 0;
  for (size_t i = 0; i < data.chunk_count(); i++) {
    set.Probe(data.chunk(i), columns, member, out.data() + offset);
    offset += data.chunk(i).size();
  }
}

// Judges unique and foreign_key natively over the rows of `data`: unique by finding the
// repeated keys (key_set.h); foreign_key by probing the referenced keys, read by SQL.
void JudgeNativeRules(Session& session, const std::string& dataset, const ChunkCollection& data,
                      const CheckQuery& query, RowFlags& flags) {
  for (size_t r = 0; r < query.rules.size(); r++) {
    const RowRule& rule = query.rules[r];
    if (!IsNativeRule(rule.spec.kind)) continue;
    std::vector<TypeId> types;
    for (size_t c : rule.columns) types.push_back(query.schema[c].type);
    if (rule.spec.kind == "unique") {
      if (types.size() == 1 && KeySet::IsIntegerLike(types[0])) {
        std::vector<int64_t> duplicates = DuplicateIntegers(data, rule.columns[0], types[0]);
        if (duplicates.empty()) continue;
        KeySet set = KeySet::Integers(std::move(duplicates), types[0]);
        ProbeAll(set, data, rule.columns, true, flags.failed[r], flags.rows);
      } else if (FlagDuplicateKeys(data, rule.columns, types, flags.failed[r]) == 0) {
        flags.failed[r].clear();
      }
      continue;
    }
    const std::string& ref =
        rule.spec.references_column.empty() ? rule.spec.column : rule.spec.references_column;
    std::string table;
    for (const auto& part : SplitName(rule.spec.references)) {
      table += (table.empty() ? "" : ".") + QuoteIdentifier(part);
    }
    std::string sql = fmt::format("SELECT DISTINCT TRY_CAST({} AS {}) FROM {}",
                                  QuoteIdentifier(ref), TypeName(types[0]), table);
    QueryResult keys;
    try {
      keys = session.Execute(sql);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kUserInput) throw;
      throw Error(ErrorKind::kUserInput,
                  fmt::format("{}: {}", RuleContext(dataset, rule.spec), e.message()));
    }
    KeySet set(keys.chunks, types);
    ProbeAll(set, data, rule.columns, false, flags.failed[r], flags.rows);
  }
}

// Flags every row rule: the check query (and the rewritten rows, with fixes or casts),
// then the native rules. Returns the rows the flags describe.
std::shared_ptr<ChunkCollection> FlagRows(Session& session, const std::string& dataset,
                                          const Session::TableData& table, const CheckQuery& query,
                                          RowFlags& flags) {
  flags.rows = table.data->row_count();
  flags.failed.assign(query.rules.size(), {});
  flags.fired.assign(query.fixed.size(), {});
  std::shared_ptr<ChunkCollection> data = table.data;
  if (!query.sql.empty()) {
    const uint64_t rows = flags.rows;
    QueryResult result = RunCheckQuery(session, dataset, query);
    TakeQueryFlags(result, query, flags);
    if (query.rewrites_columns) {
      data = TakeQueryData(result, query);
    } else if (flags.rows != rows) {
      throw Error::Internal("checks.{}: the check query returned {} rows for {}", dataset,
                            flags.rows, rows);
    }
  }
  bool has_native = false;
  for (const auto& rule : query.rules) has_native = has_native || IsNativeRule(rule.spec.kind);
  if (has_native) JudgeNativeRules(session, dataset, *data, query, flags);
  return data;
}

// Replaces the dataset by its good rows and puts the others in the quarantine table.
uint64_t Quarantine(Session& session, const std::string& dataset, const ChunkCollection& data,
                    const RowFlags& flags, const CheckQuery& query, const CheckOptions& options,
                    int64_t now) {
  auto good = std::make_shared<ChunkCollection>();
  auto bad = std::make_shared<ChunkCollection>();
  SplitRows(data, flags, query, QuarantineColumns{options.run_id, now}, *good, bad.get());
  session.PutTable(dataset, query.schema, good);
  Schema schema = query.schema;
  schema.push_back(Field{"_failed_rules", TypeId::kVarchar});
  schema.push_back(Field{"_run_id", TypeId::kVarchar});
  schema.push_back(Field{"_checked_at", TypeId::kTimestamp});
  session.PutTable(options.quarantine_table, schema, bad);
  return bad->row_count();
}

// Samples of a declared type show the value as read, not the NULL it casts to.
void RawSamples(Session& session, const std::string& dataset, const CheckQuery& query,
                const FlagCounts& counts, size_t sample_size, CheckReport& report) {
  for (size_t r = 0; r < query.rules.size(); r++) {
    const RowRule& rule = query.rules[r];
    if (rule.declared_cast_column.empty() || counts.failed[r] == 0) continue;
    std::string column = QuoteIdentifier(rule.declared_cast_column);
    QueryResult raw =
        session.Execute(fmt::format("SELECT {} FROM {} WHERE {} LIMIT {}", column,
                                    QuoteIdentifier(dataset), rule.fail_sql, sample_size));
    std::vector<std::string> rows;
    for (size_t i = 0; i < raw.row_count(); i++) {
      rows.push_back(
          fmt::format("{{\"{}\": {}}}", rule.declared_cast_column, ValueJson(raw.Row(i)[0])));
    }
    report.rules[rule.result_index].sample_json = fmt::format("[{}]", fmt::join(rows, ", "));
  }
}

void JudgeDataset(CheckReport& report) {
  bool error_table_failed = false;
  bool error_row_failed = report.rows_passed < report.rows_checked;
  bool warn_failed = false;
  std::vector<std::string> failing;
  for (const auto& r : report.rules) {
    if (r.passed) continue;
    bool error = r.rule.severity != "warn";
    if (error && r.table_level) error_table_failed = true;
    if (!error) warn_failed = true;
    std::string what =
        r.table_level ? fmt::format("{} ({})", r.name, r.message)
                      : fmt::format("{} ({} of {} rows)", r.name, r.rows_failed, r.rows_checked);
    failing.push_back(error ? what : what + " [warn]");
  }
  report.score = report.rows_checked == 0 ? 1.0
                                          : static_cast<double>(report.rows_passed) /
                                                static_cast<double>(report.rows_checked);
  bool below = report.min_score && report.score < *report.min_score;
  const std::string& policy = report.on_fail;
  std::string rules = fmt::format("{}", fmt::join(failing, ", "));
  if (below) {
    report.verdict = Verdict::kFailed;
    report.message = fmt::format("score {:.4f} is below min_score {}; failed: {}", report.score,
                                 *report.min_score, rules);
  } else if ((error_table_failed && policy != "warn") || (error_row_failed && policy == "fail")) {
    report.verdict = Verdict::kFailed;
    report.message = "failed: " + rules;
  } else if (error_row_failed && policy == "quarantine") {
    report.verdict = Verdict::kQuarantined;
    report.message = fmt::format("{} rows quarantined; failed: {}", report.rows_quarantined, rules);
  } else if (warn_failed || error_row_failed || error_table_failed) {
    report.verdict = Verdict::kWarned;
    report.message = "failed: " + rules;
  } else {
    report.verdict = Verdict::kPassed;
  }
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPassed: return "passed";
    case Verdict::kWarned: return "warned";
    case Verdict::kQuarantined: return "quarantined";
    case Verdict::kFailed: return "failed";
  }
  return "passed";
}

CheckReport RunChecks(Session& session, const pipeline::DatasetChecks& checks,
                      const CheckOptions& options) {
  CheckReport report;
  report.dataset = checks.dataset;
  report.on_fail = checks.on_fail;
  report.min_score = checks.min_score;
  Session::TableData table = session.GetTable(checks.dataset);
  if (table.data == nullptr) {
    throw Error::UserInput("checks.{}: no dataset '{}' to check (a source or step of this name)",
                           checks.dataset, checks.dataset);
  }
  const uint64_t rows = table.data->row_count();
  const int64_t now = NowMicros(options);
  std::vector<RowRule> row_rules = PlanRules(checks, table.schema, options, report);
  CheckQuery query = BuildCheckQuery(checks.dataset, table.schema,
                                     options.declared_schema.value_or(Schema{}), row_rules);

  // Table rules, over the dataset with its declared types.
  std::vector<RuleResult*> table_results;
  for (auto& r : report.rules) {
    if (r.table_level) table_results.push_back(&r);
  }
  TableRuleInput table_input{checks.dataset, query.base_sql, query.schema, rows, now};
  EvaluateTableRules(session, table_input, table_results);

  report.rows_checked = rows;
  report.rows_passed = rows;
  if (query.rules.empty() && !query.rewrites_columns) {
    if (!options.quarantine_table.empty()) session.DropTable(options.quarantine_table);
    JudgeDataset(report);
    return report;
  }
  RowFlags flags;
  std::shared_ptr<ChunkCollection> data = FlagRows(session, checks.dataset, table, query, flags);
  FlagCounts counts = CountFlags(*data, flags, query, options.sample_size);
  report.rows_checked = flags.rows;
  report.rows_passed = flags.rows - counts.error_failing;
  report.rows_corrected = counts.changed;
  for (size_t r = 0; r < query.rules.size(); r++) {
    RuleResult& result = report.rules[query.rules[r].result_index];
    result.rows_checked = flags.rows;
    result.rows_failed = counts.failed[r];
    result.rows_corrected = counts.corrected[r];
    result.passed = counts.failed[r] == 0;
    result.sample_json = counts.samples[r];
  }
  RawSamples(session, checks.dataset, query, counts, options.sample_size, report);
  bool quarantine = checks.on_fail == "quarantine" && counts.error_failing > 0;
  if (!quarantine && !options.quarantine_table.empty()) session.DropTable(options.quarantine_table);
  if (quarantine) {
    report.rows_quarantined =
        Quarantine(session, checks.dataset, *data, flags, query, options, now);
  } else if (data != table.data) {
    bool retyped = false;
    for (size_t c = 0; c < query.schema.size(); c++) {
      retyped = retyped || query.schema[c].type != table.schema[c].type;
    }
    if (retyped || counts.changed > 0) session.PutTable(checks.dataset, query.schema, data);
  }
  JudgeDataset(report);
  return report;
}

}  // namespace sluice::quality
