// One plugin shared library, loaded once, checked and ready to make
// instances. The library stays loaded while any instance made from it lives.
#ifndef CAMPCOUNT_ENGINE_CORE_PLUGIN_LIBRARY_H_
#define CAMPCOUNT_ENGINE_CORE_PLUGIN_LIBRARY_H_

#include <boost/dll/shared_library.hpp>
#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "campcount/plugin_api.h"
#include "campcount/v1/plugin.pb.h"
#include "cancellation.h"

namespace campcount::core {

class PluginInstance;

class PluginLibrary : public std::enable_shared_from_this<PluginLibrary> {
 public:
  // Loads `path` (RTLD_NOW | RTLD_LOCAL), checks its API version against the
  // engine's and reads its manifest. Every refusal names the file and why.
  static absl::StatusOr<std::shared_ptr<PluginLibrary>> Load(
      const std::string& path);

  // Creates an instance with the given settings (the plugin's init).
  absl::StatusOr<std::unique_ptr<PluginInstance>> CreateInstance(
      const campcount::v1::PluginConfig& config);

  const campcount::v1::PluginInfo& info() const { return info_; }
  const campcount::v1::PluginManifest& manifest() const {
    return info_.manifest();
  }

 private:
  friend class PluginInstance;
  PluginLibrary() = default;

  // Converts a plugin-made error into a Status prefixed with `what`, and
  // frees it with the plugin's own deallocator.
  absl::Status TakeError(CcError* error, const std::string& what) const;

  boost::dll::shared_library library_;
  const CcPluginTable* table_ = nullptr;
  campcount::v1::PluginInfo info_;
};

// A created plugin: typed calls over the table's `call` entry point.
class PluginInstance {
 public:
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  // Sends `request`, fills `response`. Errors are prefixed with the plugin's
  // kind and name, so the client knows which stage failed.
  absl::Status Call(CcMethod method,
                    const google::protobuf::MessageLite& request,
                    google::protobuf::MessageLite* response,
                    const CancellationToken* cancellation) const;

  // The same call on wire bytes: `request` is a serialized request message
  // and `consume` receives the plugin's serialized response before the
  // plugin frees it (return false when it is unreadable). Lets the engine
  // pass tile pixels along without parsing them.
  using ResponseConsumer = absl::FunctionRef<bool(absl::string_view)>;
  absl::Status CallWithBytes(CcMethod method, absl::string_view request,
                             ResponseConsumer consume,
                             absl::string_view response_type,
                             const CancellationToken* cancellation) const;

  // The library's info, with the instance's own manifest when the plugin
  // describes itself after creation (CC_METHOD_DESCRIBE).
  const campcount::v1::PluginInfo& info() const { return info_; }
  const campcount::v1::PluginManifest& manifest() const {
    return info_.manifest();
  }

 private:
  friend class PluginLibrary;
  PluginInstance(std::shared_ptr<PluginLibrary> library, CcInstance* instance)
      : library_(std::move(library)),
        instance_(instance),
        info_(library_->info()) {}

  // Asks the instance for its own manifest; keeps the library's kind, name
  // and config fields (the registry's key and the settings' schema).
  void ReadInstanceManifest();

  std::shared_ptr<PluginLibrary> library_;
  CcInstance* instance_;
  campcount::v1::PluginInfo info_;
};

// "source", "detector", "estimator".
std::string KindName(campcount::v1::PluginKind kind);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_PLUGIN_LIBRARY_H_
