#include "plugin_library.h"

#include <cstddef>
#include <exception>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "file_hash.h"
#include "status_macros.h"

namespace campcount::core {
namespace {

// The table as API 1.0 defined it. Later minors append entries, so a plugin
// built against 1.0 has a shorter table that is still complete for 1.0.
constexpr size_t kApi10TableSize =
    offsetof(CcPluginTable, free_error) + sizeof(CcPluginTable::free_error);

std::string VersionString(uint32_t version) {
  return absl::StrCat(CC_API_MAJOR_OF(version), ".", CC_API_MINOR_OF(version));
}

// Plugins and the engine agree when majors are equal and the engine's minor is
// at least the plugin's (new entry points are only ever appended).
absl::Status CheckApiVersion(const std::string& path, uint32_t plugin) {
  const uint32_t engine =
      CC_API_VERSION(CC_PLUGIN_API_MAJOR, CC_PLUGIN_API_MINOR);
  if (CC_API_MAJOR_OF(plugin) != CC_API_MAJOR_OF(engine) ||
      CC_API_MINOR_OF(plugin) > CC_API_MINOR_OF(engine)) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": plugin API version ", VersionString(plugin),
        " is not supported by this engine (API ", VersionString(engine),
        "); rebuild the plugin against this engine's SDK"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string KindName(campcount::v1::PluginKind kind) {
  switch (kind) {
    case campcount::v1::PLUGIN_KIND_SOURCE:
      return "source";
    case campcount::v1::PLUGIN_KIND_DETECTOR:
      return "detector";
    case campcount::v1::PLUGIN_KIND_ESTIMATOR:
      return "estimator";
    default:
      return "unknown";
  }
}

absl::Status PluginLibrary::TakeError(CcError* error,
                                      const std::string& what) const {
  if (error == nullptr) return absl::OkStatus();
  int code = error->code;
  if (code <= 0 ||
      code > static_cast<int>(absl::StatusCode::kUnauthenticated)) {
    code = static_cast<int>(absl::StatusCode::kUnknown);
  }
  std::string message =
      error->message != nullptr ? error->message : "(no message)";
  table_->free_error(error);
  return absl::Status(static_cast<absl::StatusCode>(code),
                      absl::StrCat(what, ": ", message));
}

absl::StatusOr<std::shared_ptr<PluginLibrary>> PluginLibrary::Load(
    const std::string& path) {
  std::shared_ptr<PluginLibrary> plugin(new PluginLibrary());
  try {
    plugin->library_.load(path, boost::dll::load_mode::rtld_now |
                                    boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": not a loadable shared library: ", e.what()));
  }
  for (const char* symbol : {CC_SYMBOL_API_VERSION, CC_SYMBOL_TABLE}) {
    if (!plugin->library_.has(symbol)) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": not a campcount plugin: missing symbol ",
                       symbol, " (built without the SDK's plugin macro?)"));
    }
  }
  const uint32_t version =
      plugin->library_.get<uint32_t()>(CC_SYMBOL_API_VERSION)();
  CC_RETURN_IF_ERROR(CheckApiVersion(path, version));
  plugin->table_ =
      plugin->library_.get<const CcPluginTable*()>(CC_SYMBOL_TABLE)();
  const CcPluginTable* table = plugin->table_;
  if (table == nullptr || table->struct_size < kApi10TableSize ||
      table->manifest == nullptr || table->create == nullptr ||
      table->destroy == nullptr || table->call == nullptr ||
      table->free_buffer == nullptr || table->free_error == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": plugin function table is missing or incomplete"));
  }

  CcBuffer buffer{nullptr, 0};
  CC_RETURN_IF_ERROR(
      plugin->TakeError(table->manifest(&buffer), path + ": manifest"));
  campcount::v1::PluginManifest manifest;
  const bool parsed =
      manifest.ParseFromArray(buffer.data, static_cast<int>(buffer.size));
  table->free_buffer(&buffer);
  if (!parsed || manifest.name().empty() ||
      manifest.kind() == campcount::v1::PLUGIN_KIND_UNSPECIFIED) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": manifest is unreadable or lacks a name or kind"));
  }

  CC_ASSIGN_OR_RETURN(std::string sha256, Sha256OfFile(path));
  *plugin->info_.mutable_manifest() = std::move(manifest);
  plugin->info_.set_file(path);
  plugin->info_.set_sha256(sha256);
  plugin->info_.set_api_version(VersionString(version));
  return plugin;
}

absl::StatusOr<std::unique_ptr<PluginInstance>> PluginLibrary::CreateInstance(
    const campcount::v1::PluginConfig& config) {
  const std::string serialized = config.SerializeAsString();
  CcInstance* instance = nullptr;
  CC_RETURN_IF_ERROR(TakeError(
      table_->create(reinterpret_cast<const uint8_t*>(serialized.data()),
                     serialized.size(), &instance),
      absl::StrCat(info_.file(), ": init of ", KindName(manifest().kind()),
                   " '", manifest().name(), "' failed")));
  if (instance == nullptr) {
    return absl::InternalError(
        absl::StrCat(info_.file(), ": init returned no instance and no error"));
  }
  auto created = std::unique_ptr<PluginInstance>(
      new PluginInstance(shared_from_this(), instance));
  created->ReadInstanceManifest();
  return created;
}

void PluginInstance::ReadInstanceManifest() {
  campcount::v1::PluginManifest described;
  const absl::Status status =
      Call(static_cast<CcMethod>(CC_METHOD_DESCRIBE),
           campcount::v1::PluginConfig(), &described, nullptr);
  if (status.code() == absl::StatusCode::kUnimplemented) return;
  if (!status.ok()) {
    std::cerr << "campcount: warning: " << info_.file()
              << ": instance manifest: " << status.message() << "\n";
    return;
  }
  const campcount::v1::PluginManifest& library = library_->manifest();
  described.set_kind(library.kind());
  described.set_name(library.name());
  *described.mutable_config() = library.config();
  *info_.mutable_manifest() = std::move(described);
}

PluginInstance::~PluginInstance() { library_->table_->destroy(instance_); }

absl::Status PluginInstance::Call(CcMethod method,
                                  const google::protobuf::MessageLite& request,
                                  google::protobuf::MessageLite* response,
                                  const CancellationToken* cancellation) const {
  const std::string serialized = request.SerializeAsString();
  return CallWithBytes(
      method, serialized,
      [response](absl::string_view bytes) {
        return response->ParseFromArray(bytes.data(),
                                        static_cast<int>(bytes.size()));
      },
      response->GetTypeName(), cancellation);
}

absl::Status PluginInstance::CallWithBytes(
    CcMethod method, absl::string_view request, ResponseConsumer consume,
    absl::string_view response_type,
    const CancellationToken* cancellation) const {
  CcCallContext context{nullptr, nullptr};
  if (cancellation != nullptr) context = cancellation->AsCallContext();
  CcBuffer buffer{nullptr, 0};
  const std::string who =
      absl::StrCat(KindName(manifest().kind()), " '", manifest().name(), "'");
  CC_RETURN_IF_ERROR(library_->TakeError(
      library_->table_->call(instance_, method,
                             reinterpret_cast<const uint8_t*>(request.data()),
                             request.size(), &context, &buffer),
      who));
  const bool consumed = consume(absl::string_view(
      reinterpret_cast<const char*>(buffer.data), buffer.size));
  library_->table_->free_buffer(&buffer);
  if (!consumed) {
    return absl::InternalError(
        absl::StrCat(who, " returned an unreadable ", response_type));
  }
  return absl::OkStatus();
}

}  // namespace campcount::core
