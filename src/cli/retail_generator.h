// RetailGenerator — deterministic example data in the shape of the benchmark's retail
// data, for demos, docs and tests (`sluice generate retail`).
//
//   orders.csv     order_id, customer_id, order_ts, status, region, quantity, unit_price,
//                  discount, comment
//   customers.csv  customer_id, name, segment, country, signup_date
//
// orders has `rows` rows; customers has max(rows / 100, 1). Values: order_id 1..rows in
// file order; customer_id skewed (half of the orders go to a fifth of the customers);
// order_ts uniform over 2023-01-01 .. 2024-12-31 ('YYYY-MM-DD HH:MM:SS', unsorted);
// status of 5 values (delivered 50%, shipped 20%, processing/pending/cancelled 10% each);
// region of 20 values; quantity 1..100; unit_price 0.50..999.99 (2 decimals); discount
// 0.00..0.30, empty (NULL) for about 5%; comment 10..60 characters of words, about 10%
// containing a comma (so quoted) and about 1% also a double quote (escaped as "").
// signup_date 2015-01-01 .. 2022-12-31.
//
// The same rows and seed give byte-identical files on every machine: the generator uses
// its own PRNG and integer arithmetic only.
//
// Thread-safety: a generator object belongs to one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace sluice::cli {

struct RetailSummary {
  uint64_t orders = 0;
  uint64_t customers = 0;
  uint64_t bytes = 0;
};

class RetailGenerator {
 public:
  RetailGenerator(uint64_t rows, uint64_t seed);

  uint64_t order_count() const { return rows_; }
  uint64_t customer_count() const { return customers_; }

  // Writes DIR/orders.csv and DIR/customers.csv, creating DIR if needed. Throws
  // sluice::Error naming the path when a file cannot be written.
  RetailSummary WriteFiles(const std::string& dir) const;

  // The CSV text of each file, handed to `write` in pieces of about a megabyte.
  void WriteCustomers(const std::function<void(std::string_view)>& write) const;
  void WriteOrders(const std::function<void(std::string_view)>& write) const;

 private:
  uint64_t rows_;
  uint64_t customers_;
  uint64_t seed_;
  uint64_t customer_multiplier_;  // scatters customer ids: coprime to customers_
};

}  // namespace sluice::cli
