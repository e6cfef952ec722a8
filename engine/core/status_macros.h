// Early-return helpers for absl::Status (Debian's Abseil 20220623 predates
// ABSL_RETURN_IF_ERROR).
#ifndef CAMPCOUNT_ENGINE_CORE_STATUS_MACROS_H_
#define CAMPCOUNT_ENGINE_CORE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CC_RETURN_IF_ERROR(expr)              \
  do {                                        \
    const ::absl::Status cc_status_ = (expr); \
    if (!cc_status_.ok()) return cc_status_;  \
  } while (0)

#define CC_STATUS_CONCAT_INNER_(a, b) a##b
#define CC_STATUS_CONCAT_(a, b) CC_STATUS_CONCAT_INNER_(a, b)

#define CC_ASSIGN_OR_RETURN(lhs, expr)                                      \
  CC_ASSIGN_OR_RETURN_IMPL_(CC_STATUS_CONCAT_(cc_statusor_, __LINE__), lhs, \
                            expr)

#define CC_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                              \
  if (!statusor.ok()) return statusor.status();        \
  lhs = std::move(statusor).value()

#endif  // CAMPCOUNT_ENGINE_CORE_STATUS_MACROS_H_
