#include "gdal_errors.h"

#include "absl/strings/str_join.h"

namespace campcount::plugins {

GdalErrorCapture::GdalErrorCapture() {
  CPLPushErrorHandlerEx(&GdalErrorCapture::Handler, this);
  CPLErrorReset();
}

GdalErrorCapture::~GdalErrorCapture() { CPLPopErrorHandler(); }

std::string GdalErrorCapture::Messages(const std::string& fallback) const {
  if (messages_.empty()) return fallback;
  return absl::StrJoin(messages_, "; ");
}

void CPL_STDCALL GdalErrorCapture::Handler(CPLErr level, CPLErrorNum /*number*/,
                                           const char* message) {
  // Debug output is noise for a user; errors and warnings carry the reason.
  if (level == CE_Debug || message == nullptr) return;
  auto* self = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
  if (self != nullptr) self->messages_.emplace_back(message);
}

}  // namespace campcount::plugins
