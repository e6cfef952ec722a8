#include "batch_read_ahead.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"

namespace campcount::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Describe(TileRange range) {
  return absl::StrCat(range.first, "-", range.last);
}

// A read that names its range and counts itself in `reads`.
BatchReadAhead::ReadBatch CountedRead(std::atomic<int>* reads) {
  return [reads](TileRange r) -> absl::StatusOr<std::string> {
    ++*reads;
    return Describe(r);
  };
}

TEST(PlanBatchesTest, StartsWithASmallerBatchThenFullOnes) {
  std::vector<std::string> plan;
  for (TileRange r : PlanBatches(10, 4, 1)) plan.push_back(Describe(r));
  EXPECT_THAT(plan, ElementsAre("0-1", "1-5", "5-9", "9-10"));
}

TEST(PlanBatchesTest, CoversEveryTileOnceWhateverTheSizes) {
  for (int64_t tiles : {0, 1, 3, 4, 81}) {
    for (int batch : {0, 1, 4, 100}) {
      for (int first : {0, 1, 4, 200}) {
        int64_t next = 0;
        for (TileRange r : PlanBatches(tiles, batch, first)) {
          EXPECT_EQ(r.first, next);
          EXPECT_GT(r.last, r.first);
          next = r.last;
        }
        EXPECT_EQ(next, tiles) << tiles << " " << batch << " " << first;
      }
    }
  }
}

class BatchReadAheadTest : public ::testing::TestWithParam<bool> {
 protected:
  // With a pool, or with the reader's own thread.
  WorkerPool* pool() { return GetParam() ? &pool_ : nullptr; }
  WorkerPool pool_{1};
};

TEST_P(BatchReadAheadTest, HandsOutEveryBatchInOrder) {
  CancellationToken cancellation;
  BatchReadAhead reader(
      PlanBatches(10, 3, 1), 2,
      [](TileRange r) -> absl::StatusOr<std::string> { return Describe(r); },
      &cancellation, pool());
  std::vector<std::string> got;
  for (int i = 0; i < 4; ++i) {
    absl::StatusOr<std::string> batch = reader.Next();
    ASSERT_TRUE(batch.ok()) << batch.status();
    got.push_back(*batch);
  }
  EXPECT_THAT(got, ElementsAre("0-1", "1-4", "4-7", "7-10"));
  absl::StatusOr<std::string> past_end = reader.Next();
  EXPECT_EQ(past_end.status().code(), absl::StatusCode::kOutOfRange);
}

TEST_P(BatchReadAheadTest, ReadsNoMoreThanItsDepthAhead) {
  CancellationToken cancellation;
  std::atomic<int> reads{0};
  BatchReadAhead reader(PlanBatches(20, 1, 1), 3, CountedRead(&reads),
                        &cancellation, pool());
  // Nobody takes anything: the reader must stop at three. After one is
  // taken, it reads exactly one more.
  for (int expected : {3, 4}) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (reads < expected && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(reads.load(), expected);
    if (expected == 3) ASSERT_TRUE(reader.Next().ok());
  }
}

TEST_P(BatchReadAheadTest, AnErrorIsHandedOutInItsPlaceAndEndsTheReading) {
  CancellationToken cancellation;
  std::atomic<int> reads{0};
  BatchReadAhead reader(
      PlanBatches(8, 2, 2), 4,
      [&reads](TileRange r) -> absl::StatusOr<std::string> {
        ++reads;
        if (r.first == 2) return absl::DataLossError("tile 2 is corrupt");
        return Describe(r);
      },
      &cancellation, pool());
  EXPECT_EQ(*reader.Next(), "0-2");
  absl::StatusOr<std::string> failed = reader.Next();
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(failed.status().message(), HasSubstr("tile 2"));
  EXPECT_FALSE(reader.Next().ok());
  EXPECT_EQ(reads.load(), 2);  // nothing read after the failure
}

TEST_P(BatchReadAheadTest, StopsReadingOnceCancelled) {
  CancellationToken cancellation;
  cancellation.Cancel();
  std::atomic<int> reads{0};
  BatchReadAhead reader(PlanBatches(8, 1, 1), 2, CountedRead(&reads),
                        &cancellation, pool());
  EXPECT_EQ(reader.Next().status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(reads.load(), 0);
}

TEST_P(BatchReadAheadTest, DestroyedEarlyItWaitsForTheReadUnderWay) {
  CancellationToken cancellation;
  std::atomic<bool> reading{false}, read_returned{false};
  {
    BatchReadAhead reader(
        PlanBatches(8, 1, 1), 2,
        [&](TileRange) -> absl::StatusOr<std::string> {
          reading = true;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          read_returned = true;
          return std::string("slow");
        },
        &cancellation, pool());
    while (!reading) std::this_thread::yield();
  }
  // The read captured the caller's locals: it must be over by now.
  EXPECT_TRUE(read_returned.load());
}

INSTANTIATE_TEST_SUITE_P(OwnThreadOrPool, BatchReadAheadTest, ::testing::Bool(),
                         [](const auto& info) {
                           return info.param ? "OnAPool" : "OnItsOwnThread";
                         });

TEST(BatchReadAheadPoolTest, AReaderQueuedBehindABusyPoolStillEndsCleanly) {
  // The pool's one thread is busy, so the reading task has not started when
  // the reader is destroyed; it must neither wait forever nor read later.
  WorkerPool pool(1);
  std::mutex hold;
  std::unique_lock<std::mutex> busy(hold);
  pool.Submit([&hold] { std::lock_guard<std::mutex> wait(hold); });
  CancellationToken cancellation;
  std::atomic<int> reads{0};
  {
    BatchReadAhead reader(PlanBatches(4, 1, 1), 2, CountedRead(&reads),
                          &cancellation, &pool);
  }
  busy.unlock();
  // Let the queued task run (and find it should stop).
  std::atomic<bool> after{false};
  pool.Submit([&after] { after = true; });
  while (!after) std::this_thread::yield();
  EXPECT_EQ(reads.load(), 0);
}

}  // namespace
}  // namespace campcount::core
