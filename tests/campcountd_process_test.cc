// campcountd as an operator runs it: a process with a config file, standard
// gRPC health checking, and a graceful stop on SIGTERM.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "campcount/v1/service.grpc.pb.h"
#include "test_camp.h"
#include "test_server.h"

extern char** environ;

namespace campcount::testing {
namespace {

class Campcountd {
 public:
  explicit Campcountd(const std::vector<std::string>& args) {
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    EXPECT_EQ(
        posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ),
        0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    stdout_ = fdopen(out[0], "r");
  }
  ~Campcountd() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (stdout_ != nullptr) fclose(stdout_);
  }

  // The address from the "campcountd listening on HOST:PORT" line.
  std::string WaitForAddress() {
    char line[512];
    while (fgets(line, sizeof line, stdout_) != nullptr) {
      std::string text(line);
      const std::string prefix = "campcountd listening on ";
      if (text.rfind(prefix, 0) == 0) {
        return text.substr(prefix.size(), text.find('\n') - prefix.size());
      }
    }
    return "";
  }

  // Sends SIGTERM and returns the exit status, or -1 if it did not exit in
  // `timeout`.
  int Terminate(std::chrono::seconds timeout) {
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
};

// grpc.health.v1.Health/Check through a generic stub: the request is empty
// and SERVING is field 1 = 1, so any health client sees the same bytes.
grpc::Status HealthCheck(const std::shared_ptr<grpc::Channel>& channel,
                         std::string* response_bytes) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  grpc::ByteBuffer request(nullptr, 0), response;
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  grpc::Status result;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", {}, &request,
                 &response, [&](grpc::Status status) {
                   std::lock_guard<std::mutex> lock(mutex);
                   result = status;
                   done = true;
                   cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mutex);
  cv.wait(lock, [&] { return done; });
  std::vector<grpc::Slice> slices;
  if (result.ok() && response.Dump(&slices).ok()) {
    for (const auto& slice : slices) {
      response_bytes->append(reinterpret_cast<const char*>(slice.begin()),
                             slice.size());
    }
  }
  return result;
}

// One ServerReflectionInfo exchange asking to list services, as a generic
// bidi stream: the request is field 7 (list_services) = "*"; the answer's raw
// bytes carry the service names.
class ListServicesReactor
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit ListServicesReactor(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(channel) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(5));
    const std::string bytes("\x3a\x01*", 3);
    grpc::Slice slice(bytes);
    request_ = grpc::ByteBuffer(&slice, 1);
    stub_.PrepareBidiStreamingCall(
        &context_,
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", {},
        this);
    StartWrite(&request_);
    StartRead(&response_);
    StartCall();
  }
  void OnWriteDone(bool) override { StartWritesDone(); }
  void OnReadDone(bool ok) override {
    if (ok) {
      std::vector<grpc::Slice> slices;
      if (response_.Dump(&slices).ok()) {
        for (const auto& slice : slices) {
          answer_.append(reinterpret_cast<const char*>(slice.begin()),
                         slice.size());
        }
      }
    }
  }
  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
    done_ = true;
    cv_.notify_one();
  }
  std::string Await() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return done_; });
    return answer_;
  }

 private:
  grpc::GenericStub stub_;
  grpc::ClientContext context_;
  grpc::ByteBuffer request_, response_;
  std::string answer_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  grpc::Status status_;
};

TEST(CampcountdProcessTest, ServesHealthAndPluginsAndStopsGracefully) {
  TempDir dir;
  const std::string config_path = dir.File("campcountd.textproto");
  std::ofstream(config_path)
      << "listen_address: \"127.0.0.1:0\"\n"
      << "plugin_dirs: \"" << EnvOrDie("CAMPCOUNT_PLUGIN_DIR") << "\"\n"
      << "max_concurrent_estimates: 2\n";
  Campcountd daemon({EnvOrDie("CAMPCOUNTD"), "--config", config_path});
  const std::string address = daemon.WaitForAddress();
  ASSERT_FALSE(address.empty());

  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  std::string health;
  grpc::Status status = HealthCheck(channel, &health);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(health, std::string("\x08\x01", 2));  // SERVING

  ListServicesReactor reflection(channel);
  const std::string services = reflection.Await();
  EXPECT_NE(services.find("campcount.v1.CampCount"), std::string::npos);
  EXPECT_NE(services.find("grpc.health.v1.Health"), std::string::npos);

  auto stub = campcount::v1::CampCount::NewStub(channel);
  grpc::ClientContext context;
  campcount::v1::ListPluginsResponse plugins;
  ASSERT_TRUE(stub->ListPlugins(&context, {}, &plugins).ok());
  EXPECT_GE(plugins.plugins_size(), 3);

  EXPECT_EQ(daemon.Terminate(std::chrono::seconds(10)), 0);
}

TEST(CampcountdProcessTest, BadConfigFileIsReportedWithLine) {
  TempDir dir;
  const std::string config_path = dir.File("bad.textproto");
  std::ofstream(config_path) << "listen_address: \"127.0.0.1:0\"\n"
                             << "max_concurent_estimates: 2\n";
  Campcountd daemon({EnvOrDie("CAMPCOUNTD"), "--config", config_path});
  EXPECT_EQ(daemon.WaitForAddress(), "");
  EXPECT_EQ(daemon.Terminate(std::chrono::seconds(5)), 2);
}

}  // namespace
}  // namespace campcount::testing
