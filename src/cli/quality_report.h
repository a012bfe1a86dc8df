// The HTML quality report of one run (`sluice report`, `sluice run --report`): the run
// and its error, each checked dataset's score against its gate with the score's history
// as a chart, every rule with its pass rate (a bar chart) and failing samples, the
// stages, and what the run wrote (from its summary). Sections are HtmlReport sections,
// so later ones (lineage) are added beside these.
//
// Thread-safety: pure function.
#pragma once

#include <string>

#include "cli/run_details.h"

namespace sluice::cli {

// The complete, self-contained page. Works from the records alone (no store), so it can
// be tested and rendered anywhere; malformed sample or summary JSON is shown as text.
std::string RenderQualityReport(const RunDetails& details);

}  // namespace sluice::cli
