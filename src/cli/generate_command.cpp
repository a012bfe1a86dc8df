#include "cli/generate_command.h"

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "cli/retail_generator.h"

namespace sluice::cli {

int RunGenerateCommand(const GenerateArgs& args, std::ostream& report) {
  RetailGenerator generator(args.rows, args.seed);
  RetailSummary summary = generator.WriteFiles(args.out_dir);
  std::string dir =
      args.out_dir.empty() || args.out_dir.back() == '/' ? args.out_dir : args.out_dir + "/";
  report << fmt::format("wrote {}orders.csv ({} rows) and {}customers.csv ({} rows), {:.1f} MB\n",
                        dir, summary.orders, dir, summary.customers,
                        static_cast<double>(summary.bytes) / 1e6);
  return kExitOk;
}

}  // namespace sluice::cli
