#include "runner/run_area.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

#include "common/error.h"
#include "common/thread_pool.h"
#include "exec/chunk_collection.h"
#include "formats/options.h"
#include "formats/table_writer.h"
#include "sql/parser/ast_expression.h"
#include "sql/session.h"
#include "storage/file_system.h"

namespace sluice::runner {

std::string RunAreaDir(const std::string& lake_root, const std::string& run_id) {
  return lake_root + "/_runs/" + run_id;
}

std::string SaveDataset(Session& session, const std::string& lake_root, const std::string& run_id,
                        const std::string& dataset, const std::string& file_name) {
  std::string dir = RunAreaDir(lake_root, run_id) + "/" + file_name;
  FileSystem& fs = FileSystem::For(dir);
  // Files of an earlier attempt (perhaps cut short, perhaps more of them) go first.
  if (fs.Exists(dir) || fs.IsDirectory(dir)) fs.RemoveAll(dir);
  fs.CreateDirectories(dir);
  Session::TableData table = session.GetTable(dataset);
  if (!table.data) {
    session.Execute(fmt::format("COPY (SELECT * FROM {}) TO {} (FORMAT parquet)",
                                sql::QuoteIdentifier(dataset),
                                sql::QuoteString(dir + "/part-000.parquet")));
    return dir;
  }
  // Contiguous shares of the chunks, one file and one thread each, so that reading the
  // files in name order gives the rows in their order.
  const ChunkCollection& data = *table.data;
  size_t workers = std::clamp<size_t>(data.row_count() >> 18, 1, session.thread_pool().size());
  std::vector<size_t> bounds = {0};
  uint64_t share = (data.row_count() + workers - 1) / workers;
  uint64_t seen = 0;
  for (size_t i = 0; i < data.chunk_count(); i++) {
    seen += data.chunk(i).size();
    if (seen >= share * bounds.size() && bounds.size() < workers) bounds.push_back(i + 1);
  }
  bounds.push_back(data.chunk_count());
  const TableWriterFactory* factory = TableWriterRegistry::Find("parquet");
  if (factory == nullptr) throw Error::Internal("run area: the parquet writer is not registered");
  std::vector<std::exception_ptr> errors(bounds.size() - 1);
  auto work = [&](size_t w) {
    try {
      Options options("stage checkpoint");
      // LZ4: the checkpoint is read back at most once, so speed beats size.
      options.AddNamed("compression", OptionValue::Scalar(Value::Varchar("lz4_raw")));
      auto writer = (*factory)(fmt::format("{}/part-{:03}.parquet", dir, w), table.schema, options);
      for (size_t i = bounds[w]; i < bounds[w + 1]; i++) {
        DataChunk view;
        view.Reference(data.chunk(i));
        writer->Write(view);
      }
      writer->Close();
    } catch (...) {
      errors[w] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w + 1 < bounds.size(); w++) threads.emplace_back(work, w);
  work(0);
  for (auto& thread : threads) thread.join();
  for (auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return dir;
}

void RestoreDataset(Session& session, const std::string& dataset, const std::string& path) {
  FileSystem& fs = FileSystem::For(path);
  if (!fs.Exists(path) && !fs.IsDirectory(path)) {
    throw Error::UserInput(
        "the checkpoint of '{}' ({}) is gone, so the run cannot be resumed; abandon it with "
        "--abandon and run again",
        dataset, path);
  }
  session.Execute(fmt::format("CREATE OR REPLACE TEMP TABLE {} AS SELECT * FROM read_parquet({})",
                              sql::QuoteIdentifier(dataset),
                              sql::QuoteString(path + "/part-*.parquet")));
}

void RemoveRunArea(const std::string& lake_root, const std::string& run_id) {
  std::string dir = RunAreaDir(lake_root, run_id);
  try {
    FileSystem& fs = FileSystem::For(dir);
    if (fs.Exists(dir) || fs.IsDirectory(dir)) fs.RemoveAll(dir);
  } catch (const Error&) {
  }
}

}  // namespace sluice::runner
