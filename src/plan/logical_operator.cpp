#include "plan/logical_operator.h"

namespace sluice {

std::string LogicalOperator::ToString(int indent) const {
  std::string pad(static_cast<size_t>(indent) * 2, ' ');
  std::string s = pad;
  auto list = [](const std::vector<ExprPtr>& exprs) {
    std::string out;
    for (size_t i = 0; i < exprs.size(); i++) out += (i ? ", " : "") + exprs[i]->ToString();
    return out;
  };
  switch (kind) {
    case LogicalKind::kGet: {
      s += "GET " + source->Describe() + " [";
      for (size_t i = 0; i < column_ids.size(); i++) {
        s += (i ? ", " : "") + source->schema()[column_ids[i]].name;
      }
      s += "]";
      if (!expressions.empty()) s += " filters=[" + list(expressions) + "]";
      break;
    }
    case LogicalKind::kChunkGet: s += "CHUNK_GET " + data_name; break;
    case LogicalKind::kEmpty: s += empty_has_row ? "EMPTY_ROW" : "EMPTY_RESULT"; break;
    case LogicalKind::kProjection: s += "PROJECTION [" + list(expressions) + "]"; break;
    case LogicalKind::kFilter: s += "FILTER [" + list(expressions) + "]"; break;
    case LogicalKind::kAggregate: {
      s += "AGGREGATE groups=[" + list(groups) + "] aggregates=[";
      for (size_t i = 0; i < aggregates.size(); i++)
        s += (i ? ", " : "") + aggregates[i].ToString();
      s += "]";
      break;
    }
    case LogicalKind::kOrder: s += "ORDER"; break;
    case LogicalKind::kLimit: s += "LIMIT " + std::to_string(limit); break;
    case LogicalKind::kCopy: s += "COPY " + copy_path; break;
    case LogicalKind::kUnion: s += "UNION_ALL"; break;
    case LogicalKind::kWindow: {
      s += "WINDOW [";
      for (size_t i = 0; i < window_calls.size(); i++)
        s += (i ? ", " : "") + window_calls[i].ToString();
      s += "]";
      break;
    }
    case LogicalKind::kJoin: {
      static const char* kNames[] = {"INNER", "LEFT", "RIGHT", "FULL", "SEMI", "ANTI", "CROSS"};
      s += std::string("JOIN ") + kNames[static_cast<int>(join_type)] + " [" + list(expressions) +
           "]";
      break;
    }
  }
  s += "\n";
  for (const auto& c : children) s += c->ToString(indent + 1);
  return s;
}

}  // namespace sluice
