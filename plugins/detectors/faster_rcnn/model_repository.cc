#include "model_repository.h"

#include <dlfcn.h>

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "file_hash.h"
#include "model_metadata.h"

namespace campcount::plugins {
namespace fs = std::filesystem;
namespace {

bool IsVersionName(const std::string& name) {
  uint64_t value = 0;
  return !name.empty() && name.size() < 19 &&
         std::all_of(name.begin(), name.end(), absl::ascii_isdigit) &&
         absl::SimpleAtoi(name, &value) && value > 0;
}

// A plain directory name: no path separators, no "." or "..".
bool IsPlainName(const std::string& name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find('/') == std::string::npos &&
         name.find('\\') == std::string::npos;
}

std::vector<std::string> SubdirectoryNames(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_directory(error)) names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> VersionsOf(const fs::path& dir) {
  std::vector<std::string> versions;
  for (const std::string& name : SubdirectoryNames(dir)) {
    if (IsVersionName(name)) versions.push_back(name);
  }
  std::sort(versions.begin(), versions.end(),
            [](const std::string& a, const std::string& b) {
              return a.size() != b.size() ? a.size() < b.size() : a < b;
            });
  return versions;
}

std::string FileSignature(const fs::path& path) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) return "missing";
  const auto time = fs::last_write_time(path, error);
  return absl::StrCat(size, "@", time.time_since_epoch().count());
}

}  // namespace

std::string LatestVersion(const std::string& model_dir) {
  const std::vector<std::string> versions = VersionsOf(model_dir);
  return versions.empty() ? std::string() : versions.back();
}

std::string DefaultModelRoot() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&DefaultModelRoot), &info) == 0 ||
      info.dli_fname == nullptr) {
    return "models";
  }
  return (fs::path(info.dli_fname).parent_path().parent_path() / "models")
      .string();
}

absl::StatusOr<std::string> ModelRepository::ResolveVersion(
    const std::string& name, const std::string& version) const {
  std::error_code error;
  if (!fs::is_directory(root_, error)) {
    return absl::FailedPreconditionError(
        absl::StrCat("model repository ", root_,
                     " does not exist (faster_rcnn setting model_repository)"));
  }
  const fs::path model_dir = fs::path(root_) / name;
  if (!IsPlainName(name) || !fs::is_directory(model_dir, error)) {
    const std::vector<std::string> names = SubdirectoryNames(root_);
    return absl::NotFoundError(absl::StrCat(
        "model '", name, "' is not in the model repository ", root_,
        " (models there: ", names.empty() ? "none" : absl::StrJoin(names, ", "),
        ")"));
  }
  const std::vector<std::string> versions = VersionsOf(model_dir);
  if (version.empty()) {
    if (versions.empty()) {
      return absl::NotFoundError(
          absl::StrCat("model '", name, "' in ", root_,
                       " has no version directories (1, 2, ...)"));
    }
    return versions.back();
  }
  if (std::find(versions.begin(), versions.end(), version) == versions.end()) {
    return absl::NotFoundError(absl::StrCat(
        "model '", name, "' has no version '", version, "' in ",
        model_dir.string(), " (versions: ",
        versions.empty() ? "none" : absl::StrJoin(versions, ", "), ")"));
  }
  return version;
}

absl::StatusOr<campcount::v1::ModelInfo> ModelRepository::Describe(
    const std::string& name, const std::string& version) {
  const fs::path dir = fs::path(root_) / name / version;
  campcount::v1::ModelInfo info;
  info.set_name(name);
  info.set_version(version);
  info.set_path(dir.string());
  auto metadata = ReadModelMetadata((dir / kMetadataFileName).string());
  if (!metadata.ok()) return metadata.status();
  *info.mutable_metadata() = *std::move(metadata);
  const fs::path model_file = dir / kModelFileName;
  const std::string signature = FileSignature(model_file);
  if (signature == "missing") {
    return absl::FailedPreconditionError(
        absl::StrCat("model file ", model_file.string(), " is missing"));
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = hashes_.find(model_file.string());
    if (it != hashes_.end() && it->second.first == signature) {
      info.set_sha256(it->second.second);
      return info;
    }
  }
  auto sha = core::Sha256OfFile(model_file.string());
  if (!sha.ok()) return sha.status();
  info.set_sha256(*sha);
  std::lock_guard<std::mutex> lock(mutex_);
  hashes_[model_file.string()] = {signature, *sha};
  return info;
}

absl::StatusOr<std::shared_ptr<const LoadedModel>> ModelRepository::Get(
    const std::string& requested_name, const std::string& requested_version,
    bool recheck) {
  const std::string name =
      requested_name.empty() ? default_model_ : requested_name;
  const fs::path base = fs::path(root_) / name;
  std::string key;
  if (!requested_version.empty()) {
    // A pinned version already in memory is served as it is: the request
    // that pinned it must finish on what it started with.
    key = absl::StrCat(name, "/", requested_version);
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = loaded_.find(key);
    if (it != loaded_.end() && !recheck) return it->second.loaded;
  }
  auto version = ResolveVersion(name, requested_version);
  if (!version.ok()) return version.status();
  key = absl::StrCat(name, "/", *version);
  const fs::path dir = base / *version;
  const std::string signature =
      absl::StrCat(FileSignature(dir / kModelFileName), ";",
                   FileSignature(dir / kMetadataFileName));

  std::lock_guard<std::mutex> load_lock(load_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = loaded_.find(key);
    if (it != loaded_.end() && it->second.signature == signature) {
      return it->second.loaded;
    }
  }
  auto info = Describe(name, *version);
  if (!info.ok()) return info.status();
  auto model = TorchDetectionModel::Load((dir / kModelFileName).string(),
                                         info->metadata());
  if (!model.ok()) return model.status();
  auto loaded = std::make_shared<LoadedModel>();
  loaded->info = *std::move(info);
  loaded->model = *std::move(model);
  std::lock_guard<std::mutex> lock(mutex_);
  loaded_[key] = Entry{loaded, signature};
  return std::shared_ptr<const LoadedModel>(loaded);
}

campcount::v1::ModelList ModelRepository::List() {
  campcount::v1::ModelList list;
  list.set_default_model(default_model_);
  for (const std::string& name : SubdirectoryNames(root_)) {
    for (const std::string& version : VersionsOf(fs::path(root_) / name)) {
      auto info = Describe(name, version);
      if (info.ok()) {
        *list.add_models() = *std::move(info);
      } else {
        auto* refused = list.add_refused();
        refused->set_path((fs::path(root_) / name / version).string());
        refused->set_reason(std::string(info.status().message()));
      }
    }
  }
  return list;
}

}  // namespace campcount::plugins
