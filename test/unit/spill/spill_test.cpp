// Operators that outgrow the memory limit spill to temporary files and give the same
// answers as in memory: each query runs once with the default limit and once with a tiny
// one, which must write spill files, and the results are compared. The temporary
// directory ($TMPDIR, pointed at a fresh directory per test) must be empty afterwards.
#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/error.h"
#include "exec/spill_file.h"
#include "sql/session.h"

namespace sluice {
namespace {

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(d);
  return names;
}

std::vector<std::string> Rows(const QueryResult& result) {
  std::vector<std::string> rows;
  for (size_t r = 0; r < result.row_count(); r++) {
    std::string line;
    for (const Value& v : result.Row(r)) line += v.ToString() + "|";
    rows.push_back(line);
  }
  return rows;
}

// Tables shared by the tests: 100k rows of numbers and strings with NULLs and
// duplicates, and a smaller dimension table with some keys missing and some NULL.
constexpr const char* kSetup = R"sql(
CREATE TABLE digits AS SELECT * FROM (VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) v(d);
CREATE TABLE facts AS
  SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS id,
         CASE WHEN a.d = 3 THEN NULL ELSE (a.d + 10 * b.d + 100 * c.d) % 997 END AS k,
         'name-' || CAST((b.d * 7 + c.d * 13 + e.d) % 50 AS VARCHAR) AS s,
         CAST(a.d * 1.5 AS DOUBLE) AS x
  FROM digits a, digits b, digits c, digits e, digits f;
CREATE TABLE dims AS
  SELECT id AS k, 'dim-' || CAST(id AS VARCHAR) AS label
  FROM facts WHERE id % 3 <> 0 AND id < 1500
  UNION ALL SELECT NULL, 'null-key';
)sql";

class SpillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/sluice-spill-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    const char* old = std::getenv("TMPDIR");
    old_tmpdir_ = old ? old : "";
    had_tmpdir_ = old != nullptr;
    setenv("TMPDIR", dir_.c_str(), 1);
  }
  void TearDown() override {
    EXPECT_TRUE(Entries(dir_).empty()) << "spill files left behind in " << dir_;
    if (had_tmpdir_) {
      setenv("TMPDIR", old_tmpdir_.c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
    rmdir(dir_.c_str());
  }

  // Runs `sql` in memory and with a tiny limit; expects equal rows (in order when
  // `ordered`), and that only the tiny limit spilled.
  void ExpectSameWhenSpilling(const std::string& sql, bool ordered) {
    std::vector<std::string> expected, actual;
    {
      Session session(SessionOptions{.threads = 2});
      session.Execute(kSetup);
      uint64_t before = SpillDirectory::TotalBytesWritten();
      expected = Rows(session.Execute(sql));
      EXPECT_EQ(SpillDirectory::TotalBytesWritten(), before) << "spilled without a small limit";
    }
    {
      Session session(SessionOptions{.threads = 2});
      session.Execute(kSetup);
      session.Execute("SET memory_limit = '256KB'");
      uint64_t before = SpillDirectory::TotalBytesWritten();
      actual = Rows(session.Execute(sql));
      EXPECT_GT(SpillDirectory::TotalBytesWritten(), before) << "did not spill: " << sql;
      // Spill files and the query's directory are gone once the query has finished.
      EXPECT_TRUE(Entries(dir_).empty()) << "left behind by: " << sql;
    }
    ASSERT_FALSE(expected.empty());
    if (!ordered) {
      std::sort(expected.begin(), expected.end());
      std::sort(actual.begin(), actual.end());
    }
    EXPECT_EQ(actual.size(), expected.size()) << sql;
    EXPECT_TRUE(actual == expected) << sql;
  }

  std::string dir_;
  std::string old_tmpdir_;
  bool had_tmpdir_ = false;
};

TEST_F(SpillTest, OrderByIsStableAndComplete) {
  ExpectSameWhenSpilling("SELECT id, k, s FROM facts ORDER BY k NULLS FIRST, s DESC", true);
  ExpectSameWhenSpilling("SELECT s, id FROM facts ORDER BY s, x DESC", true);
}

TEST_F(SpillTest, InnerAndOuterJoins) {
  ExpectSameWhenSpilling("SELECT f.id, d.label FROM facts f JOIN dims d ON f.k = d.k", false);
  ExpectSameWhenSpilling("SELECT f.id, d.label FROM facts f LEFT JOIN dims d ON f.k = d.k", false);
  ExpectSameWhenSpilling("SELECT f.id, d.label FROM dims d RIGHT JOIN facts f ON f.k = d.k", false);
  ExpectSameWhenSpilling(
      "SELECT f.id, d.k, d.label FROM facts f FULL JOIN dims d ON f.k = d.k AND f.id < 50000",
      false);
  ExpectSameWhenSpilling(
      "SELECT f.id, d.label FROM facts f JOIN dims d ON f.k = d.k AND f.x > d.k % 7", false);
}

TEST_F(SpillTest, SemiAntiAndNotInJoins) {
  // The subquery (the build side) is the large one.
  ExpectSameWhenSpilling(
      "SELECT k, label FROM dims WHERE k IN (SELECT k FROM facts WHERE id % 2 = 0)", false);
  ExpectSameWhenSpilling(
      "SELECT label FROM dims d WHERE NOT EXISTS "
      "(SELECT 1 FROM facts f WHERE f.k = d.k AND f.id % 2 = 0)",
      false);
  ExpectSameWhenSpilling(
      "SELECT count(*), sum(id) FROM facts "
      "WHERE k NOT IN (SELECT k + 500 FROM facts WHERE k IS NOT NULL AND id % 3 = 0)",
      false);
  // A NULL in the NOT IN list: no row qualifies.
  ExpectSameWhenSpilling("SELECT count(*) FROM dims WHERE k NOT IN (SELECT k FROM facts)", false);
}

TEST_F(SpillTest, GroupByWithStringsAndComplexAggregates) {
  ExpectSameWhenSpilling(
      "SELECT id % 20000 AS g, count(*), sum(x), min(s), max(k) FROM facts GROUP BY 1", false);
  ExpectSameWhenSpilling(
      "SELECT s || CAST(id % 1000 AS VARCHAR) AS g, count(DISTINCT k), "
      "length(string_agg(CAST(id AS VARCHAR), ',')) FROM facts GROUP BY 1",
      false);
  ExpectSameWhenSpilling("SELECT k, median(x), avg(id) FROM facts GROUP BY k", false);
  ExpectSameWhenSpilling("SELECT k, s, count(*) FROM facts GROUP BY k, s HAVING count(*) > 1",
                         false);
}

TEST_F(SpillTest, FailingQueryRemovesItsSpillFiles) {
  Session session(SessionOptions{.threads = 2});
  session.Execute(kSetup);
  session.Execute("SET memory_limit = '256KB'");
  uint64_t before = SpillDirectory::TotalBytesWritten();
  // The join spills its build side; the cast fails on the joined rows afterwards.
  EXPECT_THROW(
      session.Execute("SELECT f.id, CAST(d.s AS INTEGER) FROM facts f JOIN facts d ON f.id = d.id"),
      Error);
  EXPECT_GT(SpillDirectory::TotalBytesWritten(), before);
  EXPECT_TRUE(Entries(dir_).empty());
}

TEST_F(SpillTest, ExplainAnalyzeReportsSpilling) {
  Session session(SessionOptions{.threads = 2});
  session.Execute(kSetup);
  auto text = [&](const char* sql) {
    std::string all;
    for (const std::string& row : Rows(session.Execute(sql))) all += row + "\n";
    return all;
  };
  const char* query = "EXPLAIN ANALYZE SELECT id FROM facts ORDER BY s, id";
  EXPECT_EQ(text(query).find("spilled:"), std::string::npos);
  session.Execute("SET memory_limit = '256KB'");
  EXPECT_NE(text(query).find("spilled:"), std::string::npos);
}

TEST_F(SpillTest, SetMemoryLimitRejectsNonsense) {
  Session session;
  EXPECT_THROW(session.Execute("SET memory_limit = 'lots'"), Error);
  EXPECT_THROW(session.Execute("SET memory_limit = '0MB'"), Error);
  EXPECT_NO_THROW(session.Execute("SET memory_limit = '2GiB'"));
  EXPECT_EQ(session.options().memory_limit_bytes, uint64_t{2} << 30);
}

}  // namespace
}  // namespace sluice
