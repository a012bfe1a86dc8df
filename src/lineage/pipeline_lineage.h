// PipelineLineage — the lineage of one pipeline run as edges for the run store: inputs
// (files, lake tables) feed sources, sources and steps feed steps column by column (read
// from each step's bound plan), and datasets feed their sinks column by column by name.
//
//   Nodes: "file:<path>" / "lake:db.table" -> "source:<name>" -> "step:<name>" ->
//          "lake:db.table" / "warehouse:schema.table" / "file:<path>"
//
// Called by the runner once the transforms have run; it only binds (never runs) SQL, in
// a scratch session holding empty tables shaped like the run's datasets.
//
// Thread-safety: uses `session` from the calling thread only.
#pragma once

#include <string>
#include <vector>

#include "catalog/run_store.h"
#include "pipeline/pipeline_spec.h"
#include "sql/session.h"

namespace sluice::lineage {

// Node names for the pipeline's entities.
std::string SourceNode(const std::string& source);  // "source:<name>"
std::string StepNode(const std::string& step);      // "step:<name>"
// Where a source reads from: "file:<path>" or "lake:db.table".
std::string SourceInputNode(const pipeline::SourceSpec& source);
// Where a sink writes: "lake:db.table", "warehouse:schema.table" or "file:<path>".
std::string SinkNode(const pipeline::SinkSpec& sink);

// The run's lineage edges (run_id and pipeline filled from the arguments). `session` holds
// the run's sources and steps by name (tables or views). Datasets it does not hold (a step
// that did not run) get no edges; a step whose SQL cannot be analysed gets table-level
// edges from its declared inputs.
std::vector<catalog::LineageEdge> PipelineLineage(Session& session,
                                                  const pipeline::PipelineSpec& spec,
                                                  const std::string& run_id = "");

}  // namespace sluice::lineage
