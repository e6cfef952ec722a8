#include "torchvision_ops.h"

#include <dlfcn.h>

#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"

namespace campcount::plugins {

absl::Status LoadTorchvisionOps(const std::string& path) {
  if (path.empty()) return absl::OkStatus();
  static std::mutex mutex;
  static std::map<std::string, absl::Status>* outcomes =
      new std::map<std::string, absl::Status>();
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = outcomes->find(path); it != outcomes->end()) return it->second;
  absl::Status status = absl::OkStatus();
  if (dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL) == nullptr) {
    const char* error = dlerror();
    status = absl::FailedPreconditionError(absl::StrCat(
        "torchvision operators ", path, " could not be loaded (",
        error != nullptr ? error : "unknown error",
        "); install python3-torchvision or set the faster_rcnn setting "
        "torchvision_ops to its _C*.so"));
  }
  outcomes->emplace(path, status);
  return status;
}

}  // namespace campcount::plugins
