// PipelineExecutor — cuts a physical plan into pipelines and runs them, each on the
// thread pool with one worker per core (capped by what the source can split into).
//
// Pipelines run in dependency order: the pipeline that fills a breaker (aggregate, sort,
// join build) finishes before the pipeline that reads from it starts.
//
// Thread-safety: one Execute at a time per executor; it blocks until the plan is done.
#pragma once

#include <memory>
#include <vector>

#include "exec/physical_operator.h"

namespace sluice {

// One source and the streaming operators its chunks pass through.
struct PipelineSegment {
  PhysicalOperator* source = nullptr;
  std::vector<PhysicalOperator*> operators;  // streaming, in data-flow order
};

// Segments feeding one sink. A plain pipeline has one segment; UNION ALL gives one per
// branch, run one after the other so the sink sees branch 1's rows before branch 2's.
struct Pipeline {
  std::vector<PipelineSegment> segments;
  PhysicalOperator* sink = nullptr;
};

class PipelineExecutor {
 public:
  explicit PipelineExecutor(ExecutionContext& context) : context_(context) {}

  // Runs the plan rooted at `root`, which must be a sink. Afterwards root->sink_state holds
  // the result (e.g. the collected rows).
  void Execute(PhysicalOperator& root);

  // The pipelines of a plan in execution order (exposed for EXPLAIN and tests).
  static std::vector<Pipeline> BuildPipelines(PhysicalOperator& root);

 private:
  void RunPipeline(const Pipeline& pipeline);
  ExecutionContext& context_;
};

}  // namespace sluice
