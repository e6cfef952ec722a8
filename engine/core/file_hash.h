#ifndef CAMPCOUNT_ENGINE_CORE_FILE_HASH_H_
#define CAMPCOUNT_ENGINE_CORE_FILE_HASH_H_

#include <string>

#include "absl/status/statusor.h"

namespace campcount::core {

// SHA-256 of a file's content as lowercase hex; reported for every plugin and
// model so an estimate names exactly the code that made it.
absl::StatusOr<std::string> Sha256OfFile(const std::string& path);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_FILE_HASH_H_
