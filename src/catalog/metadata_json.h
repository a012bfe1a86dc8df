// The text forms of catalog values that the catalog implementations store as JSON: string
// lists (partition columns) and partition values of a data file. One definition, so that
// every implementation stores the same text.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/table_metadata.h"

namespace sluice::catalog {

std::string StringListToJson(const std::vector<std::string>& list);
// Throws internal when the stored text is not a list of strings (a corrupt catalog).
std::vector<std::string> StringListFromJson(const std::string& text);

// [["order_date","2024-01-01"],["region",null]]: an array keeps the partition order.
std::string PartitionToJson(const PartitionValues& values);
PartitionValues PartitionFromJson(const std::string& text);

// Data files grouped by their partition values (files, rows and bytes summed), ordered by
// the values' JSON text.
std::vector<PartitionInfo> GroupFilesByPartition(const std::vector<DataFile>& files);

}  // namespace sluice::catalog
