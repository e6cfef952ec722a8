#include "atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace campcount::evaluation {

absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes) {
  // The pid keeps two concurrent writers of the same target apart.
  const std::string partial = absl::StrCat(path, ".partial-", getpid());
  std::FILE* file = std::fopen(partial.c_str(), "wb");
  if (file == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot write '", partial, "': ", std::strerror(errno)));
  }
  const bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    std::remove(partial.c_str());
    return absl::DataLossError(absl::StrCat("cannot write '", path,
                                            "': ", std::strerror(write_errno)));
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    const int rename_errno = errno;
    std::remove(partial.c_str());
    return absl::PermissionDeniedError(
        absl::StrCat("cannot rename '", partial, "' to '", path,
                     "': ", std::strerror(rename_errno)));
  }
  return absl::OkStatus();
}

}  // namespace campcount::evaluation
