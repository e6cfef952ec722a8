// Writing an output so that it is either complete or absent: the bytes go
// to a temporary file beside the target, which is renamed over it only once
// fully written. An interrupted evaluation never leaves a truncated GeoJSON
// or PNG that looks finished.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_ATOMIC_FILE_H_
#define CAMPCOUNT_ENGINE_EVALUATION_ATOMIC_FILE_H_

#include <string>

#include "absl/status/status.h"

namespace campcount::evaluation {

absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_ATOMIC_FILE_H_
