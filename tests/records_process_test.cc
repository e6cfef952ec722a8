// Estimate records as an operator meets them: a real campcountd process with
// a records file, killed with SIGKILL in the middle of an estimate and
// started again; and a damaged or locked records file refused at start-up.
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "campcount/v1/service.grpc.pb.h"
#include "test_camp.h"
#include "test_server.h"

extern char** environ;

namespace campcount::testing {
namespace {

// campcountd with stdout and stderr going to `log`.
class Daemon {
 public:
  Daemon(const std::string& records, const std::string& log) : log_(log) {
    args_ = {EnvOrDie("CAMPCOUNTD"),
             "--listen",
             "127.0.0.1:0",
             "--records",
             records,
             "--plugin_dirs",
             EnvOrDie("CAMPCOUNT_PLUGIN_DIR") + "," +
                 EnvOrDie("CAMPCOUNT_FIXTURE_PLUGIN_DIR")};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& arg : args_) argv.push_back(arg.data());
    argv.push_back(nullptr);
    EXPECT_EQ(
        posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ),
        0);
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Daemon() { Kill(); }

  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // The listening address, or "" when the process exited first (its exit
  // status then in *exit_code).
  std::string WaitForAddress(int* exit_code = nullptr) {
    const std::string prefix = "campcountd listening on ";
    for (int i = 0; i < 600; ++i) {
      const std::string log = Log();
      if (size_t at = log.find(prefix); at != std::string::npos) {
        const size_t end = log.find('\n', at);
        if (end != std::string::npos) {
          return log.substr(at + prefix.size(), end - at - prefix.size());
        }
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        if (exit_code != nullptr) {
          *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
        }
        return "";
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "";
  }

  void Kill() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

 private:
  std::vector<std::string> args_;
  std::string log_;
  pid_t pid_ = -1;
};

std::unique_ptr<campcount::v1::CampCount::Stub> Connect(
    const std::string& address) {
  return campcount::v1::CampCount::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

TEST(RecordsProcessTest, RecordSurvivesAKilledServer) {
  TempDir dir;
  const std::string records = dir.File("records.sqlite");
  synth::DemoCampOptions options;
  options.width_px = 800;
  options.height_px = 800;
  options.tent_count = 30;
  options.acquisition_date = "2020-03-14";
  WriteCamp(dir.File("camp.tif"), options);

  std::string finished_id;
  {
    Daemon daemon(records, dir.File("first.log"));
    const std::string address = daemon.WaitForAddress();
    ASSERT_FALSE(address.empty()) << daemon.Log();
    auto stub = Connect(address);

    campcount::v1::EstimateRequest request;
    request.set_image_uri(dir.File("camp.tif"));
    request.set_camp_id("AD_S001");
    EstimateOutcome outcome = RunEstimate(*stub, request);
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
    ASSERT_NE(outcome.done(), nullptr);
    finished_id = outcome.done()->record_id();
    ASSERT_FALSE(finished_id.empty());
    // The record id event comes before Done: the record is written first.
    ASSERT_GE(outcome.events.size(), 2u);
    EXPECT_EQ(outcome.events[outcome.events.size() - 2].record_id(),
              finished_id);
    EXPECT_TRUE(outcome.detections().empty());  // not asked for

    // A slow estimate, killed with SIGKILL while it runs.
    std::thread slow([&] {
      campcount::v1::EstimateRequest slow_request = request;
      slow_request.set_camp_id("AD_S002");
      slow_request.set_detector("slow_detector");
      RunEstimate(*stub, slow_request, 30);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    daemon.Kill();
    slow.join();
  }

  Daemon restarted(records, dir.File("second.log"));
  const std::string address = restarted.WaitForAddress();
  ASSERT_FALSE(address.empty()) << restarted.Log();
  auto stub = Connect(address);

  grpc::ClientContext get_context;
  campcount::v1::GetEstimateRequest get;
  get.set_id(finished_id);
  campcount::v1::EstimateRecord record;
  grpc::Status status = stub->GetEstimate(&get_context, get, &record);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(record.state(), campcount::v1::RECORD_STATE_COMPLETE);
  EXPECT_EQ(record.camp_id(), "AD_S001");
  EXPECT_EQ(record.for_date(), "2020-03-14");
  ASSERT_EQ(record.estimates_size(), 1);
  EXPECT_GT(record.estimates(0).population(), 0);
  // Versions and hashes of what ran, and every detection, are kept.
  EXPECT_FALSE(record.estimates(0).explanation().components().empty());
  for (const auto& c : record.estimates(0).explanation().components()) {
    EXPECT_EQ(c.sha256().size(), 64u) << c.name();
  }
  EXPECT_GT(record.detections_size(), 0);
  EXPECT_EQ(
      record.features().tent_count(),
      std::count_if(record.detections().begin(), record.detections().end(),
                    [](const auto& d) { return d.kept(); }));

  grpc::ClientContext list_context;
  campcount::v1::ListEstimatesRequest list;
  campcount::v1::ListEstimatesResponse listed;
  status = stub->ListEstimates(&list_context, list, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(listed.records_size(), 2);
  // The killed estimate is there, and reads as incomplete, not complete.
  EXPECT_EQ(listed.records(0).camp_id(), "AD_S002");
  EXPECT_EQ(listed.records(0).state(), campcount::v1::RECORD_STATE_INCOMPLETE);
  EXPECT_EQ(listed.records(0).estimates_size(), 0);
  EXPECT_EQ(listed.records(1).id(), finished_id);

  grpc::ClientContext range_context;
  list.set_camp_id("AD_S001");
  list.set_from_date("2020-03-15");
  status = stub->ListEstimates(&range_context, list, &listed);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(listed.records_size(), 0);
}

TEST(RecordsProcessTest, CorruptRecordsFileStopsTheStart) {
  TempDir dir;
  const std::string records = dir.File("records.sqlite");
  std::ofstream(records) << std::string(4096, 'x');
  Daemon daemon(records, dir.File("log"));
  int exit_code = 0;
  EXPECT_EQ(daemon.WaitForAddress(&exit_code), "");
  EXPECT_NE(exit_code, 0);
  const std::string log = daemon.Log();
  EXPECT_NE(log.find(records), std::string::npos) << log;
  EXPECT_NE(log.find("left untouched"), std::string::npos) << log;
  std::ifstream in(records);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, std::string(4096, 'x'));  // not replaced
}

TEST(RecordsProcessTest, LockedRecordsFileStopsTheStart) {
  TempDir dir;
  const std::string records = dir.File("records.sqlite");
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(records.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder,
                         "CREATE TABLE estimate_records (id INTEGER); "
                         "BEGIN EXCLUSIVE; INSERT INTO estimate_records "
                         "VALUES (1);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  Daemon daemon(records, dir.File("log"));
  int exit_code = 0;
  EXPECT_EQ(daemon.WaitForAddress(&exit_code), "");
  EXPECT_NE(exit_code, 0);
  const std::string log = daemon.Log();
  EXPECT_NE(log.find(records), std::string::npos) << log;
  EXPECT_NE(log.find("locked"), std::string::npos) << log;
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
}

}  // namespace
}  // namespace campcount::testing
