#include "config_file.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace campcount::server {
namespace {

// Collects the text parser's errors with line and column.
class ErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    absl::StrAppend(&errors_, errors_.empty() ? "" : "; ", "line ", line + 1,
                    " column ", column + 1, ": ", message);
  }
  const std::string& errors() const { return errors_; }

 private:
  std::string errors_;
};

}  // namespace

absl::StatusOr<campcount::v1::ServerConfig> ReadConfigFile(
    const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    return absl::NotFoundError(
        absl::StrCat("config file ", path, " cannot be read"));
  }
  std::stringstream content;
  content << file.rdbuf();
  campcount::v1::ServerConfig config;
  if (absl::EndsWith(path, ".json")) {
    auto status =
        google::protobuf::util::JsonStringToMessage(content.str(), &config);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "config file ", path, ": ", std::string(status.message())));
    }
    return config;
  }
  google::protobuf::TextFormat::Parser parser;
  ErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(content.str(), &config)) {
    return absl::InvalidArgumentError(
        absl::StrCat("config file ", path, ": ", errors.errors()));
  }
  return config;
}

}  // namespace campcount::server
