// PostgresCopyEncoder — turns chunks into PostgreSQL's binary COPY format, the fastest way
// to bulk-load rows (no text parsing on the server).
//
// Byte format (all integers big-endian):
//   header   11-byte signature "PGCOPY\n\377\r\n\0", int32 flags (0), int32 extension
//            length (0)
//   tuple    int16 field count, then per field an int32 byte length (-1 for NULL) and the
//            value in the type's binary "send" form:
//              boolean 1 byte; integer int32; bigint int64; double precision IEEE-754
//              bits as int64; text UTF-8 bytes; date int32 days since 2000-01-01;
//              timestamp int64 microseconds since 2000-01-01 00:00:00
//   trailer  int16 -1
// The server numbers tuples from 1 ("line N" in its error context), which is the row
// number of the load.
//
// Thread-safety: none; one encoder per load.
#pragma once

#include <cstdint>
#include <string>

#include "types/type.h"
#include "vector/data_chunk.h"

namespace sluice::warehouse {

class PostgresCopyEncoder {
 public:
  // `where` prefixes messages ("warehouse table 'analytics.orders'"). With
  // `with_row_number`, every tuple gets a last bigint field holding its row number.
  PostgresCopyEncoder(Schema schema, std::string where, bool with_row_number);

  void AppendHeader(std::string& out) const;
  // Appends the chunk's rows, numbered from `first_row` (1-based over the load). Throws
  // user_input for a value PostgreSQL cannot represent, naming the row and column.
  void AppendChunk(const DataChunk& chunk, uint64_t first_row, std::string& out) const;
  void AppendTrailer(std::string& out) const;

 private:
  Schema schema_;
  std::string where_;
  bool with_row_number_;
};

}  // namespace sluice::warehouse
