#include "batch_read_ahead.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "campcount/v1/detection.pb.h"

namespace campcount::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Tiles as tiny valid Tile messages, so the batches are real DetectRequests.
constexpr char kTileBytes[] = "";

BatchReadAhead::FinishBatch Finish() {
  return [](DetectRequestBuilder* batch) { return batch->Finish(0.5f); };
}

// A read that appends an empty tile and counts itself in `reads`.
BatchReadAhead::ReadTile CountedRead(std::atomic<int>* reads) {
  return [reads](int64_t index, DetectRequestBuilder* batch) {
    ++*reads;
    return batch->AppendTile(kTileBytes, index, 0.5);
  };
}

std::string Describe(const TileBatch& batch) {
  return absl::StrCat(batch.tiles.first, "-", batch.tiles.last);
}

class BatchReadAheadTest : public ::testing::TestWithParam<bool> {
 protected:
  // With a pool, or with the reader's own thread.
  WorkerPool* pool() { return GetParam() ? &pool_ : nullptr; }
  WorkerPool pool_{1};
  CancellationToken cancellation_;
  std::atomic<int> reads_{0};
};

TEST_P(BatchReadAheadTest, HandsOutEveryTileOnceInOrderInFullBatches) {
  BatchReadAhead reader(10, 4, 3, 0, CountedRead(&reads_), Finish(),
                        &cancellation_, pool());
  // Let the reader read everything first, so no batch is cut short.
  while (reads_ < 10) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::vector<std::string> got;
  int64_t next = 0;
  while (next < 10) {
    absl::StatusOr<TileBatch> batch = reader.Next();
    ASSERT_TRUE(batch.ok()) << batch.status();
    EXPECT_EQ(batch->tiles.first, next);
    next = batch->tiles.last;
    got.push_back(Describe(*batch));
  }
  EXPECT_THAT(got, ElementsAre("0-4", "4-8", "8-10"));
  EXPECT_EQ(reader.Next().status().code(), absl::StatusCode::kOutOfRange);
}

TEST_P(BatchReadAheadTest, AWaitingDetectorGetsTheTilesReadSoFar) {
  // Each tile takes 30 ms: asking at once must not wait for four tiles.
  BatchReadAhead reader(
      8, 4, 2, 0,
      [this](int64_t index, DetectRequestBuilder* batch) {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        ++reads_;
        return batch->AppendTile(kTileBytes, index, 0.5);
      },
      Finish(), &cancellation_, pool());
  absl::StatusOr<TileBatch> first = reader.Next();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->tiles.first, 0);
  EXPECT_LT(first->tiles.last, 4);  // one tile, unless this thread was late
  // The request is a real one, with those tiles in it.
  campcount::v1::DetectRequest request;
  ASSERT_TRUE(request.ParseFromString(first->request));
  ASSERT_EQ(request.tiles_size(), first->tiles.last);
  EXPECT_EQ(request.tiles(0).index(), 0);
  int64_t next = first->tiles.last;
  while (next < 8) {
    absl::StatusOr<TileBatch> batch = reader.Next();
    ASSERT_TRUE(batch.ok());
    EXPECT_EQ(batch->tiles.first, next);
    EXPECT_LE(batch->tiles.last - batch->tiles.first, 4);
    next = batch->tiles.last;
  }
}

TEST_P(BatchReadAheadTest, ReadsNoMoreThanItsDepthAhead) {
  BatchReadAhead reader(40, 2, 3, 0, CountedRead(&reads_), Finish(),
                        &cancellation_, pool());
  // Nobody takes anything: the reader stops at three batches of two. After
  // one is taken, it reads exactly one batch more.
  for (int expected : {6, 8}) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (reads_ < expected && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(reads_.load(), expected);
    if (expected == 6) ASSERT_TRUE(reader.Next().ok());
  }
}

TEST_P(BatchReadAheadTest, AnErrorIsHandedOutInItsPlaceAndEndsTheReading) {
  BatchReadAhead reader(
      8, 2, 4, 0,
      [this](int64_t index, DetectRequestBuilder* batch) {
        ++reads_;
        if (index == 2) return absl::DataLossError("tile 2 is corrupt");
        return batch->AppendTile(kTileBytes, index, 0.5);
      },
      Finish(), &cancellation_, pool());
  while (reads_ < 3) std::this_thread::yield();
  EXPECT_EQ(Describe(*reader.Next()), "0-2");
  absl::StatusOr<TileBatch> failed = reader.Next();
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(failed.status().message(), HasSubstr("tile 2"));
  EXPECT_EQ(reader.Next().status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(reads_.load(), 3);  // nothing read after the failure
}

TEST_P(BatchReadAheadTest, StopsReadingOnceCancelled) {
  cancellation_.Cancel();
  BatchReadAhead reader(8, 1, 2, 0, CountedRead(&reads_), Finish(),
                        &cancellation_, pool());
  EXPECT_EQ(reader.Next().status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(reads_.load(), 0);
}

TEST_P(BatchReadAheadTest, DestroyedEarlyItWaitsForTheReadUnderWay) {
  std::atomic<bool> reading{false}, read_returned{false};
  {
    BatchReadAhead reader(
        8, 1, 2, 0,
        [&](int64_t index, DetectRequestBuilder* batch) {
          reading = true;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          read_returned = true;
          return batch->AppendTile(kTileBytes, index, 0.5);
        },
        Finish(), &cancellation_, pool());
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
    BatchReadAhead reader(4, 1, 2, 0, CountedRead(&reads), Finish(),
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
