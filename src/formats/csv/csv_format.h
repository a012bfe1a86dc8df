// Registers read_csv and the csv writer (COPY ... TO ... (FORMAT csv)).
#pragma once

namespace sluice {
void RegisterCsvFormat();
}  // namespace sluice
