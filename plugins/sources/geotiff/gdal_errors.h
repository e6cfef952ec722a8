// Collects the messages GDAL reports on this thread, so they end up in the
// absl::Status a caller sees instead of on the engine's stderr.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_GDAL_ERRORS_H_
#define CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_GDAL_ERRORS_H_

#include <string>
#include <vector>

#include "cpl_error.h"

namespace campcount::plugins {

// While alive, GDAL errors and warnings raised on this thread are recorded
// here and not printed. GDAL's handler stack is per thread, so concurrent
// calls on other threads are unaffected.
class GdalErrorCapture {
 public:
  GdalErrorCapture();
  ~GdalErrorCapture();
  GdalErrorCapture(const GdalErrorCapture&) = delete;
  GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;

  // All messages so far, joined with "; "; `fallback` when there were none.
  std::string Messages(
      const std::string& fallback = "GDAL gave no details") const;
  void Clear() { messages_.clear(); }

 private:
  static void CPL_STDCALL Handler(CPLErr level, CPLErrorNum number,
                                  const char* message);

  std::vector<std::string> messages_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_GDAL_ERRORS_H_
