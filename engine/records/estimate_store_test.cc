#include "estimate_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "estimate_recording.h"

namespace campcount::records {
namespace {

namespace fs = std::filesystem;

class EstimateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("estimate_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }

  fs::path dir_;
};

campcount::v1::EstimateRequest Request(const std::string& camp) {
  campcount::v1::EstimateRequest request;
  request.set_camp_id(camp);
  request.set_image_uri("/data/" + camp + ".tif");
  return request;
}

// Feeds the events of a finished estimate for `date` into a recording.
std::string RecordEstimate(EstimateStore& store, const std::string& camp,
                           const std::string& date, double population) {
  EstimateRecording recording(&store, Request(camp), "test");
  recording.Begin();
  campcount::v1::EstimateEvent event;
  event.mutable_started()->set_detector("bright_shelter");
  recording.Observe(event);
  event.Clear();
  auto* detection = event.mutable_detections()->add_detections();
  detection->set_score(0.9f);
  detection->set_kept(true);
  recording.Observe(event);
  event.Clear();
  event.mutable_estimate()->set_estimator("shelter_count");
  event.mutable_estimate()->set_population(population);
  recording.Observe(event);
  event.Clear();
  event.mutable_done()->mutable_features()->set_image_date(date);
  event.mutable_done()->mutable_features()->set_tent_count(1);
  recording.Observe(event);
  absl::StatusOr<std::string> id = recording.Complete();
  EXPECT_TRUE(id.ok()) << id.status();
  return id.value_or("");
}

TEST_F(EstimateStoreTest, RecordsSurviveReopening) {
  std::string id;
  {
    auto store = EstimateStore::Open(Path("records.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status();
    id = RecordEstimate(**store, "AD_S001", "2019-03-14", 4100);
  }
  auto store = EstimateStore::Open(Path("records.sqlite"));
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<campcount::v1::EstimateRecord> record = (*store)->Get(id);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->state(), campcount::v1::RECORD_STATE_COMPLETE);
  EXPECT_EQ(record->camp_id(), "AD_S001");
  EXPECT_EQ(record->for_date(), "2019-03-14");
  EXPECT_EQ(record->detector(), "bright_shelter");
  ASSERT_EQ(record->estimates_size(), 1);
  EXPECT_EQ(record->estimates(0).population(), 4100);
  EXPECT_EQ(record->detections_size(), 1);
  EXPECT_FALSE(record->started_at().empty());
  EXPECT_FALSE(record->completed_at().empty());
  campcount::v1::EstimateRequest request;
  ASSERT_TRUE(request.ParseFromString(record->request()));
  EXPECT_EQ(request.image_uri(), "/data/AD_S001.tif");
}

TEST_F(EstimateStoreTest, UnfinishedAndFailedRecordsSayso) {
  auto store = EstimateStore::Open(kRecordsInMemory);
  ASSERT_TRUE(store.ok()) << store.status();
  EstimateRecording running(store->get(), Request("A"), "test");
  running.Begin();
  EstimateRecording failed(store->get(), Request("B"), "test");
  failed.Begin();
  failed.Fail(absl::NotFoundError("cannot open /data/B.tif"));

  auto unfinished = (*store)->Get(running.id());
  ASSERT_TRUE(unfinished.ok());
  EXPECT_EQ(unfinished->state(), campcount::v1::RECORD_STATE_INCOMPLETE);
  auto failure = (*store)->Get(failed.id());
  ASSERT_TRUE(failure.ok());
  EXPECT_EQ(failure->state(), campcount::v1::RECORD_STATE_FAILED);
  EXPECT_EQ(failure->error(), "NOT_FOUND: cannot open /data/B.tif");
  EXPECT_EQ((*store)->Get("999").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ((*store)->Get("").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*store)->Get("12; DROP").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(EstimateStoreTest, ListsByCampAndDateRange) {
  auto store = EstimateStore::Open(kRecordsInMemory);
  ASSERT_TRUE(store.ok()) << store.status();
  RecordEstimate(**store, "A", "2019-01-10", 1);
  const std::string a2 = RecordEstimate(**store, "A", "2019-02-10", 2);
  RecordEstimate(**store, "B", "2019-02-11", 3);
  const std::string a3 = RecordEstimate(**store, "A", "2019-03-10", 4);

  campcount::v1::ListEstimatesRequest request;
  request.set_camp_id("A");
  request.set_from_date("2019-02-01");
  request.set_to_date("2019-03-10");
  auto list = (*store)->List(request);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->records_size(), 2);
  EXPECT_EQ(list->records(0).id(), a3);  // newest first
  EXPECT_EQ(list->records(1).id(), a2);
  EXPECT_EQ(list->records(0).detections_size(), 0);  // summaries only

  request.Clear();
  EXPECT_EQ((*store)->List(request)->records_size(), 4);
  request.set_from_date("10/02/2019");
  EXPECT_EQ((*store)->List(request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(EstimateStoreTest, CorruptFileIsRefusedAndLeftAlone) {
  const std::string path = Path("records.sqlite");
  {
    auto store = EstimateStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status();
    RecordEstimate(**store, "A", "2019-01-10", 1);
  }
  // Overwrite the header and first pages with garbage.
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    const std::string garbage(8192, '\x5a');
    file.write(garbage.data(), garbage.size());
  }
  const auto size = fs::file_size(path);
  auto store = EstimateStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(store.status().message().find(path), std::string::npos)
      << store.status();
  EXPECT_EQ(fs::file_size(path), size);
}

TEST_F(EstimateStoreTest, AnotherApplicationsDatabaseIsRefused) {
  const std::string path = Path("other.sqlite");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE customers (name TEXT)", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = EstimateStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find(path), std::string::npos);
}

TEST_F(EstimateStoreTest, LockedFileIsRefused) {
  const std::string path = Path("records.sqlite");
  ASSERT_TRUE(EstimateStore::Open(path).ok());
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto store = EstimateStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(store.status().message().find(path), std::string::npos);
  EXPECT_NE(store.status().message().find("locked"), std::string::npos)
      << store.status();
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
}

TEST_F(EstimateStoreTest, DetectionsComeBackWithTheirMapBoxes) {
  auto store = EstimateStore::Open(Path("records.sqlite"));
  ASSERT_TRUE(store.ok()) << store.status();
  EstimateRecording recording(store->get(), Request("A"), "test");
  recording.Begin();
  campcount::v1::EstimateEvent started;
  for (double c : {300000.0, 0.5, 0.0, 1310000.0, 0.0, -0.5}) {
    started.mutable_started()
        ->mutable_scene()
        ->mutable_geotransform()
        ->add_coefficients(c);
  }
  recording.Observe(started);
  // One batch the client asked to see, one it did not.
  campcount::v1::EstimateEvent seen;
  auto* kept = seen.mutable_detections()->add_detections();
  kept->mutable_pixel_box()->set_xmin(10);
  kept->mutable_pixel_box()->set_ymin(20);
  kept->mutable_pixel_box()->set_xmax(22);
  kept->mutable_pixel_box()->set_ymax(30);
  kept->set_score(0.9f);
  kept->set_class_name("tent");
  kept->set_kept(true);
  recording.Observe(seen);
  campcount::v1::DetectionBatch unseen;
  auto* dropped = unseen.add_detections();
  *dropped = *kept;
  dropped->set_score(0.2f);
  dropped->set_kept(false);
  dropped->set_drop_reason("score below the threshold");
  recording.TakeDetections(unseen);
  campcount::v1::EstimateEvent done;
  done.mutable_done();
  recording.Observe(done);
  absl::StatusOr<std::string> id = recording.Complete();
  ASSERT_TRUE(id.ok()) << id.status();

  auto record = (*store)->Get(*id);
  ASSERT_TRUE(record.ok()) << record.status();
  ASSERT_EQ(record->detections_size(), 2);
  EXPECT_TRUE(record->detections(0).kept());
  EXPECT_EQ(record->detections(0).class_name(), "tent");
  EXPECT_EQ(record->detections(0).map_box().xmin(), 300005);
  EXPECT_EQ(record->detections(0).map_box().ymax(), 1309990);
  EXPECT_FALSE(record->detections(1).kept());
  EXPECT_EQ(record->detections(1).drop_reason(), "score below the threshold");
  EXPECT_FLOAT_EQ(record->detections(1).score(), 0.2f);
}

// Schema 1 (the first release) kept detections inside the record blob and
// had no detections column: such a file is upgraded in place on open, and
// its records read as before.
TEST_F(EstimateStoreTest, VersionOneFileIsUpgradedAndStillReads) {
  const std::string path = Path("v1.sqlite");
  campcount::v1::EstimateRecord old;
  old.set_camp_id("AD_S001");
  old.add_detections()->set_class_name("tent");
  old.add_detections()->set_class_name("tent");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE estimate_records (id INTEGER PRIMARY "
                           "KEY AUTOINCREMENT, state TEXT NOT NULL, started_at "
                           "TEXT NOT NULL, completed_at TEXT, camp_id TEXT NOT "
                           "NULL, image_uri TEXT NOT NULL, for_date TEXT NOT "
                           "NULL, population REAL, record BLOB NOT NULL);"
                           "PRAGMA application_id = 1667461732;"
                           "PRAGMA user_version = 1;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_stmt* insert = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "INSERT INTO estimate_records (state, "
                                 "started_at, camp_id, image_uri, for_date, "
                                 "record) VALUES ('complete', "
                                 "'2026-01-01T00:00:00Z', 'AD_S001', 'x.tif', "
                                 "'2019-03-14', ?)",
                                 -1, &insert, nullptr),
              SQLITE_OK);
    const std::string blob = old.SerializeAsString();
    sqlite3_bind_blob(insert, 1, blob.data(), static_cast<int>(blob.size()),
                      SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(insert), SQLITE_DONE);
    sqlite3_finalize(insert);
    sqlite3_close(db);
  }
  auto store = EstimateStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  auto record = (*store)->Get("1");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->camp_id(), "AD_S001");
  EXPECT_EQ(record->detections_size(), 2);
  campcount::v1::ListEstimatesRequest all;
  EXPECT_EQ((*store)->List(all)->records(0).detections_size(), 0);
  const std::string added = RecordEstimate(**store, "B", "2019-04-01", 7);
  EXPECT_EQ((*store)->Get(added)->detections_size(), 1);
}

TEST_F(EstimateStoreTest, FileFromANewerCampcountIsRefusedAndLeftAlone) {
  const std::string path = Path("newer.sqlite");
  ASSERT_TRUE(EstimateStore::Open(path).ok());
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = EstimateStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("newer campcount"), std::string::npos)
      << store.status();
}

}  // namespace
}  // namespace campcount::records
