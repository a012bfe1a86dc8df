#include "cli/retail_generator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace sluice::cli {
namespace {

std::string Orders(const RetailGenerator& g) {
  std::string text;
  g.WriteOrders([&](std::string_view piece) { text.append(piece); });
  return text;
}
std::string Customers(const RetailGenerator& g) {
  std::string text;
  g.WriteCustomers([&](std::string_view piece) { text.append(piece); });
  return text;
}

// Splits one CSV line into fields (RFC 4180 quoting).
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); i++) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        i++;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(RetailGeneratorTest, DeterministicForASeed) {
  EXPECT_EQ(Orders(RetailGenerator(500, 7)), Orders(RetailGenerator(500, 7)));
  EXPECT_EQ(Customers(RetailGenerator(500, 7)), Customers(RetailGenerator(500, 7)));
  EXPECT_NE(Orders(RetailGenerator(500, 7)), Orders(RetailGenerator(500, 8)));
}

TEST(RetailGeneratorTest, OrdersHaveTheDocumentedShape) {
  RetailGenerator g(20000, 42);
  std::vector<std::string> lines = Lines(Orders(g));
  ASSERT_EQ(lines.size(), 20001u);
  EXPECT_EQ(lines[0],
            "order_id,customer_id,order_ts,status,region,quantity,unit_price,discount,comment");
  size_t null_discounts = 0, quoted = 0, with_quote = 0;
  std::set<std::string> statuses, regions;
  for (size_t i = 1; i < lines.size(); i++) {
    std::vector<std::string> f = SplitCsv(lines[i]);
    ASSERT_EQ(f.size(), 9u) << lines[i];
    EXPECT_EQ(f[0], std::to_string(i));
    int64_t customer = std::stoll(f[1]);
    EXPECT_GE(customer, 1);
    EXPECT_LE(customer, 200);
    ASSERT_EQ(f[2].size(), 19u) << f[2];
    EXPECT_GE(f[2], "2023-01-01 00:00:00");
    EXPECT_LE(f[2], "2024-12-31 23:59:59");
    statuses.insert(f[3]);
    regions.insert(f[4]);
    int quantity = std::stoi(f[5]);
    EXPECT_GE(quantity, 1);
    EXPECT_LE(quantity, 100);
    double price = std::stod(f[6]);
    EXPECT_GE(price, 0.5);
    EXPECT_LE(price, 999.99);
    EXPECT_EQ(f[6][f[6].size() - 3], '.');
    if (f[7].empty()) {
      null_discounts++;
    } else {
      double discount = std::stod(f[7]);
      EXPECT_GE(discount, 0.0);
      EXPECT_LE(discount, 0.3);
    }
    EXPECT_GE(f[8].size(), 10u);
    EXPECT_LE(f[8].size(), 60u);
    if (lines[i].back() == '"') quoted++;
    if (f[8].find('"') != std::string::npos) with_quote++;
  }
  EXPECT_EQ(statuses.size(), 5u);
  EXPECT_EQ(regions.size(), 20u);
  EXPECT_GT(null_discounts, 600u);  // ~5% of 20000 = 1000
  EXPECT_LT(null_discounts, 1400u);
  EXPECT_GT(quoted, 1500u);  // ~10%
  EXPECT_LT(quoted, 2500u);
  EXPECT_GT(with_quote, 100u);  // ~1%
  EXPECT_LT(with_quote, 300u);
}

TEST(RetailGeneratorTest, CustomersAndFiles) {
  RetailGenerator g(1000, 1);
  EXPECT_EQ(g.customer_count(), 10u);
  std::vector<std::string> lines = Lines(Customers(g));
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[0], "customer_id,name,segment,country,signup_date");
  for (size_t i = 1; i < lines.size(); i++) {
    std::vector<std::string> f = SplitCsv(lines[i]);
    ASSERT_EQ(f.size(), 5u);
    EXPECT_EQ(f[0], std::to_string(i));
    EXPECT_NE(f[1].find(' '), std::string::npos);
    EXPECT_GE(f[4], "2015-01-01");
    EXPECT_LE(f[4], "2022-12-31");
  }
  EXPECT_EQ(RetailGenerator(5, 1).customer_count(), 1u);

  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("sluice_retail_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  RetailSummary summary = g.WriteFiles((dir / "nested").string());
  EXPECT_EQ(summary.orders, 1000u);
  EXPECT_EQ(summary.customers, 10u);
  std::ifstream orders(dir / "nested" / "orders.csv", std::ios::binary);
  std::stringstream text;
  text << orders.rdbuf();
  EXPECT_EQ(text.str(), Orders(g));
  EXPECT_EQ(summary.bytes, std::filesystem::file_size(dir / "nested" / "orders.csv") +
                               std::filesystem::file_size(dir / "nested" / "customers.csv"));
  std::filesystem::remove_all(dir);
}

TEST(RetailGeneratorTest, UnwritableDirectoryIsAnError) {
  RetailGenerator g(10, 1);
  EXPECT_THROW(g.WriteFiles("/proc/sluice-cannot-write-here"), std::exception);
}

}  // namespace
}  // namespace sluice::cli
