#include "cli/progress_bar.h"

#include <gtest/gtest.h>

namespace sluice::cli {
namespace {

TEST(ProgressBarTest, Line) {
  EXPECT_EQ(ProgressBar::Line(0.5, "scan", 10), "[#####.....]  50%  scan");
  EXPECT_EQ(ProgressBar::Line(0, "", 4), "[....]   0%");
  EXPECT_EQ(ProgressBar::Line(1.7, "", 4), "[####] 100%");
  EXPECT_EQ(ProgressBar::Line(-1, "", 4), "[....]   0%");
  std::string long_label(100, 'x');
  EXPECT_EQ(ProgressBar::Line(0.25, long_label, 4), "[#...]  25%  " + std::string(37, 'x') + "...");
}

TEST(ProgressBarTest, QuickQueriesDrawNothing) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    ProgressBar bar(file);
    bar.Update(0.5, "scan");  // within the first half second: not drawn
    bar.Clear();
  }
  EXPECT_EQ(std::ftell(file), 0);
  std::fclose(file);
}

}  // namespace
}  // namespace sluice::cli
