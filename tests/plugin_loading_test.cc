// The engine loads the real plugin .so files and refuses each broken fixture
// with a message naming the file and the reason, while the rest keep serving.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "test_server.h"

namespace campcount::testing {
namespace {

TEST(PluginLoadingTest, LoadsRealPluginsAndRefusesBrokenOnesWithReasons) {
  TestServer server = StartServer();
  ASSERT_TRUE(server.stub);
  grpc::ClientContext context;
  campcount::v1::ListPluginsResponse response;
  ASSERT_TRUE(server.stub->ListPlugins(&context, {}, &response).ok());

  std::map<std::string, campcount::v1::PluginInfo> loaded;
  for (const auto& plugin : response.plugins()) {
    loaded[plugin.manifest().name()] = plugin;
  }
  for (const char* name : {"geotiff", "synthetic", "bright_shelter",
                           "shelter_count", "slow_detector", "throwing"}) {
    ASSERT_TRUE(loaded.count(name)) << name << " not loaded";
    const auto& info = loaded[name];
    EXPECT_EQ(info.sha256().size(), 64u) << name;
    EXPECT_FALSE(info.manifest().version().empty()) << name;
    EXPECT_NE(info.file().find(".so"), std::string::npos) << name;
  }
  EXPECT_EQ(loaded["geotiff"].manifest().kind(),
            campcount::v1::PLUGIN_KIND_SOURCE);
  EXPECT_EQ(loaded["bright_shelter"].manifest().kind(),
            campcount::v1::PLUGIN_KIND_DETECTOR);
  EXPECT_EQ(loaded["shelter_count"].manifest().kind(),
            campcount::v1::PLUGIN_KIND_ESTIMATOR);
  EXPECT_FALSE(loaded.count("init_fails"));

  std::map<std::string, std::string> refused;  // file name -> reason
  for (const auto& r : response.refused()) {
    refused[std::filesystem::path(r.file()).filename().string()] = r.reason();
    EXPECT_NE(r.reason().find(r.file()), std::string::npos)
        << "reason does not name the file: " << r.reason();
  }
  auto reason = [&](const std::string& file) {
    EXPECT_TRUE(refused.count(file)) << file << " was not refused";
    return refused[file];
  };
  EXPECT_NE(reason("libcampcount_fixture_wrong_api_version.so")
                .find("plugin API version 2.0 is not supported by this engine "
                      "(API 1.0)"),
            std::string::npos);
  EXPECT_NE(reason("libcampcount_fixture_missing_symbol.so")
                .find("missing symbol campcount_plugin_table"),
            std::string::npos);
  EXPECT_NE(reason("libcampcount_fixture_init_fails.so")
                .find("init of estimator 'init_fails' failed: this fixture "
                      "always refuses to start"),
            std::string::npos);
  EXPECT_NE(reason("not_a_plugin.so").find("not a loadable shared library"),
            std::string::npos);
  EXPECT_EQ(response.plugin_api_version(), "1.0");
}

TEST(PluginLoadingTest, MissingPluginDirectoryIsReportedNotFatal) {
  campcount::v1::ServerConfig config = TestConfig();
  config.add_plugin_dirs("/nonexistent/campcount/plugins");
  TestServer server = StartServer(config);
  ASSERT_TRUE(server.stub);
  grpc::ClientContext context;
  campcount::v1::ListPluginsResponse response;
  ASSERT_TRUE(server.stub->ListPlugins(&context, {}, &response).ok());
  bool reported = false;
  for (const auto& r : response.refused()) {
    reported = reported || (r.file() == "/nonexistent/campcount/plugins" &&
                            r.reason() ==
                                "/nonexistent/campcount/plugins: plugin "
                                "directory does not exist");
  }
  EXPECT_TRUE(reported);
  EXPECT_GE(response.plugins_size(), 3);
}

TEST(PluginLoadingTest, PluginSettingsReachThePluginAndBadOnesAreRefused) {
  campcount::v1::ServerConfig config = TestConfig();
  (*config.mutable_plugin_config())["slow_detector"].mutable_settings()->insert(
      {"millis_per_tile", "not-a-number"});
  TestServer server = StartServer(config);
  ASSERT_TRUE(server.stub);
  grpc::ClientContext context;
  campcount::v1::ListPluginsResponse response;
  ASSERT_TRUE(server.stub->ListPlugins(&context, {}, &response).ok());
  bool refused = false;
  for (const auto& r : response.refused()) {
    refused = refused || r.reason().find(
                             "setting 'millis_per_tile' = 'not-a-number' is "
                             "not an integer") != std::string::npos;
  }
  EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace campcount::testing
