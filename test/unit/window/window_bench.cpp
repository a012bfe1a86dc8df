// window_bench — times a W08-like dedup: row_number() OVER (PARTITION BY customer_id
// ORDER BY order_ts DESC, order_id DESC) over generated orders (9 columns, strings
// included), then WHERE rn = 1. Prints seconds and memory; not a test.
//
//   window_bench [rows=1e7] [threads=2]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <random>
#include <string>

#include "common/thread_pool.h"
#include "exec/pipeline_executor.h"
#include "exec/projection.h"
#include "exec/result_collector.h"
#include "exec/window.h"
#include "expr/functions/builtin_functions.h"
#include "expr/scalar_function.h"

namespace sluice {
namespace {

size_t ResidentMegabytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096 / (1 << 20);
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

size_t PeakMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<size_t>(usage.ru_maxrss) / 1024;
}

std::shared_ptr<ChunkCollection> Generate(size_t rows) {
  std::vector<TypeId> types = {TypeId::kBigint,  TypeId::kBigint,  TypeId::kTimestamp,
                               TypeId::kVarchar, TypeId::kVarchar, TypeId::kInteger,
                               TypeId::kDouble,  TypeId::kDouble,  TypeId::kVarchar};
  auto data = std::make_shared<ChunkCollection>(types);
  std::mt19937_64 rng(42);
  const char* statuses[] = {"delivered", "shipped", "processing", "pending", "cancelled"};
  const char* words[] = {"fast", "order", "please", "gift", "wrap", "call", "before", "door"};
  uint64_t customers = std::max<size_t>(rows / 100, 1);
  int64_t ts0 = 1672531200LL * 1000000;  // 2023-01-01
  for (size_t start = 0; start < rows; start += kChunkCapacity) {
    size_t n = std::min(kChunkCapacity, rows - start);
    DataChunk chunk;
    chunk.Initialize(types, n);
    for (size_t i = 0; i < n; i++) {
      uint64_t r = rng();
      chunk.column(0).data<int64_t>()[i] = static_cast<int64_t>(start + i + 1);
      // Half of the orders go to a fifth of the customers.
      uint64_t c = (r & 1) ? (r >> 8) % (customers / 5 + 1) : (r >> 8) % customers;
      chunk.column(1).data<int64_t>()[i] = static_cast<int64_t>(c * 7919 % customers);
      chunk.column(2).data<int64_t>()[i] =
          ts0 + static_cast<int64_t>(rng() % (730ULL * 86400 * 1000000));
      Vector& status = chunk.column(3);
      status.data<StringRef>()[i] = status.AddString(statuses[r % 5]);
      Vector& region = chunk.column(4);
      region.data<StringRef>()[i] = region.AddString("region-" + std::to_string((r >> 4) % 20));
      chunk.column(5).data<int32_t>()[i] = static_cast<int32_t>(1 + (r >> 12) % 100);
      chunk.column(6).data<double>()[i] = 0.5 + static_cast<double>((r >> 20) % 99950) / 100.0;
      if ((r >> 40) % 20 == 0) {
        chunk.column(7).SetNull(i);
      } else {
        chunk.column(7).data<double>()[i] = static_cast<double>((r >> 44) % 31) / 100.0;
      }
      std::string comment;
      size_t length = 10 + (r >> 50) % 51;
      for (uint64_t w = rng(); comment.size() < length; w >>= 3)
        comment += words[w % 8] + std::string(" ");
      comment.resize(length);
      Vector& text = chunk.column(8);
      text.data<StringRef>()[i] = text.AddString(comment);
    }
    chunk.SetSize(n);
    data->AppendOwned(std::move(chunk));
  }
  return data;
}

int Main(int argc, char** argv) {
  size_t rows = argc > 1 ? static_cast<size_t>(std::atof(argv[1])) : 10000000;
  size_t threads = argc > 2 ? static_cast<size_t>(std::atoi(argv[2])) : 2;
  RegisterBuiltinFunctions();
  auto data = Generate(rows);
  size_t before = ResidentMegabytes();
  std::printf("generated %zu rows, resident %zu MB\n", rows, before);

  std::vector<size_t> columns;
  for (size_t c = 0; c < data->types().size(); c++) columns.push_back(c);
  auto scan = std::make_unique<PhysicalChunkScan>(data, columns, "orders");
  WindowCall rn;
  rn.kind = WindowFunctionKind::kRowNumber;
  rn.type = TypeId::kBigint;
  rn.name = "rn";
  rn.partition_by.push_back(Expr::ColumnRef(1, TypeId::kBigint, "customer_id"));
  rn.order_by.push_back(SortKey{Expr::ColumnRef(2, TypeId::kTimestamp, "order_ts"), true, true});
  rn.order_by.push_back(SortKey{Expr::ColumnRef(0, TypeId::kBigint, "order_id"), true, true});
  std::vector<WindowCall> calls;
  calls.push_back(std::move(rn));
  auto window = std::make_unique<PhysicalWindow>(data->types(), std::move(calls));
  window->AddChild(std::move(scan));
  std::vector<TypeId> types = window->types();
  std::vector<ExprPtr> args;
  args.push_back(Expr::ColumnRef(9, TypeId::kBigint, "rn"));
  args.push_back(Expr::Constant(Value::Bigint(1)));
  auto equals = ScalarFunctionRegistry::Resolve("=", {TypeId::kBigint, TypeId::kBigint});
  auto filter = std::make_unique<PhysicalFilter>(
      Expr::Function(equals->function, std::move(args), "rn = 1"), types);
  filter->AddChild(std::move(window));
  auto collector = std::make_unique<PhysicalResultCollector>(types);
  collector->AddChild(std::move(filter));

  ThreadPool pool(threads);
  ExecutionContext context;
  context.pool = &pool;
  PipelineExecutor executor(context);
  auto started = std::chrono::steady_clock::now();
  double cpu_before = CpuSeconds();
  executor.Execute(*collector);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ChunkCollection result = collector->TakeResult();
  double cpu = CpuSeconds() - cpu_before;
  // CPU seconds as well as wall time: on a shared machine the wall time says little.
  std::printf(
      "rows out %llu, %.3f s wall, %.3f s CPU, peak resident %zu MB (%zu MB above the "
      "generated input)\n",
      static_cast<unsigned long long>(result.row_count()), seconds, cpu, PeakMegabytes(),
      PeakMegabytes() - before);
  return 0;
}

}  // namespace
}  // namespace sluice

int main(int argc, char** argv) {
  return sluice::Main(argc, argv);
}
