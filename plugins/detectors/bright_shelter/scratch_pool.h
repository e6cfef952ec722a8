// Reusable working memory for concurrent callers: each caller borrows an
// object nobody else holds and gives it back when done, so threads never
// share one and a busy detector stops allocating after warming up.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_SCRATCH_POOL_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_SCRATCH_POOL_H_

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace campcount::plugins {

template <typename T>
class ScratchPool {
 public:
  // A borrowed object; returns to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(ScratchPool* pool, std::unique_ptr<T> item)
        : pool_(pool), item_(std::move(item)) {}
    Lease(Lease&&) = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (item_ != nullptr) pool_->Return(std::move(item_));
    }
    T& operator*() const { return *item_; }

   private:
    ScratchPool* pool_;
    std::unique_ptr<T> item_;
  };

  Lease Borrow() {
    std::unique_ptr<T> item;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        item = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (item == nullptr) item = std::make_unique<T>();
    return Lease(this, std::move(item));
  }

 private:
  void Return(std::unique_ptr<T> item) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(item));
  }

  std::mutex mutex_;
  std::vector<std::unique_ptr<T>> free_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_SCRATCH_POOL_H_
