#include "calibration_store.h"

#include <boost/filesystem.hpp>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "file_hash.h"
#include "google/protobuf/util/json_util.h"

namespace campcount::core {
namespace {

namespace fs = boost::filesystem;
constexpr char kFileName[] = "calibration.json";

// Highest whole-number version directory, 0 when there is none.
int LatestVersion(const fs::path& dir) {
  int latest = 0;
  boost::system::error_code error;
  if (!fs::is_directory(dir, error)) return 0;
  for (fs::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    int version = 0;
    if (absl::SimpleAtoi(it->path().filename().string(), &version) &&
        fs::exists(it->path() / kFileName)) {
      latest = std::max(latest, version);
    }
  }
  return latest;
}

}  // namespace

std::string CalibrationStore::EstimatorDir(const std::string& estimator) const {
  return (fs::path(repository_) / "calibration" / estimator).string();
}

absl::StatusOr<std::string> CalibrationStore::Write(
    campcount::v1::CalibrationArtifact artifact) const {
  if (artifact.estimator().empty() ||
      artifact.estimator().find('/') != std::string::npos ||
      artifact.estimator().find("..") != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("calibration artifact has an unusable estimator name '",
                     artifact.estimator(), "'"));
  }
  const fs::path dir = EstimatorDir(artifact.estimator());
  boost::system::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create ", dir.string(), ": ", error.message()));
  }
  // A concurrent writer may take the same number: create_directory tells.
  int version = LatestVersion(dir) + 1;
  fs::path version_dir;
  for (;; ++version) {
    version_dir = dir / std::to_string(version);
    if (fs::create_directory(version_dir, error)) break;
    if (error) {
      return absl::PermissionDeniedError(absl::StrCat(
          "cannot create ", version_dir.string(), ": ", error.message()));
    }
  }
  artifact.set_version(std::to_string(version));
  artifact.clear_path();
  artifact.clear_sha256();
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  auto printed =
      google::protobuf::util::MessageToJsonString(artifact, &json, options);
  if (!printed.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot write the artifact as "
                     "JSON: ",
                     printed.ToString()));
  }
  const fs::path path = version_dir / kFileName;
  const fs::path temporary = version_dir / (std::string(kFileName) + ".tmp");
  {
    std::ofstream out(temporary.string(), std::ios::binary);
    out << json;
    if (!out.flush()) {
      return absl::DataLossError(
          absl::StrCat("cannot write ", temporary.string()));
    }
  }
  fs::rename(temporary, path, error);
  if (error) {
    return absl::DataLossError(
        absl::StrCat("cannot rename ", temporary.string(), " to ",
                     path.string(), ": ", error.message()));
  }
  return path.string();
}

absl::StatusOr<campcount::v1::CalibrationArtifact> CalibrationStore::Load(
    const std::string& estimator, const std::string& version) const {
  const fs::path dir = EstimatorDir(estimator);
  std::string chosen = version;
  if (chosen.empty()) {
    const int latest = LatestVersion(dir);
    if (latest == 0) {
      return absl::NotFoundError(absl::StrCat(
          "no calibration of ", estimator, " in ", dir.string(),
          "; fit one with `campcount calibrate --dataset DIR/dataset.json "
          "--estimator ",
          estimator, "`"));
    }
    chosen = std::to_string(latest);
  }
  const fs::path path = dir / chosen / kFileName;
  std::ifstream in(path.string(), std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("calibration ", estimator,
                                            " version ", chosen, " not found (",
                                            path.string(), ")"));
  }
  std::stringstream text;
  text << in.rdbuf();
  campcount::v1::CalibrationArtifact artifact;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // newer files stay readable
  auto parsed = google::protobuf::util::JsonStringToMessage(text.str(),
                                                            &artifact, options);
  if (!parsed.ok()) {
    return absl::DataLossError(
        absl::StrCat("calibration file ", path.string(),
                     " is not valid: ", parsed.ToString()));
  }
  if (artifact.estimator() != estimator) {
    return absl::DataLossError(
        absl::StrCat("calibration file ", path.string(), " is for estimator '",
                     artifact.estimator(), "', not '", estimator, "'"));
  }
  artifact.set_version(chosen);
  artifact.set_path(path.string());
  auto sha = Sha256OfFile(path.string());
  if (!sha.ok()) return sha.status();
  artifact.set_sha256(*sha);
  return artifact;
}

}  // namespace campcount::core
