#include "expr/functions/builtin_functions.h"

#include <mutex>

namespace sluice {

void RegisterBuiltinFunctions() {
  static std::once_flag once;
  std::call_once(once, [] {
    functions::RegisterArithmetic();
    functions::RegisterComparison();
    functions::RegisterPatternMatching();
    functions::RegisterStringFunctions();
    functions::RegisterStringSearchFunctions();
    functions::RegisterConcatFunctions();
    functions::RegisterRegexpFunctions();
    functions::RegisterMathFunctions();
    functions::RegisterDateFunctions();
    functions::RegisterDateFormatFunctions();
    functions::RegisterConditionalFunctions();
    functions::RegisterHashFunctions();
    functions::RegisterCountSumAvg();
    functions::RegisterMinMax();
    functions::RegisterStatistics();
    functions::RegisterQuantiles();
    functions::RegisterStringAgg();
    functions::RegisterFoldAggregates();
    functions::RegisterHyperLogLog();
    functions::RegisterArgMinMax();
    functions::RegisterFirstValue();
  });
}

}  // namespace sluice
