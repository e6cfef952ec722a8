// Planning standards as data (data/standards/*.json): a partner copies a
// preset and edits the numbers; every needs answer names the file it used.
#ifndef CAMPCOUNT_ENGINE_NEEDS_STANDARDS_H_
#define CAMPCOUNT_ENGINE_NEEDS_STANDARDS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/needs.pb.h"

namespace campcount::needs {

struct LoadedStandards {
  campcount::v1::SupplyStandards standards;
  std::string path;
};

// `name_or_path`: a preset name ("sphere", "unhcr"; looked up in
// `preset_dirs`, first match wins) or the path of a JSON file; empty:
// "sphere". Every number must be present and positive (the female share in
// 0..1), else INVALID_ARGUMENT naming the file and field.
absl::StatusOr<LoadedStandards> LoadStandards(
    const std::string& name_or_path,
    const std::vector<std::string>& preset_dirs);

// Where the shipped presets are: $CAMPCOUNT_STANDARDS_DIR, the install's
// share/campcount/standards beside the binary, the source tree's.
std::vector<std::string> DefaultStandardsDirs();

}  // namespace campcount::needs

#endif  // CAMPCOUNT_ENGINE_NEEDS_STANDARDS_H_
