// A test suite over one generated camp and one real server on loopback,
// both made once per suite.
#ifndef CAMPCOUNT_TESTS_CAMP_SERVER_SUITE_H_
#define CAMPCOUNT_TESTS_CAMP_SERVER_SUITE_H_

#include <gtest/gtest.h>

#include "test_camp.h"
#include "test_server.h"

namespace campcount::testing {

class CampServerSuite : public ::testing::Test {
 protected:
  static void StartSuite(const synth::DemoCampOptions& options) {
    dir_ = new TempDir();
    options_ = options;
    truth_ =
        new synth::DemoCampTruth(WriteCamp(dir_->File("camp.tif"), options_));
    server_ = new TestServer(StartServer());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete truth_;
    delete dir_;
    server_ = nullptr;
    truth_ = nullptr;
    dir_ = nullptr;
  }

  static inline TempDir* dir_ = nullptr;
  static inline synth::DemoCampOptions options_;
  static inline synth::DemoCampTruth* truth_ = nullptr;
  static inline TestServer* server_ = nullptr;
};

}  // namespace campcount::testing

#endif  // CAMPCOUNT_TESTS_CAMP_SERVER_SUITE_H_
