// Generated camps for integration tests, written once per test binary into a
// temporary directory that is removed at exit.
#ifndef CAMPCOUNT_TESTS_TEST_CAMP_H_
#define CAMPCOUNT_TESTS_TEST_CAMP_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "demo_camp.h"

namespace campcount::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "campcount-test-XXXXXX")
            .string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  std::string File(const std::string& name) const {
    return (std::filesystem::path(path_) / name).string();
  }

 private:
  std::string path_;
};

inline synth::DemoCampTruth WriteCamp(const std::string& path,
                                      const synth::DemoCampOptions& options) {
  auto truth = synth::WriteDemoCamp(path, options);
  EXPECT_TRUE(truth.ok()) << truth.status();
  return truth.ok() ? *truth : synth::DemoCampTruth{};
}

}  // namespace campcount::testing

#endif  // CAMPCOUNT_TESTS_TEST_CAMP_H_
