#include "json_output.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"

namespace campcount::cli {
namespace {

// protobuf indents by one space; two read better and match the wrapper.
// Safe line by line: newlines inside JSON strings are escaped.
std::string DoubleIndent(const std::string& json) {
  std::string out;
  for (absl::string_view line : absl::StrSplit(json, '\n')) {
    const size_t spaces = line.find_first_not_of(' ');
    const size_t n = spaces == absl::string_view::npos ? 0 : spaces;
    if (!out.empty()) out += '\n';
    out.append(2 * n, ' ');
    absl::StrAppend(&out, line.substr(n));
  }
  return out;
}

// Nests an already indented JSON value one level deeper.
std::string Reindent(const std::string& json, const std::string& indent) {
  return absl::StrReplaceAll(json, {{"\n", "\n" + indent}});
}

}  // namespace

absl::StatusOr<std::string> MessageToJson(
    const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print ",
                                            message.GetTypeName(),
                                            " as JSON: ", status.ToString()));
  }
  return DoubleIndent(std::string(absl::StripTrailingAsciiWhitespace(json)));
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

absl::StatusOr<std::string> EstimateResultToJson(
    const EstimateResult& result,
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> fields;
  for (const auto& [name, value] : extra) {
    fields.push_back(
        absl::StrCat("  ", JsonString(name), ": ", Reindent(value, "  ")));
  }
  auto add_message = [&](const std::string& name,
                         const google::protobuf::Message& m) -> absl::Status {
    absl::StatusOr<std::string> json = MessageToJson(m);
    if (!json.ok()) return json.status();
    fields.push_back(
        absl::StrCat("  ", JsonString(name), ": ", Reindent(*json, "  ")));
    return absl::OkStatus();
  };
  auto add_list = [&](const std::string& name,
                      const auto& messages) -> absl::Status {
    std::vector<std::string> items;
    for (const auto& m : messages) {
      absl::StatusOr<std::string> json = MessageToJson(m);
      if (!json.ok()) return json.status();
      items.push_back(absl::StrCat("    ", Reindent(*json, "    ")));
    }
    fields.push_back(items.empty()
                         ? absl::StrCat("  ", JsonString(name), ": []")
                         : absl::StrCat("  ", JsonString(name), ": [\n",
                                        absl::StrJoin(items, ",\n"), "\n  ]"));
    return absl::OkStatus();
  };
  if (result.started.has_value()) {
    if (absl::Status s = add_message("started", *result.started); !s.ok()) {
      return s;
    }
  }
  if (!result.detections.empty()) {
    if (absl::Status s = add_list("detections", result.detections); !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = add_list("estimates", result.estimates); !s.ok()) {
    return s;
  }
  if (result.done.has_value()) {
    if (absl::Status s = add_message("done", *result.done); !s.ok()) return s;
  }
  return absl::StrCat("{\n", absl::StrJoin(fields, ",\n"), "\n}");
}

}  // namespace campcount::cli
