// The built-in function library: every scalar function, operator and aggregate sluice
// ships, registered into ScalarFunctionRegistry and AggregateFunctionRegistry.
//
// RegisterBuiltinFunctions() is idempotent and thread-safe (std::call_once); call it once
// at startup before binding any SQL. Each file of the library registers its own concept
// through one Register...() function declared below.
#pragma once

namespace sluice {

void RegisterBuiltinFunctions();

namespace functions {

// Scalar functions and operators.
void RegisterArithmetic();
void RegisterComparison();
void RegisterPatternMatching();
void RegisterStringFunctions();
void RegisterStringSearchFunctions();
void RegisterConcatFunctions();
void RegisterRegexpFunctions();
void RegisterMathFunctions();
void RegisterDateFunctions();
void RegisterDateFormatFunctions();
void RegisterHashFunctions();
void RegisterConditionalFunctions();

// Aggregates.
void RegisterCountSumAvg();
void RegisterMinMax();
void RegisterStatistics();
void RegisterQuantiles();
void RegisterStringAgg();
void RegisterFoldAggregates();
void RegisterFirstValue();
void RegisterHyperLogLog();
void RegisterArgMinMax();

}  // namespace functions
}  // namespace sluice
