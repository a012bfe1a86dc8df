// The help texts of the `sluice` command line (`sluice --help`, `sluice help COMMAND`,
// `sluice COMMAND --help`).
#include <fmt/format.h>

#include "cli/command_line.h"
#include "formats/options.h"

namespace sluice::cli {
namespace {

const char kDlqHelp[] =
    R"HELP(Usage: sluice dlq ls [--all] | show ID | retry ID | discard ID   [--lake DIR] [--catalog URI]

The dead-letter queue: runs that failed permanently or exhausted their retries, with
their pipeline file, parameters, error kind and message, stage and attempts.

Actions:
  ls [--all]        open entries, newest first (--all: retried and discarded ones too)
  show ID           one entry in full
  retry ID          resume the failed run with the same parameters from its stage
                    checkpoints (sinks it committed are not loaded again); the entry is
                    closed first, so retrying it twice never runs it twice
  discard ID        close the entry without running anything

Exit codes: retry returns the run's code (0, 1, 3); 1 for an unknown or closed entry.
)HELP";

const char kRunHelp[] =
    R"HELP(Usage: sluice run PIPELINE.yaml [options]

Runs a pipeline: extracts its sources, runs its SQL steps in dependency order, checks
data quality, and loads the sinks (lake tables, the warehouse, files). Prints a progress
line per stage on a terminal and a summary at the end; the run is recorded in the run
store (see 'sluice runs').

Options:
  -p, --param KEY=VALUE   set a parameter used as ${KEY} in paths and SQL (repeatable)
      --lake DIR          lake root (default: the spec's lake:, else $SLUICE_LAKE, else ./lake)
      --threads N         worker threads (default: one per core)
      --memory-limit SIZE memory budget such as 4GB (default: 80% of RAM); past it,
                          sorts, aggregates and joins spill to files under $TMPDIR
  -q, --quiet             no progress lines
      --report FILE       also write the run's HTML quality report to FILE
      --resume [RUN_ID]   continue an unfinished run (killed, or failed) from its stage
                          checkpoints, under its id: finished stages are not redone and
                          sinks it committed are not loaded again (default: the newest run)
      --abandon           give up the pipeline's unfinished run (its committed loads stay)
                          and start a new one
      --full-refresh      incremental sources read everything again and their checkpoints
                          are replaced; append sinks are overwritten
      --no-checkpoint     do not materialize finished stages (faster; a resumed run then
                          recomputes every dataset, but still never loads twice)
      --from VALUE        with --to: a backfill of by-column incremental sources, reading
      --to VALUE          the rows with from <= column < to (checkpoints stay as they are)
  -h, --help              show this help

Each finished stage is checkpointed under <lake>/_runs/RUN_ID/ (removed when the run
succeeds). While the pipeline's newest run is unfinished, a new run refuses to start and
says how to resume or abandon it, so that no input is loaded twice.

Exit codes: 0 success, 1 the run failed (permanent error, bad input) or the pipeline file
is invalid, 2 bad command line, 3 a data-quality gate failed, 4 a transient error (server,
network, lock) outlasted the retries: running again later may succeed.
)HELP";

const char kCheckpointHelp[] =
    R"HELP(Usage: sluice checkpoint show PIPELINE [SOURCE]
       sluice checkpoint set PIPELINE SOURCE VALUE
       sluice checkpoint reset PIPELINE [SOURCE]
       [--lake DIR] [--catalog URI]

The checkpoint store of incremental sources: the watermark of a source read by column
and the files (size, fingerprint, run) a source read by file has processed. A run
commits them with its last lake snapshot, so they never run ahead of the loaded data.
PIPELINE is the pipeline's name or its YAML file (which also gives its lake and catalog).

Actions:
  show     the entries, per source
  set      set a by-column source's watermark (the next run reads rows above VALUE)
  reset    forget what the source (or every source of the pipeline) has processed: the
           next run reads everything again

Options:
      --lake DIR          lake root (default: the spec's, else $SLUICE_LAKE, else ./lake)
      --catalog URI       the catalog (default: the spec's catalog:, else <lake>/_catalog.db)
)HELP";

const char kValidateHelp[] =
    R"HELP(Usage: sluice validate PIPELINE.yaml [--param KEY=VALUE]...

Checks a pipeline file without running it: YAML syntax, unknown keys, wrong types,
references to missing sources or steps, cycles among steps, SQL that does not parse.
Errors name the file, line and key.

Exit codes: 0 valid, 1 invalid.
)HELP";

const char kRunsHelp[] =
    R"HELP(Usage: sluice runs [ls] [--pipeline NAME] [--limit N] [--lake DIR] [--catalog URI]
       sluice runs show RUN_ID [--lake DIR] [--catalog URI]

The run history from the run store (<lake>/_catalog.db): each run's status, time,
quality score and error; 'show' adds its stages, rule outcomes and what it wrote.
RUN_ID is a full id, 'latest', or an unambiguous start or end of one (its last six
characters, say).

Options:
      --pipeline NAME     only this pipeline's runs
  -n, --limit N           at most N runs, newest first (default 20)
      --format FORMAT     table (default) or json
      --lake DIR          lake root (default: $SLUICE_LAKE, else ./lake)
      --catalog URI       the run store: a SQLite file or postgresql://... (default:
                          $SLUICE_CATALOG, else <lake>/_catalog.db)
)HELP";

const char kReportHelp[] =
    R"HELP(Usage: sluice report RUN_ID [-o FILE] [--lake DIR] [--catalog URI]

Writes a self-contained HTML page (no network needed) about one run: each quality rule
with its pass rate and failing samples, the quality score against the gate, the score's
history over the dataset's earlier runs as a chart, and a timeline of the stages.
RUN_ID is a full id, 'latest', or an unambiguous start or end of one.

Options:
  -o, --output FILE       where to write (default: report-RUN_ID.html; '-': stdout)
      --lake DIR          lake root (default: $SLUICE_LAKE, else ./lake)
      --catalog URI       the run store: a SQLite file or postgresql://... (default:
                          $SLUICE_CATALOG, else <lake>/_catalog.db)
)HELP";

const char kLineageHelp[] =
    R"HELP(Usage: sluice lineage TABLE [--column C] [--format text|dot|mermaid] [--lake DIR]
                      [--catalog URI]

Where a table's data comes from and where it goes, from the lineage recorded by the
newest run of each pipeline: upstream (sources, steps, files and lake tables it is
computed from) and downstream (steps and sinks that read it), across pipelines that
share lake tables. With --column, the same for one column, edge by edge (direct,
derived, aggregate, window; join and filter for columns that only decide rows).

TABLE is a lake table (db.name), or a node as shown in the output (warehouse:s.t,
file:PATH, PIPELINE:step:NAME), or a step's or source's name.

Options:
  -c, --column C          one column's lineage instead of the table's
      --format FORMAT     text (default, indented trees), dot (Graphviz) or mermaid
      --lake DIR          lake root (default: $SLUICE_LAKE, else ./lake)
      --catalog URI       the run store: a SQLite file or postgresql://... (default:
                          $SLUICE_CATALOG, else <lake>/_catalog.db)
)HELP";

const char kCatalogHelp[] =
    R"HELP(Usage: sluice catalog ACTION [TARGET] [--lake DIR] [--catalog FILE]

The lake's catalog: databases, tables, schemas and snapshots (the lake root is --lake,
else $SLUICE_LAKE, else ./lake; the catalog is --catalog, else $SLUICE_CATALOG, else
<lake>/_catalog.db; a lake on s3://bucket/prefix needs --catalog or $SLUICE_CATALOG).

Actions:
  ls [DB]                   tables (of one database), with their snapshot, rows and files
  show DB.TABLE             location, partition columns, schema and current snapshot
  history DB.TABLE          every snapshot: time, operation, run id, rows, files, bytes
  vacuum [DB.TABLE]         delete files no snapshot references (left by crashed writes)
      --grace SECONDS       keep such files younger than this (default 3600)

Tables are queried with SQL: sluice query "SELECT * FROM sales.orders VERSION AS OF 3".
)HELP";

const char kOverview[] =
    R"HELP(sluice — a batch ETL engine: SQL over CSV, JSON and Parquet files.

Usage:
  sluice query [SQL | --file FILE] [options]   run SQL and print the last result
  sluice generate retail --rows N --out DIR    write example retail data (CSV)
  sluice run PIPELINE.yaml [--param K=V]       run a pipeline (sources, steps, checks, sinks)
  sluice run PIPELINE.yaml --resume [RUN_ID]   continue a killed or failed run
  sluice validate PIPELINE.yaml                check a pipeline file without running it
  sluice runs [show RUN_ID]                    the run history, or one run in detail
  sluice report RUN_ID -o report.html          a run's data-quality report as HTML
  sluice dlq ls|show|retry|discard             failed runs waiting for a retry
  sluice checkpoint show|set|reset PIPELINE    watermarks and files of incremental sources
  sluice lineage TABLE [--column C]            where a table's data comes from and goes
  sluice catalog ls|show|history|vacuum        the lake catalog: tables and snapshots
  sluice help [COMMAND]                        show help for a command
  sluice --version                             show the version

Examples:
  sluice query "SELECT region, sum(quantity) FROM read_csv('orders.csv') GROUP BY ALL"
  sluice query --file report.sql --format csv > report.csv
  echo "SELECT 42 AS answer" | sluice query --format json

Exit codes: 0 success, 1 error in the query or the data, 2 bad command line,
3 a pipeline's data-quality gate failed, 4 a transient error outlasted the retries.
)HELP";

const char kQueryHelp[] =
    R"HELP(Usage: sluice query [SQL | --file FILE] [options]

Runs one or more SQL statements separated by ';' and prints the result of the last one.
Without SQL and --file, the SQL is read from standard input.

Options:
  -f, --file FILE         read the SQL from FILE ('-' for standard input)
      --format FORMAT     table, csv or json (default: table on a terminal, csv otherwise;
                          with --output, json for *.json files and csv otherwise)
      --threads N         worker threads (default: one per core)
      --memory-limit SIZE memory budget such as 4GB or 512MB (default: 80% of RAM); past
                          it, sorts, aggregates and joins spill to files under $TMPDIR
      --lake DIR          lake root for catalog tables (default: $SLUICE_LAKE, else ./lake;
                          s3://bucket/prefix for a lake on an object store)
      --catalog FILE      the lake's catalog (default: $SLUICE_CATALOG, else
                          <lake>/_catalog.db; required for an s3:// lake)
  -o, --output FILE       write the result to FILE instead of standard output
  -h, --help              show this help

Formats:
  table  aligned columns with types; long results show their first and last rows
  csv    RFC 4180 with a header row; NULL is an empty field, '' is ""
  json   an array of objects, one row per line

Examples:
  sluice query "SELECT 1 + 1 AS two"
  sluice query "SELECT * FROM read_csv('orders.csv', header=true) LIMIT 5"
  sluice query "COPY (SELECT * FROM read_csv('orders.csv')) TO 'orders.parquet' (FORMAT parquet)"

Exit codes: 0 success, 1 error in the query or the data, 2 bad command line.
)HELP";

const char kGenerateHelp[] =
    R"HELP(Usage: sluice generate retail --rows N --out DIR [--seed S]

Writes deterministic example data: DIR/orders.csv (N rows) and DIR/customers.csv
(N/100 rows, at least 1). The same N and seed always give the same bytes.

  orders:    order_id, customer_id, order_ts, status, region, quantity, unit_price,
             discount (about 5% empty), comment (some quoted, with commas and quotes)
  customers: customer_id, name, segment, country, signup_date

Options:
  -n, --rows N      rows of orders.csv (1000000, 1e6 and 1_000_000 all work)
  -o, --out DIR     output directory (created if missing)
      --seed S      random seed (default 42)
  -h, --help        show this help
)HELP";

std::string UnknownCommandMessage(std::string_view topic) {
  std::string message = fmt::format("unknown command '{}'", topic);
  std::string suggestion = ClosestMatch(topic, CommandNames());
  if (!suggestion.empty()) message += fmt::format(" (did you mean '{}'?)", suggestion);
  return message;
}

}  // namespace

std::string HelpText(std::string_view topic) {
  if (topic.empty()) return kOverview;
  if (topic == "query") return kQueryHelp;
  if (topic == "generate") return kGenerateHelp;
  if (topic == "catalog") return kCatalogHelp;
  if (topic == "run") return kRunHelp;
  if (topic == "validate") return kValidateHelp;
  if (topic == "runs") return kRunsHelp;
  if (topic == "report") return kReportHelp;
  if (topic == "dlq") return kDlqHelp;
  if (topic == "lineage") return kLineageHelp;
  if (topic == "checkpoint") return kCheckpointHelp;
  if (topic == "help") return kOverview;
  if (topic == "version") return "Usage: sluice --version\n";
  throw UsageError(UnknownCommandMessage(topic), "");
}

}  // namespace sluice::cli
