// Any input gives statements or a user_input error: no crash, no hang, no stack overflow.
#include <gtest/gtest.h>

#include <random>

#include "parser_test_util.h"

namespace sluice::sql {
namespace {

// Parses `sql`; returns true if it parsed. Any exception other than a user_input Error
// fails the test.
bool ParsesOrFailsCleanly(const std::string& sql) {
  try {
    auto statements = ParseSql(sql);
    for (const auto& statement : statements) statement->ToString();
    return true;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput) << sql << "\n" << e.what();
    EXPECT_EQ(e.message().rfind("SQL ", 0), 0u) << e.message();
  }
  return false;
}

const char* const kSeedQueries[] = {
    "SELECT a, sum(b * 2) AS s FROM t JOIN u ON t.id = u.id WHERE c BETWEEN 1 AND 5 "
    "GROUP BY a HAVING count(*) > 1 ORDER BY s DESC NULLS LAST LIMIT 10",
    "WITH x AS (SELECT * FROM read_csv('a.csv', header = true)) SELECT CASE WHEN a IS NULL "
    "THEN 'n' ELSE CAST(a AS VARCHAR) END FROM x UNION ALL SELECT 'y'",
    "COPY (SELECT row_number() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND "
    "CURRENT ROW) FROM t) TO 'o.parquet' (FORMAT parquet, PARTITION_BY (a))",
    "SELECT E'x\\'y', \"q\"\"d\", [1, 2], {'k': INTERVAL '1 day'} /* c */ -- d\n FROM t",
    "INSERT INTO t (a) VALUES (1), (2); DROP TABLE IF EXISTS t; EXPLAIN SELECT 1",
};

TEST(ParserRobustnessTest, EveryPrefixOfValidQueries) {
  for (const char* seed : kSeedQueries) {
    std::string sql = seed;
    EXPECT_TRUE(ParsesOrFailsCleanly(sql)) << sql;
    for (size_t n = 0; n < sql.size(); ++n) ParsesOrFailsCleanly(sql.substr(0, n));
  }
}

TEST(ParserRobustnessTest, RandomMutations) {
  std::mt19937 rng(12345);
  const std::string alphabet = "()[]{},.;:=<>!|+-*/%'\"\\ \n\tabcSELECTFROMWHERE0123456789@$#";
  for (int i = 0; i < 4000; ++i) {
    std::string sql = kSeedQueries[rng() % std::size(kSeedQueries)];
    int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits && !sql.empty(); ++e) {
      size_t at = rng() % sql.size();
      switch (rng() % 3) {
        case 0: sql.erase(at, 1 + rng() % 5); break;
        case 1: sql.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        default: sql[at] = static_cast<char>(rng() % 256); break;
      }
    }
    ParsesOrFailsCleanly(sql);
  }
}

TEST(ParserRobustnessTest, RandomTokenSoup) {
  std::mt19937 rng(777);
  const char* const words[] = {"SELECT", "FROM", "WHERE",  "(",    ")",     ",",    "a",    "1",
                               "'s'",    "+",    "*",      "AND",  "NOT",   "IN",   "CASE", "WHEN",
                               "THEN",   "END",  "JOIN",   "ON",   "UNION", "OVER", "BY",   "ORDER",
                               "GROUP",  "::",   "INT",    "CAST", "AS",    "[",    "]",    "{",
                               "}",      ":",    "EXISTS", ";"};
  for (int i = 0; i < 3000; ++i) {
    std::string sql;
    int n = 1 + static_cast<int>(rng() % 30);
    for (int k = 0; k < n; ++k) {
      sql += words[rng() % std::size(words)];
      sql += ' ';
    }
    ParsesOrFailsCleanly(sql);
  }
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ParserRobustnessTest, DeepNestingIsRefusedClearly) {
  // Within the cap: fine.
  EXPECT_TRUE(ParsesOrFailsCleanly("SELECT " + Repeat("(", 200) + "1" + Repeat(")", 200)));
  // Far beyond it: a clear error, not a stack overflow.
  for (const std::string& sql :
       {"SELECT " + Repeat("(", 100000) + "1" + Repeat(")", 100000),
        "SELECT " + Repeat("- ", 100000) + "1", "SELECT " + Repeat("NOT ", 100000) + "TRUE",
        "SELECT " + Repeat("1 + ", 100000) + "1", "SELECT " + Repeat("f(", 100000),
        Repeat("SELECT * FROM (", 50000), Repeat("EXPLAIN ", 50000) + "SELECT 1",
        "SELECT 1" + Repeat(" UNION SELECT 1", 5000),
        "SELECT * FROM t" + Repeat(" JOIN t ON TRUE", 5000),
        "SELECT " + Repeat("(1 + ", 600) + "1" + Repeat(" + 1)", 600) + Repeat(" + 1", 900),
        "SELECT " + Repeat("[", 100000), "SELECT " + Repeat("CASE WHEN ", 100000)}) {
    try {
      ParseSql(sql);
      ADD_FAILURE() << "expected an error for input of " << sql.size() << " bytes";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
      EXPECT_NE(e.message().find("nested too deeply"), std::string::npos) << e.message();
    }
  }
}

TEST(ParserRobustnessTest, LongFlatListsAreFine) {
  std::string list = "SELECT a FROM t WHERE a IN (0";
  for (int i = 1; i < 20000; ++i) list += ", " + std::to_string(i);
  list += ")";
  EXPECT_TRUE(ParsesOrFailsCleanly(list));
  std::string columns = "SELECT c0";
  for (int i = 1; i < 5000; ++i) columns += ", c" + std::to_string(i);
  EXPECT_TRUE(ParsesOrFailsCleanly(columns + " FROM t"));
}

}  // namespace
}  // namespace sluice::sql
