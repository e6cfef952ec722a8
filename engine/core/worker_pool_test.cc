#include "worker_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

namespace campcount::core {
namespace {

TEST(WorkerPoolTest, RunsEverySubmittedTaskBeforeItIsDestroyed) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(2);
    for (int i = 0; i < 100; ++i) pool.Submit([&ran] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 100);
}

TEST(WorkerPoolTest, ReusesItsThreadsSoPerThreadStateSurvives) {
  // What the server relies on: library state kept per thread (PROJ's
  // database connection) is built once per pool thread, not once per task.
  thread_local int tasks_seen_by_this_thread = 0;
  std::mutex mutex;
  std::set<std::thread::id> threads;
  int warm_tasks = 0;
  {
    WorkerPool pool(2);
    for (int i = 0; i < 50; ++i) {
      pool.Submit([&] {
        const bool warm = tasks_seen_by_this_thread++ > 0;
        std::lock_guard<std::mutex> lock(mutex);
        threads.insert(std::this_thread::get_id());
        if (warm) ++warm_tasks;
      });
    }
  }
  EXPECT_LE(threads.size(), 2u);
  EXPECT_GE(warm_tasks, 48);
}

TEST(WorkerPoolTest, RunsAsManyTasksAtOnceAsItHasThreadsAndNoMore) {
  std::mutex mutex;
  std::condition_variable changed;
  int running = 0, most = 0;
  bool all_three_met = false;
  {
    WorkerPool pool(3);
    EXPECT_EQ(pool.size(), 3);
    for (int i = 0; i < 12; ++i) {
      pool.Submit([&] {
        std::unique_lock<std::mutex> lock(mutex);
        most = std::max(most, ++running);
        changed.notify_all();
        // Each task stays until three ran at once (or 10 s passed), so a
        // pool that ran them one by one fails instead of passing slowly.
        if (changed.wait_for(lock, std::chrono::seconds(10),
                             [&] { return running == 3 || all_three_met; })) {
          all_three_met = true;
        }
        --running;
      });
    }
  }
  EXPECT_TRUE(all_three_met);
  EXPECT_EQ(most, 3);
}

TEST(WorkerPoolTest, HasAtLeastOneThread) {
  std::atomic<bool> ran{false};
  {
    WorkerPool pool(0);
    EXPECT_EQ(pool.size(), 1);
    pool.Submit([&ran] { ran = true; });
  }
  EXPECT_TRUE(ran.load());
}

}  // namespace
}  // namespace campcount::core
