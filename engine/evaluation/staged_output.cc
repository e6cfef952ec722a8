#include "staged_output.h"

#include <stdlib.h>

#include <filesystem>

#include "absl/strings/str_cat.h"

namespace campcount::evaluation {

namespace fs = std::filesystem;

absl::StatusOr<StagedOutput> StagedOutput::Create(const std::string& out_dir) {
  std::error_code error;
  fs::create_directories(out_dir, error);
  if (error || !fs::is_directory(out_dir)) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create the output directory '", out_dir,
                     "': ", error ? error.message() : "not a directory"));
  }
  const fs::path absolute = fs::absolute(out_dir).lexically_normal();
  std::string staging = (absolute / ".staging-XXXXXX").string();
  if (mkdtemp(staging.data()) == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot write in the output directory '", out_dir, "'"));
  }
  return StagedOutput(absolute.string(), staging);
}

StagedOutput::StagedOutput(StagedOutput&& other) noexcept
    : out_dir_(std::move(other.out_dir_)),
      staging_dir_(std::move(other.staging_dir_)) {
  other.staging_dir_.clear();
}

StagedOutput::~StagedOutput() {
  if (staging_dir_.empty()) return;
  std::error_code ignored;
  fs::remove_all(staging_dir_, ignored);
}

std::string StagedOutput::StagingPath(const std::string& name) const {
  return (fs::path(staging_dir_) / name).string();
}

std::string StagedOutput::FinalPath(const std::string& name) const {
  return (fs::path(out_dir_) / name).string();
}

absl::Status StagedOutput::Publish(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    const fs::path from = StagingPath(name);
    const fs::path to = FinalPath(name);
    std::error_code error;
    // A directory cannot be renamed over a non-empty one: move the old one
    // into staging first, where the destructor removes it.
    const bool old_directory = fs::is_directory(to, error);
    error.clear();
    if (old_directory) {
      fs::rename(to, fs::path(staging_dir_) / (name + ".previous"), error);
    }
    if (!error) fs::rename(from, to, error);
    if (error) {
      return absl::PermissionDeniedError(
          absl::StrCat("cannot move '", from.string(), "' to '", to.string(),
                       "': ", error.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace campcount::evaluation
