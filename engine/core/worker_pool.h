// A fixed set of long-lived threads that run submitted work in the order it
// arrives. The server runs each Estimate's pipeline here instead of on a
// thread of its own: libraries keep per-thread state that is costly to build
// and cheap to keep (PROJ opens and reads its database once per thread, which
// made every estimate's OpenScene 7-12 ms on a fresh thread against under
// 1 ms on a warm one).
#ifndef CAMPCOUNT_ENGINE_CORE_WORKER_POOL_H_
#define CAMPCOUNT_ENGINE_CORE_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace campcount::core {

class WorkerPool {
 public:
  // At least one thread, whatever `threads` says.
  explicit WorkerPool(int threads);
  // Runs everything already submitted, then joins the threads.
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `work`; it runs on the first free thread. Work must not wait for
  // work submitted after it (with every thread waiting, nothing would run).
  void Submit(std::function<void()> work);

  int size() const { return static_cast<int>(threads_.size()); }

 private:
  void RunWorker();

  std::mutex mutex_;
  std::condition_variable has_work_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_WORKER_POOL_H_
