#include "cli/command_line.h"

#include <gtest/gtest.h>

#include "cli/exit_codes.h"

namespace sluice::cli {
namespace {

Command Parse(std::vector<std::string> args) {
  return ParseCommandLine(args);
}

std::string UsageMessage(std::vector<std::string> args) {
  try {
    ParseCommandLine(args);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CommandLineTest, HelpAndVersion) {
  EXPECT_EQ(Parse({"--help"}).kind, Command::Kind::kHelp);
  EXPECT_EQ(Parse({"-h"}).help_topic, "");
  EXPECT_EQ(Parse({"--version"}).kind, Command::Kind::kVersion);
  Command help_query = Parse({"help", "query"});
  EXPECT_EQ(help_query.kind, Command::Kind::kHelp);
  EXPECT_EQ(help_query.help_topic, "query");
  Command query_help = Parse({"query", "--help"});
  EXPECT_EQ(query_help.kind, Command::Kind::kHelp);
  EXPECT_EQ(query_help.help_topic, "query");
  EXPECT_NE(HelpText("query").find("--format"), std::string::npos);
  EXPECT_NE(HelpText("").find("sluice query"), std::string::npos);
  EXPECT_NE(VersionText().find("sluice "), std::string::npos);
}

TEST(CommandLineTest, QueryWithSqlAndFlags) {
  Command c = Parse({"query", "SELECT 1", "--format", "json", "--threads=4", "--memory-limit",
                     "4GB", "--lake", "lk", "-o", "out.json"});
  ASSERT_EQ(c.kind, Command::Kind::kQuery);
  EXPECT_EQ(*c.query.sql, "SELECT 1");
  EXPECT_EQ(*c.query.format, OutputFormat::kJson);
  EXPECT_EQ(c.query.threads, 4u);
  EXPECT_EQ(c.query.memory_limit_bytes, 4000000000u);
  EXPECT_EQ(*c.query.lake, "lk");
  EXPECT_EQ(*c.query.output, "out.json");
  EXPECT_FALSE(c.query.file.has_value());
}

TEST(CommandLineTest, QueryFromFileOrStdin) {
  Command c = Parse({"query", "-f", "report.sql"});
  EXPECT_EQ(*c.query.file, "report.sql");
  EXPECT_FALSE(c.query.sql.has_value());
  EXPECT_FALSE(c.query.format.has_value());
  Command stdin_query = Parse({"query", "--format=CSV"});
  EXPECT_FALSE(stdin_query.query.sql.has_value());
  EXPECT_EQ(*stdin_query.query.format, OutputFormat::kCsv);
  // SQL that starts with a dash but holds spaces is SQL, not a flag.
  Command comment = Parse({"query", "-- totals\nSELECT 1"});
  EXPECT_EQ(*comment.query.sql, "-- totals\nSELECT 1");
  Command after_dashes = Parse({"query", "--", "-1"});
  EXPECT_EQ(*after_dashes.query.sql, "-1");
}

TEST(CommandLineTest, UsageErrorsSuggest) {
  EXPECT_EQ(UsageMessage({"qurey"}), "unknown command 'qurey' (did you mean 'query'?)");
  EXPECT_EQ(UsageMessage({"query", "--fromat", "csv"}),
            "unknown option '--fromat' (did you mean '--format'?)");
  EXPECT_EQ(UsageMessage({"query", "--format", "jsno"}),
            "unknown format 'jsno': expected table, csv or json (did you mean 'json'?)");
  EXPECT_EQ(UsageMessage({"query", "--threads"}), "option '--threads' needs a value");
  EXPECT_NE(UsageMessage({"query", "--threads", "0"}).find("--threads"), std::string::npos);
  EXPECT_NE(UsageMessage({"query", "SELECT 1", "-f", "x.sql"}).find("not both"), std::string::npos);
  EXPECT_NE(UsageMessage({"query", "SELECT", "1"}).find("unexpected argument '1'"),
            std::string::npos);
  EXPECT_NE(UsageMessage({"query", "--memory-limit", "lots"}).find("--memory-limit"),
            std::string::npos);
  EXPECT_EQ(UsageMessage({}), "missing command (query, run, runs, catalog, help)");
  EXPECT_EQ(UsageMessage({"--verison"}), "unknown option '--verison' (did you mean '--version'?)");
  EXPECT_EQ(UsageMessage({"help", "generat"}),
            "unknown command 'generat' (did you mean 'generate'?)");
}

TEST(CommandLineTest, UsageErrorNamesItsCommand) {
  try {
    Parse({"generate", "retail", "--rows", "10"});
    FAIL() << "expected a usage error";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), "missing --out DIR");
    EXPECT_EQ(e.command(), "generate");
  }
}

TEST(CommandLineTest, Generate) {
  Command c = Parse({"generate", "retail", "--rows", "1e6", "--out", "data", "--seed", "7"});
  ASSERT_EQ(c.kind, Command::Kind::kGenerate);
  EXPECT_EQ(c.generate.dataset, "retail");
  EXPECT_EQ(c.generate.rows, 1000000u);
  EXPECT_EQ(c.generate.out_dir, "data");
  EXPECT_EQ(c.generate.seed, 7u);
  EXPECT_EQ(UsageMessage({"generate", "retial", "--rows", "1", "--out", "d"}),
            "unknown dataset 'retial' (known: retail) (did you mean 'retail'?)");
  EXPECT_EQ(UsageMessage({"generate", "retail", "--out", "d"}), "missing --rows N");
}

TEST(CommandLineTest, ByteSizes) {
  EXPECT_EQ(ParseByteSize("4GB"), 4000000000u);
  EXPECT_EQ(ParseByteSize("512mb"), 512000000u);
  EXPECT_EQ(ParseByteSize("1.5GiB"), 1610612736u);
  EXPECT_EQ(ParseByteSize("1000"), 1000u);
  EXPECT_EQ(ParseByteSize("2 GB"), 2000000000u);
  EXPECT_FALSE(ParseByteSize("GB").has_value());
  EXPECT_FALSE(ParseByteSize("4XB").has_value());
  EXPECT_FALSE(ParseByteSize("0").has_value());
  EXPECT_FALSE(ParseByteSize("-1GB").has_value());
  EXPECT_FALSE(ParseByteSize("").has_value());
}

TEST(CommandLineTest, Counts) {
  EXPECT_EQ(ParseCount("1000000"), 1000000u);
  EXPECT_EQ(ParseCount("1e7"), 10000000u);
  EXPECT_EQ(ParseCount("2.5e3"), 2500u);
  EXPECT_EQ(ParseCount("1_000"), 1000u);
  EXPECT_EQ(ParseCount("0"), 0u);
  EXPECT_FALSE(ParseCount("1.5").has_value());
  EXPECT_FALSE(ParseCount("-3").has_value());
  EXPECT_FALSE(ParseCount("ten").has_value());
  EXPECT_FALSE(ParseCount("").has_value());
}

TEST(CommandLineTest, RunStoreCommandsTakeACatalog) {
  EXPECT_EQ(ParseCommandLine({"runs", "--catalog", "postgresql://h/db"}).runs.catalog,
            std::optional<std::string>("postgresql://h/db"));
  EXPECT_EQ(ParseCommandLine({"report", "latest", "--catalog=c.db"}).report.catalog,
            std::optional<std::string>("c.db"));
  EXPECT_EQ(ParseCommandLine({"dlq", "ls", "--catalog", "c.db"}).dlq.catalog,
            std::optional<std::string>("c.db"));
  EXPECT_EQ(ParseCommandLine({"lineage", "a.b", "--catalog", "c.db"}).lineage.catalog,
            std::optional<std::string>("c.db"));
  Command resume = ParseCommandLine({"run", "p.yaml", "--resume", "20261207T000000Z-abcdef"});
  EXPECT_TRUE(resume.run.resume);
  EXPECT_EQ(resume.run.resume_run_id, "20261207T000000Z-abcdef");
  EXPECT_EQ(resume.run.pipeline_file, "p.yaml");
  Command checkpoint = ParseCommandLine({"checkpoint", "set", "p.yaml", "orders", "2024-01-01"});
  EXPECT_EQ(checkpoint.checkpoint.action, "set");
  EXPECT_EQ(checkpoint.checkpoint.value, "2024-01-01");
  EXPECT_THROW(ParseCommandLine({"run", "p.yaml", "--resume", "--full-refresh"}), UsageError);
}

TEST(CommandLineTest, ExitCodes) {
  EXPECT_EQ(ExitCodeFor(ErrorKind::kUserInput), 1);
  EXPECT_EQ(ExitCodeFor(ErrorKind::kInternal), 1);
  EXPECT_EQ(ExitCodeFor(ErrorKind::kRetryable), 4);
  EXPECT_EQ(ExitCodeFor(ErrorKind::kPermanent), 1);
  EXPECT_EQ(ExitCodeFor(ErrorKind::kDataQuality), 3);
}

}  // namespace
}  // namespace sluice::cli
