// Registers torchvision's TorchScript operators (torchvision::nms,
// roi_align, ...) with LibTorch, so models scripted from torchvision load.
// They live in python3-torchvision's _C*.so, which needs no Python symbols
// (DESIGN §7); it is loaded RTLD_GLOBAL so its registrations reach the
// process-wide operator registry.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_TORCHVISION_OPS_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_TORCHVISION_OPS_H_

#include <string>

#include "absl/status/status.h"

namespace campcount::plugins {

// Debian 12's python3-torchvision operator library.
inline constexpr char kDefaultTorchvisionOps[] =
    "/usr/lib/python3/dist-packages/torchvision/"
    "_C.cpython-311-x86_64-linux-gnu.so";

// Loads `path` once per process (later calls return the first outcome for
// that path). Empty path: nothing to load, OK. Never unloaded: operators
// registered by it must outlive every model.
absl::Status LoadTorchvisionOps(const std::string& path);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_TORCHVISION_OPS_H_
