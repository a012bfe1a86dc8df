#include "exec/pipeline_executor.h"

#include <atomic>
#include <chrono>

#include "common/error.h"
#include "common/thread_pool.h"

namespace sluice {
namespace {

std::vector<PipelineSegment> BuildSegments(PhysicalOperator* op,
                                           std::vector<PhysicalOperator*> above,
                                           std::vector<Pipeline>& out);

// Starts a new pipeline ending in `sink` fed by `child`; appends it (and what it needs).
void BuildChildPipeline(PhysicalOperator* sink, PhysicalOperator* child,
                        std::vector<Pipeline>& out) {
  Pipeline p;
  p.sink = sink;
  p.segments = BuildSegments(child, {}, out);
  out.push_back(std::move(p));
}

// The segments that produce `op`'s output, each ending with the operators `above`.
std::vector<PipelineSegment> BuildSegments(PhysicalOperator* op,
                                           std::vector<PhysicalOperator*> above,
                                           std::vector<Pipeline>& out) {
  if (op->kind() == PhysicalOperatorKind::kHashJoin) {
    // Build side (children[1]) fills the hash table; the probe streams through.
    BuildChildPipeline(op, op->children()[1].get(), out);
    above.insert(above.begin(), op);
    return BuildSegments(op->children()[0].get(), std::move(above), out);
  }
  if (op->kind() == PhysicalOperatorKind::kUnion) {
    std::vector<PipelineSegment> segments;
    for (auto& child : op->children()) {
      auto branch = BuildSegments(child.get(), above, out);
      segments.insert(segments.end(), branch.begin(), branch.end());
    }
    return segments;
  }
  if (op->IsSink() && op->IsSource()) {
    // A breaker: the source of these segments and the sink of pipelines below it.
    for (auto& child : op->children()) BuildChildPipeline(op, child.get(), out);
    return {PipelineSegment{op, std::move(above)}};
  }
  if (op->IsSource()) return {PipelineSegment{op, std::move(above)}};
  if (op->children().size() != 1) {
    throw Error::Internal("operator {} cannot be placed in a pipeline", op->Describe());
  }
  above.insert(above.begin(), op);
  return BuildSegments(op->children()[0].get(), std::move(above), out);
}

uint64_t Elapsed(std::chrono::steady_clock::time_point start) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count());
}

struct Worker {
  Worker(ExecutionContext& c, const PipelineSegment& p, PhysicalOperator* s, GlobalSinkState& g)
      : context(c), pipeline(p), sink(s), global_sink(g) {}
  ExecutionContext& context;
  const PipelineSegment& pipeline;
  PhysicalOperator* sink;
  GlobalSinkState& global_sink;
  LocalSinkState* local_sink = nullptr;
  std::vector<std::unique_ptr<OperatorState>> states;
  std::vector<DataChunk> outputs;

  void Push(size_t index, DataChunk& chunk) {
    if (index == pipeline.operators.size()) {
      if (context.collect_stats) {
        auto start = std::chrono::steady_clock::now();
        sink->Sink(context, chunk, global_sink, *local_sink);
        context.StatsFor(sink).nanos += Elapsed(start);
        return;
      }
      sink->Sink(context, chunk, global_sink, *local_sink);
      return;
    }
    const PhysicalOperator* op = pipeline.operators[index];
    for (;;) {
      auto start = std::chrono::steady_clock::now();
      OperatorResult r = op->Execute(context, chunk, outputs[index], *states[index]);
      if (context.collect_stats) context.StatsFor(op).nanos += Elapsed(start);
      if (outputs[index].size() > 0) {
        if (context.collect_stats) context.StatsFor(op).rows_out += outputs[index].size();
        Push(index + 1, outputs[index]);
      }
      if (r != OperatorResult::kHaveMoreOutput) break;
    }
  }
};

}  // namespace

std::vector<Pipeline> PipelineExecutor::BuildPipelines(PhysicalOperator& root) {
  if (!root.IsSink()) throw Error::Internal("plan root {} is not a sink", root.Describe());
  std::vector<Pipeline> out;
  if (root.children().empty()) throw Error::Internal("plan root has no input");
  BuildChildPipeline(&root, root.children()[0].get(), out);
  return out;
}

void PipelineExecutor::Execute(PhysicalOperator& root) {
  for (const Pipeline& p : BuildPipelines(root)) RunPipeline(p);
}

namespace {

// Runs `workers` threads pulling from `source` and pushing through operators[first..]
// into the sink. Batch indices are offset by `batch_base` (tails come after the main run).
void RunWorkers(ExecutionContext& ctx, const PipelineSegment& segment, PhysicalOperator* sink,
                PhysicalOperator* source, size_t first_operator, GlobalSinkState& global_sink,
                uint64_t batch_base) {
  auto global_source = source->InitGlobalSource(ctx);
  size_t workers = std::max<size_t>(1, std::min(ctx.pool->size(), global_source->MaxThreads()));
  auto started = std::chrono::steady_clock::now();
  std::atomic<int64_t> last_progress_ms{0};
  PipelineSegment view;
  view.source = source;
  view.operators.assign(segment.operators.begin() + static_cast<long>(first_operator),
                        segment.operators.end());
  ctx.pool->RunWorkers(workers, [&](size_t worker_index) {
    Worker worker(ctx, view, sink, global_sink);
    auto local_source = source->InitLocalSource(ctx, *global_source);
    auto local_sink = sink->InitLocalSink(ctx, global_sink);
    worker.local_sink = local_sink.get();
    for (const PhysicalOperator* op : view.operators)
      worker.states.push_back(op->InitOperatorState(ctx));
    worker.outputs.resize(view.operators.size());
    DataChunk chunk;
    for (;;) {
      auto fetch_start = std::chrono::steady_clock::now();
      bool more = source->GetData(ctx, chunk, *global_source, *local_source);
      if (ctx.collect_stats) ctx.StatsFor(source).nanos += Elapsed(fetch_start);
      if (!more) break;
      if (chunk.size() == 0) continue;
      if (ctx.collect_stats) ctx.StatsFor(source).rows_out += chunk.size();
      local_sink->batch_index = batch_base + local_source->batch_index;
      worker.Push(0, chunk);
      if (worker_index == 0 && ctx.progress) {
        auto now = std::chrono::steady_clock::now();
        int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - started).count();
        if (ms - last_progress_ms.load() >= 100) {
          last_progress_ms = ms;
          double p = global_source->Progress();
          if (p >= 0) ctx.progress(p, source->Describe());
        }
      }
    }
    sink->Combine(ctx, global_sink, *local_sink);
  });
}

}  // namespace

void PipelineExecutor::RunPipeline(const Pipeline& pipeline) {
  ExecutionContext& ctx = context_;
  auto global_sink = pipeline.sink->InitGlobalSink(ctx);
  // Batch ranges: segment s owns [s << 48, (s + 1) << 48); its join tails come after its
  // main rows within that range.
  for (size_t s = 0; s < pipeline.segments.size(); s++) {
    const PipelineSegment& segment = pipeline.segments[s];
    uint64_t base = static_cast<uint64_t>(s) << 48;
    RunWorkers(ctx, segment, pipeline.sink, segment.source, 0, *global_sink, base);
    uint64_t tail_base = base + (uint64_t{1} << 44);
    for (size_t i = 0; i < segment.operators.size(); i++) {
      if (!segment.operators[i]->HasTailSource()) continue;
      RunWorkers(ctx, segment, pipeline.sink, segment.operators[i], i + 1, *global_sink, tail_base);
      tail_base += uint64_t{1} << 40;
    }
  }
  auto finalize_start = std::chrono::steady_clock::now();
  pipeline.sink->Finalize(ctx, *global_sink);
  if (ctx.collect_stats) ctx.StatsFor(pipeline.sink).nanos += Elapsed(finalize_start);
  pipeline.sink->sink_state = std::move(global_sink);
}

}  // namespace sluice
