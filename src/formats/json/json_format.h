// Registers read_json and the json writer (COPY ... TO ... (FORMAT json)).
#pragma once

namespace sluice {
void RegisterJsonFormat();
}  // namespace sluice
