// A flag a request's owner sets to ask the work behind it to stop, checked
// between tiles and offered to plugins through CcCallContext.
#ifndef CAMPCOUNT_ENGINE_CORE_CANCELLATION_H_
#define CAMPCOUNT_ENGINE_CORE_CANCELLATION_H_

#include <atomic>

#include "campcount/plugin_api.h"

namespace campcount::core {

class CancellationToken {
 public:
  void Cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool IsCancelled() const {
    return cancelled_.load(std::memory_order_relaxed);
  }

  // A C view of this token for plugin calls; valid while the token lives.
  CcCallContext AsCallContext() const {
    return CcCallContext{
        const_cast<CancellationToken*>(this), [](void* state) -> int {
          return static_cast<CancellationToken*>(state)->IsCancelled() ? 1 : 0;
        }};
  }

 private:
  std::atomic<bool> cancelled_{false};
};

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_CANCELLATION_H_
