// The estimate records database: one SQLite file (WAL mode) holding one row
// per Estimate call. A row is inserted INCOMPLETE when the call starts and
// turned COMPLETE (with the whole record) or FAILED in one transaction, so a
// server killed at any moment leaves either a finished record or one that
// reads as incomplete — never a half-written one read as complete.
#ifndef CAMPCOUNT_ENGINE_RECORDS_ESTIMATE_STORE_H_
#define CAMPCOUNT_ENGINE_RECORDS_ESTIMATE_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "campcount/v1/records.pb.h"
#include "campcount/v1/stored_detections.pb.h"

struct sqlite3;

namespace campcount::records {

// "off" turns recording off; ":memory:" keeps records in memory.
inline constexpr char kRecordsOff[] = "off";
inline constexpr char kRecordsInMemory[] = ":memory:";

// $CAMPCOUNT_RECORDS, else $XDG_STATE_HOME/campcount/records.sqlite, else
// $HOME/.local/state/campcount/records.sqlite; "off" when none can be formed.
std::string DefaultRecordsPath();

class EstimateStore {
 public:
  // Opens (creating when absent) the database at `path`. Refuses, with the
  // file named, a file that is not a healthy campcount records database or
  // that another process holds locked: such a file is reported, never
  // replaced.
  static absl::StatusOr<std::unique_ptr<EstimateStore>> Open(
      const std::string& path);
  ~EstimateStore();

  // Inserts an INCOMPLETE record (its request, camp, image, start time) and
  // returns its id.
  absl::StatusOr<std::string> Begin(
      const campcount::v1::EstimateRecord& record);
  // Replaces record `record.id()` with `record` marked COMPLETE and its
  // detections (stored packed, beside the record), in one transaction.
  absl::Status Complete(campcount::v1::EstimateRecord record,
                        const campcount::v1::DetectionColumns& detections);
  // Marks the record FAILED with the error.
  absl::Status Fail(const std::string& id, const absl::Status& error);

  // The record with its detections; NOT_FOUND when there is no such record.
  absl::StatusOr<campcount::v1::EstimateRecord> Get(const std::string& id);
  absl::StatusOr<campcount::v1::ListEstimatesResponse> List(
      const campcount::v1::ListEstimatesRequest& request);

  const std::string& path() const { return path_; }

 private:
  EstimateStore(sqlite3* db, std::string path)
      : db_(db), path_(std::move(path)) {}
  // Copies the write-ahead log into the database every few seconds on its
  // own connection, so that work (and its fsync) is not on an estimate's
  // path; commits then only append to the log.
  absl::Status StartCheckpointer();
  void Checkpoints();
  // Runs `sql` (no results); the error names the file and what was done.
  absl::Status Exec(const char* sql, const char* what);
  absl::Status Error(const std::string& what) const;
  // Reads one record; `mutex_` must be held. Without detections the
  // detections column is not even read.
  absl::StatusOr<campcount::v1::EstimateRecord> ReadLocked(
      const std::string& id, bool with_detections);

  std::mutex mutex_;  // one connection, shared by the calls
  sqlite3* db_;
  const std::string path_;

  sqlite3* checkpoint_db_ = nullptr;
  std::thread checkpointer_;
  std::mutex checkpoint_mutex_;
  std::condition_variable stop_checkpoints_;
  bool stopping_ = false;
};

}  // namespace campcount::records

#endif  // CAMPCOUNT_ENGINE_RECORDS_ESTIMATE_STORE_H_
