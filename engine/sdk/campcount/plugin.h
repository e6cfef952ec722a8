// Header-only C++ SDK for campcount plugins.
//
// Write a plain C++ class deriving from campcount::sdk::Source, Detector or
// Estimator with two static functions
//
//   static campcount::v1::PluginManifest Manifest();
//   static absl::StatusOr<std::unique_ptr<MyPlugin>> Create(
//       const campcount::v1::PluginConfig& config);
//
// and one macro in one .cc file:
//
//   CAMPCOUNT_DETECTOR_PLUGIN(MyPlugin)
//
// The macro generates the extern "C" entry points of plugin_api.h. Every entry
// point catches exceptions, so a throwing plugin becomes an error for that
// request instead of taking the engine down.
#ifndef CAMPCOUNT_PLUGIN_H_
#define CAMPCOUNT_PLUGIN_H_

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "campcount/plugin_api.h"
#include "campcount/v1/calibration.pb.h"
#include "campcount/v1/census.pb.h"
#include "campcount/v1/detection.pb.h"
#include "campcount/v1/estimate.pb.h"
#include "campcount/v1/model.pb.h"
#include "campcount/v1/plugin.pb.h"
#include "campcount/v1/source.pb.h"

namespace campcount::sdk {

// Lets a long-running plugin call notice that its request was cancelled.
class CallContext {
 public:
  explicit CallContext(const CcCallContext* context) : context_(context) {}
  bool IsCancelled() const {
    return context_ != nullptr && context_->is_cancelled != nullptr &&
           context_->is_cancelled(context_->host_state) != 0;
  }

 private:
  const CcCallContext* context_;
};

// Reads rasters. One open scene per OpenScene call until CloseScene.
class Source {
 public:
  static constexpr campcount::v1::PluginKind kKind =
      campcount::v1::PLUGIN_KIND_SOURCE;
  virtual ~Source() = default;
  // Optional: this instance's manifest when its settings change it.
  virtual absl::StatusOr<campcount::v1::PluginManifest> InstanceManifest()
      const {
    return absl::UnimplementedError("no instance manifest");
  }
  virtual absl::StatusOr<campcount::v1::Scene> OpenScene(
      const campcount::v1::OpenSceneRequest& request,
      const CallContext& context) = 0;
  virtual absl::StatusOr<campcount::v1::Tile> ReadTile(
      const campcount::v1::ReadTileRequest& request,
      const CallContext& context) = 0;
  virtual absl::Status CloseScene(
      const campcount::v1::CloseSceneRequest& request) = 0;
  // Census sources (e.g. census_csv) read survey records; image sources
  // need not.
  virtual absl::StatusOr<campcount::v1::ReadCensusResponse> ReadCensus(
      const campcount::v1::ReadCensusRequest& /*request*/,
      const CallContext& /*context*/) {
    return absl::UnimplementedError("this source reads no census records");
  }
};

// Finds shelters in tiles. Boxes are returned in tile pixel coordinates.
class Detector {
 public:
  static constexpr campcount::v1::PluginKind kKind =
      campcount::v1::PLUGIN_KIND_DETECTOR;
  virtual ~Detector() = default;
  // Optional: this instance's manifest when its settings change it.
  virtual absl::StatusOr<campcount::v1::PluginManifest> InstanceManifest()
      const {
    return absl::UnimplementedError("no instance manifest");
  }
  virtual absl::StatusOr<campcount::v1::DetectResponse> Detect(
      const campcount::v1::DetectRequest& request,
      const CallContext& context) = 0;
  // Detectors that run models from a repository override these two; the
  // engine then pins the resolved version for the whole request and reports
  // the model's hash. The defaults say the detector has no models.
  virtual absl::StatusOr<campcount::v1::ModelInfo> DescribeModel(
      const campcount::v1::DescribeModelRequest& /*request*/) {
    return absl::UnimplementedError("this detector does not run models");
  }
  virtual absl::StatusOr<campcount::v1::ModelList> ListModels() {
    return absl::UnimplementedError("this detector does not run models");
  }
};

// Turns camp features into a population estimate that explains itself.
class Estimator {
 public:
  static constexpr campcount::v1::PluginKind kKind =
      campcount::v1::PLUGIN_KIND_ESTIMATOR;
  virtual ~Estimator() = default;
  // Optional: this instance's manifest when its settings change it.
  virtual absl::StatusOr<campcount::v1::PluginManifest> InstanceManifest()
      const {
    return absl::UnimplementedError("no instance manifest");
  }
  virtual absl::StatusOr<campcount::v1::EstimatorResponse> Estimate(
      const campcount::v1::EstimatorRequest& request,
      const CallContext& context) = 0;
  // Estimators that learn from census counts fit themselves here; the engine
  // stores the fit as a calibration artifact and hands it back with every
  // estimate. Estimators that need no training keep this default.
  virtual absl::StatusOr<campcount::v1::FitResponse> Fit(
      const campcount::v1::FitRequest& /*request*/,
      const CallContext& /*context*/) {
    return absl::UnimplementedError("this estimator needs no calibration");
  }
};

namespace internal {

inline char* CopyString(const std::string& text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

inline CcError* MakeError(int code, const std::string& message) {
  auto* error = static_cast<CcError*>(std::malloc(sizeof(CcError)));
  if (error == nullptr) return nullptr;
  error->code = code;
  error->message = CopyString(message);
  return error;
}

inline CcError* MakeError(const absl::Status& status) {
  if (status.ok()) return nullptr;
  return MakeError(static_cast<int>(status.code()),
                   std::string(status.message()));
}

inline CcError* Serialize(const google::protobuf::MessageLite& message,
                          CcBuffer* out) {
  const size_t size = message.ByteSizeLong();
  out->size = size;
  out->data = static_cast<uint8_t*>(std::malloc(size == 0 ? 1 : size));
  if (out->data == nullptr) return MakeError(CC_INTERNAL, "out of memory");
  if (!message.SerializeToArray(out->data, static_cast<int>(size))) {
    std::free(out->data);
    out->data = nullptr;
    out->size = 0;
    return MakeError(CC_INTERNAL, "could not serialize the response");
  }
  return nullptr;
}

template <typename Request>
absl::StatusOr<Request> Parse(const uint8_t* data, size_t size) {
  Request request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) {
    return absl::InvalidArgumentError("could not parse " +
                                      request.GetTypeName());
  }
  return request;
}

template <typename Response>
CcError* Reply(const absl::StatusOr<Response>& response, CcBuffer* out) {
  if (!response.ok()) return MakeError(response.status());
  return Serialize(*response, out);
}

inline CcError* UnknownMethod(int32_t method) {
  return MakeError(CC_UNIMPLEMENTED, "plugin does not implement method " +
                                         std::to_string(method));
}

inline CcError* Dispatch(Source& plugin, int32_t method, const uint8_t* data,
                         size_t size, const CallContext& context,
                         CcBuffer* out) {
  switch (method) {
    case CC_METHOD_OPEN_SCENE: {
      auto request = Parse<campcount::v1::OpenSceneRequest>(data, size);
      if (!request.ok()) return MakeError(request.status());
      return Reply(plugin.OpenScene(*request, context), out);
    }
    case CC_METHOD_READ_TILE: {
      auto request = Parse<campcount::v1::ReadTileRequest>(data, size);
      if (!request.ok()) return MakeError(request.status());
      return Reply(plugin.ReadTile(*request, context), out);
    }
    case CC_METHOD_CLOSE_SCENE: {
      auto request = Parse<campcount::v1::CloseSceneRequest>(data, size);
      if (!request.ok()) return MakeError(request.status());
      absl::Status status = plugin.CloseScene(*request);
      if (!status.ok()) return MakeError(status);
      return Serialize(campcount::v1::CloseSceneResponse(), out);
    }
    case CC_METHOD_READ_CENSUS: {
      auto request = Parse<campcount::v1::ReadCensusRequest>(data, size);
      if (!request.ok()) return MakeError(request.status());
      return Reply(plugin.ReadCensus(*request, context), out);
    }
    default:
      return UnknownMethod(method);
  }
}

inline CcError* Dispatch(Detector& plugin, int32_t method, const uint8_t* data,
                         size_t size, const CallContext& context,
                         CcBuffer* out) {
  switch (method) {
    case CC_METHOD_DETECT: {
      auto request = Parse<campcount::v1::DetectRequest>(data, size);
      if (!request.ok()) return MakeError(request.status());
      return Reply(plugin.Detect(*request, context), out);
    }
    case CC_METHOD_DESCRIBE_MODEL: {
      auto request = Parse<campcount::v1::DescribeModelRequest>(data, size);
      if (!request.ok()) return MakeError(request.status());
      return Reply(plugin.DescribeModel(*request), out);
    }
    case CC_METHOD_LIST_MODELS:
      return Reply(plugin.ListModels(), out);
    default:
      return UnknownMethod(method);
  }
}

inline CcError* Dispatch(Estimator& plugin, int32_t method, const uint8_t* data,
                         size_t size, const CallContext& context,
                         CcBuffer* out) {
  if (method == CC_METHOD_FIT) {
    auto request = Parse<campcount::v1::FitRequest>(data, size);
    if (!request.ok()) return MakeError(request.status());
    return Reply(plugin.Fit(*request, context), out);
  }
  if (method != CC_METHOD_ESTIMATE) return UnknownMethod(method);
  auto request = Parse<campcount::v1::EstimatorRequest>(data, size);
  if (!request.ok()) return MakeError(request.status());
  return Reply(plugin.Estimate(*request, context), out);
}

inline CcError* CurrentException(const char* where) {
  try {
    throw;
  } catch (const std::exception& e) {
    return MakeError(CC_INTERNAL,
                     std::string("plugin threw in ") + where + ": " + e.what());
  } catch (...) {
    return MakeError(
        CC_INTERNAL,
        std::string("plugin threw an unknown exception in ") + where);
  }
}

// Generates the function table for one plugin class.
template <typename Plugin>
struct Adapter {
  static CcError* Manifest(CcBuffer* out) {
    try {
      campcount::v1::PluginManifest manifest = Plugin::Manifest();
      manifest.set_kind(Plugin::kKind);
      return Serialize(manifest, out);
    } catch (...) {
      return CurrentException("Manifest");
    }
  }

  static CcError* Create(const uint8_t* data, size_t size, CcInstance** out) {
    try {
      auto config = Parse<campcount::v1::PluginConfig>(data, size);
      if (!config.ok()) return MakeError(config.status());
      absl::StatusOr<std::unique_ptr<Plugin>> plugin = Plugin::Create(*config);
      if (!plugin.ok()) return MakeError(plugin.status());
      if (*plugin == nullptr) {
        return MakeError(CC_INTERNAL, "Create returned no plugin");
      }
      *out = reinterpret_cast<CcInstance*>(plugin->release());
      return nullptr;
    } catch (...) {
      return CurrentException("Create");
    }
  }

  static void Destroy(CcInstance* instance) {
    try {
      delete reinterpret_cast<Plugin*>(instance);
    } catch (...) {
    }
  }

  static CcError* Call(CcInstance* instance, int32_t method,
                       const uint8_t* data, size_t size,
                       const CcCallContext* context, CcBuffer* out) {
    try {
      auto* plugin = reinterpret_cast<Plugin*>(instance);
      if (method == CC_METHOD_DESCRIBE) {  // any kind
        return Reply(plugin->InstanceManifest(), out);
      }
      return Dispatch(*plugin, method, data, size, CallContext(context), out);
    } catch (...) {
      return CurrentException("Call");
    }
  }

  static void FreeBuffer(CcBuffer* buffer) {
    if (buffer == nullptr) return;
    std::free(buffer->data);
    buffer->data = nullptr;
    buffer->size = 0;
  }

  static void FreeError(CcError* error) {
    if (error == nullptr) return;
    std::free(error->message);
    std::free(error);
  }

  static const CcPluginTable* Table() {
    static const CcPluginTable table = {
        sizeof(CcPluginTable), &Manifest, &Create, &Destroy, &Call,
        &FreeBuffer,           &FreeError};
    return &table;
  }
};

}  // namespace internal
}  // namespace campcount::sdk

#define CAMPCOUNT_PLUGIN_ENTRY_POINTS_(PluginClass)                      \
  extern "C" __attribute__((visibility("default"))) uint32_t             \
  campcount_plugin_api_version(void) {                                   \
    return CC_API_VERSION(CC_PLUGIN_API_MAJOR, CC_PLUGIN_API_MINOR);     \
  }                                                                      \
  extern "C" __attribute__((visibility("default"))) const CcPluginTable* \
  campcount_plugin_table(void) {                                         \
    return ::campcount::sdk::internal::Adapter<PluginClass>::Table();    \
  }

#define CAMPCOUNT_SOURCE_PLUGIN(PluginClass)                              \
  static_assert(std::is_base_of_v<::campcount::sdk::Source, PluginClass>, \
                #PluginClass " must derive from campcount::sdk::Source"); \
  CAMPCOUNT_PLUGIN_ENTRY_POINTS_(PluginClass)

#define CAMPCOUNT_DETECTOR_PLUGIN(PluginClass)                              \
  static_assert(std::is_base_of_v<::campcount::sdk::Detector, PluginClass>, \
                #PluginClass " must derive from campcount::sdk::Detector"); \
  CAMPCOUNT_PLUGIN_ENTRY_POINTS_(PluginClass)

#define CAMPCOUNT_ESTIMATOR_PLUGIN(PluginClass)                              \
  static_assert(std::is_base_of_v<::campcount::sdk::Estimator, PluginClass>, \
                #PluginClass " must derive from campcount::sdk::Estimator"); \
  CAMPCOUNT_PLUGIN_ENTRY_POINTS_(PluginClass)

#endif  // CAMPCOUNT_PLUGIN_H_
