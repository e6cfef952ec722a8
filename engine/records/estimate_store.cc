#include "estimate_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "detection_columns.h"

namespace campcount::records {
namespace {

// PRAGMA application_id of a campcount records database ("ccrd"), so a
// different SQLite file given by mistake is refused instead of written to.
constexpr int kApplicationId = 0x63637264;
// 2 added the `detections` column (packed DetectionColumns); a version 1
// file is upgraded on open, its old records keep their detections inside
// `record`.
constexpr int kSchemaVersion = 2;
// How long a call waits for another writer (e.g. a second campcount process
// recording into the same file) before giving up; at start-up, a lock held
// this long is reported as a locked database.
constexpr int kStartupBusyMs = 2000;
constexpr int kBusyMs = 5000;

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS estimate_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  state TEXT NOT NULL,  -- 'incomplete' | 'complete' | 'failed'
  started_at TEXT NOT NULL,
  completed_at TEXT,
  camp_id TEXT NOT NULL,
  image_uri TEXT NOT NULL,
  for_date TEXT NOT NULL,  -- YYYY-MM-DD the estimate is for
  population REAL,  -- the first estimator's, for readers using sqlite3
  record BLOB NOT NULL,  -- serialized campcount.v1.EstimateRecord
  detections BLOB  -- serialized campcount.v1.DetectionColumns
);
CREATE INDEX IF NOT EXISTS estimate_records_by_camp
  ON estimate_records (camp_id, for_date);
)sql";

const char* StateName(campcount::v1::RecordState state) {
  switch (state) {
    case campcount::v1::RECORD_STATE_COMPLETE:
      return "complete";
    case campcount::v1::RECORD_STATE_FAILED:
      return "failed";
    default:
      return "incomplete";
  }
}

campcount::v1::RecordState StateFromName(const std::string& name) {
  if (name == "complete") return campcount::v1::RECORD_STATE_COMPLETE;
  if (name == "failed") return campcount::v1::RECORD_STATE_FAILED;
  return campcount::v1::RECORD_STATE_INCOMPLETE;
}

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Text(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_TRANSIENT);
  }
  void Blob(int i, const std::string& s) {
    sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_STATIC);
  }
  std::string ColumnText(int i) {
    const auto* p = sqlite3_column_text(stmt_, i);
    return p == nullptr ? "" : reinterpret_cast<const char*>(p);
  }
  std::string ColumnBlob(int i) {
    const void* p = sqlite3_column_blob(stmt_, i);
    return p == nullptr ? ""
                        : std::string(static_cast<const char*>(p),
                                      sqlite3_column_bytes(stmt_, i));
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

bool IsDate(const std::string& text) {
  absl::CivilDay day;
  return text.size() == 10 && absl::ParseCivilTime(text, &day);
}

}  // namespace

std::string DefaultRecordsPath() {
  if (const char* env = std::getenv("CAMPCOUNT_RECORDS");
      env != nullptr && *env != '\0') {
    return env;
  }
  namespace fs = std::filesystem;
  fs::path state_dir;
  if (const char* xdg = std::getenv("XDG_STATE_HOME");
      xdg != nullptr && *xdg != '\0') {
    state_dir = xdg;
  } else if (const char* home = std::getenv("HOME");
             home != nullptr && *home != '\0') {
    state_dir = fs::path(home) / ".local" / "state";
  } else {
    return kRecordsOff;
  }
  return (state_dir / "campcount" / "records.sqlite").string();
}

absl::Status EstimateStore::Error(const std::string& what) const {
  const int code = sqlite3_errcode(db_);
  const std::string message = absl::StrCat("records database ", path_, ": ",
                                           what, ": ", sqlite3_errmsg(db_));
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return absl::UnavailableError(absl::StrCat(
        message,
        " (another process holds it locked; stop it or use another "
        "--records file)"));
  }
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
    return absl::DataLossError(
        absl::StrCat(message,
                     " (the file is damaged or not a records database; it was "
                     "left untouched: move it aside to start a new one)"));
  }
  return absl::InternalError(
      absl::StrCat(message,
                   " (give --records, or $CAMPCOUNT_RECORDS, another file, or "
                   "\"off\")"));
}

absl::Status EstimateStore::Exec(const char* sql, const char* what) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error(what);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<EstimateStore>> EstimateStore::Open(
    const std::string& path) {
  if (path.empty() || path == kRecordsOff) {
    return absl::InvalidArgumentError(
        "records database: no path (recording is off)");
  }
  if (path != kRecordsInMemory) {
    std::error_code error;
    const std::filesystem::path parent =
        std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, error);
    if (error) {
      return absl::PermissionDeniedError(absl::StrCat(
          "records database ", path, ": cannot create ", parent.string(), ": ",
          error.message(),
          " (give --records, or $CAMPCOUNT_RECORDS, another file, or "
          "\"off\")"));
    }
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
      nullptr);
  std::unique_ptr<EstimateStore> store(new EstimateStore(db, path));
  if (rc != SQLITE_OK) return store->Error("cannot open");
  sqlite3_busy_timeout(db, kStartupBusyMs);
  sqlite3_extended_result_codes(db, 0);

  // Check the whole file before touching it: a damaged file is reported,
  // not written to (SQLite would otherwise fail later, mid-estimate).
  {
    Statement check(db, "PRAGMA quick_check");
    if (!check.ok()) return store->Error("cannot read");
    int step = sqlite3_step(check.get());
    if (step != SQLITE_ROW) return store->Error("integrity check failed");
    if (const std::string verdict = check.ColumnText(0); verdict != "ok") {
      return absl::DataLossError(absl::StrCat(
          "records database ", path, " is damaged (", verdict,
          "); it was left untouched: move it aside to start a new one"));
    }
  }
  {
    Statement app(db, "PRAGMA application_id");
    Statement tables(db,
                     "SELECT count(*) FROM sqlite_master WHERE "
                     "type = 'table' AND name <> 'estimate_records' AND "
                     "name NOT LIKE 'sqlite_%'");
    if (!app.ok() || !tables.ok() || sqlite3_step(app.get()) != SQLITE_ROW ||
        sqlite3_step(tables.get()) != SQLITE_ROW) {
      return store->Error("cannot read the schema");
    }
    const int id = sqlite3_column_int(app.get(), 0);
    if ((id != 0 && id != kApplicationId) ||
        (id == 0 && sqlite3_column_int(tables.get(), 0) > 0)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "records database ", path,
          " is an SQLite file of another application; refusing to write to "
          "it (give --records a new or campcount file)"));
    }
  }
  if (path != kRecordsInMemory) {
    // WAL: readers never block the writer, and a commit is one append.
    Statement wal(db, "PRAGMA journal_mode = WAL");
    if (!wal.ok() || sqlite3_step(wal.get()) != SQLITE_ROW) {
      return store->Error("cannot switch to WAL mode");
    }
  }
  // NORMAL in WAL mode: a committed record survives the process being
  // killed at any point (the log is in the OS before COMMIT returns); only a
  // power cut can lose the last commits, never leave a half record. FULL
  // (an fsync per commit) cost ~14 ms per estimate here, over the 5 ms
  // budget (tests/bench/records_benchmark.cc). Checkpoints run in the
  // background (StartCheckpointer).
  if (absl::Status s = store->Exec(
          "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0",
          "cannot set synchronous mode");
      !s.ok()) {
    return s;
  }
  // A write transaction proves nobody else holds the file locked.
  if (absl::Status s =
          store->Exec("BEGIN IMMEDIATE", "cannot lock for writing");
      !s.ok()) {
    return s;
  }
  int file_version = 0;
  {
    Statement version(db, "PRAGMA user_version");
    if (!version.ok() || sqlite3_step(version.get()) != SQLITE_ROW) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return store->Error("cannot read the schema version");
    }
    file_version = sqlite3_column_int(version.get(), 0);
  }
  if (file_version > kSchemaVersion) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return absl::FailedPreconditionError(absl::StrCat(
        "records database ", path, " was written by a newer campcount (schema ",
        file_version, "; this one knows up to ", kSchemaVersion,
        "); it was left untouched: use that campcount or another --records "
        "file"));
  }
  if (file_version == 1) {
    if (absl::Status s = store->Exec(
            "ALTER TABLE estimate_records ADD COLUMN detections BLOB",
            "cannot upgrade the schema from version 1");
        !s.ok()) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
  }
  const std::string setup =
      absl::StrCat(kSchema, "PRAGMA application_id = ", kApplicationId,
                   "; PRAGMA user_version = ", kSchemaVersion, ";");
  if (absl::Status s = store->Exec(setup.c_str(), "cannot create the schema");
      !s.ok()) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  }
  if (absl::Status s = store->Exec("COMMIT", "cannot commit the schema");
      !s.ok()) {
    return s;
  }
  sqlite3_busy_timeout(db, kBusyMs);
  if (path != kRecordsInMemory) {
    if (absl::Status s = store->StartCheckpointer(); !s.ok()) return s;
  }
  return store;
}

absl::Status EstimateStore::StartCheckpointer() {
  if (sqlite3_open_v2(path_.c_str(), &checkpoint_db_, SQLITE_OPEN_READWRITE,
                      nullptr) != SQLITE_OK) {
    return absl::InternalError(absl::StrCat(
        "records database ", path_, ": cannot open a checkpoint connection: ",
        sqlite3_errmsg(checkpoint_db_)));
  }
  sqlite3_busy_timeout(checkpoint_db_, 100);
  checkpointer_ = std::thread([this] { Checkpoints(); });
  return absl::OkStatus();
}

void EstimateStore::Checkpoints() {
  std::unique_lock<std::mutex> lock(checkpoint_mutex_);
  while (!stopping_) {
    stop_checkpoints_.wait_for(lock, std::chrono::seconds(2));
    // PASSIVE: copies what it can without waiting for readers or writers.
    sqlite3_wal_checkpoint_v2(checkpoint_db_, nullptr,
                              SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
}

EstimateStore::~EstimateStore() {
  if (checkpointer_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(checkpoint_mutex_);
      stopping_ = true;
    }
    stop_checkpoints_.notify_all();
    checkpointer_.join();
  }
  sqlite3_close_v2(checkpoint_db_);
  sqlite3_close_v2(db_);  // the last connection checkpoints the log
}

absl::StatusOr<std::string> EstimateStore::Begin(
    const campcount::v1::EstimateRecord& record) {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement insert(db_,
                   "INSERT INTO estimate_records (state, started_at, camp_id, "
                   "image_uri, for_date, record) VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return Error("cannot prepare the insert");
  const std::string blob = record.SerializeAsString();
  insert.Text(1, StateName(campcount::v1::RECORD_STATE_INCOMPLETE));
  insert.Text(2, record.started_at());
  insert.Text(3, record.camp_id());
  insert.Text(4, record.image_uri());
  insert.Text(5, record.for_date());
  insert.Blob(6, blob);
  if (sqlite3_step(insert.get()) != SQLITE_DONE) {
    return Error("cannot insert a record");
  }
  return absl::StrCat(sqlite3_last_insert_rowid(db_));
}

absl::Status EstimateStore::Complete(
    campcount::v1::EstimateRecord record,
    const campcount::v1::DetectionColumns& detections) {
  record.set_state(campcount::v1::RECORD_STATE_COMPLETE);
  // Detections travel in their own column, never inside the record.
  record.clear_detections();
  const std::string blob = record.SerializeAsString();
  const std::string detections_blob = detections.SerializeAsString();
  std::lock_guard<std::mutex> lock(mutex_);
  // One statement in its own transaction: the row becomes 'complete' and
  // gets its whole record at once, or not at all.
  Statement update(db_,
                   "UPDATE estimate_records SET state = ?, completed_at = ?, "
                   "for_date = ?, population = ?, record = ?, detections = ? "
                   "WHERE id = ?");
  if (!update.ok()) return Error("cannot prepare the update");
  update.Text(1, StateName(record.state()));
  update.Text(2, record.completed_at());
  update.Text(3, record.for_date());
  if (record.estimates_size() > 0) {
    sqlite3_bind_double(update.get(), 4, record.estimates(0).population());
  } else {
    sqlite3_bind_null(update.get(), 4);
  }
  update.Blob(5, blob);
  update.Blob(6, detections_blob);
  update.Text(7, record.id());
  if (sqlite3_step(update.get()) != SQLITE_DONE) {
    return Error(absl::StrCat("cannot complete record ", record.id()));
  }
  if (sqlite3_changes(db_) != 1) {
    return absl::NotFoundError(
        absl::StrCat("records database ", path_, ": no record ", record.id()));
  }
  return absl::OkStatus();
}

absl::Status EstimateStore::Fail(const std::string& id,
                                 const absl::Status& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  absl::StatusOr<campcount::v1::EstimateRecord> record = ReadLocked(id, false);
  if (!record.ok()) return record.status();
  record->set_state(campcount::v1::RECORD_STATE_FAILED);
  record->set_error(absl::StrCat(absl::StatusCodeToString(error.code()), ": ",
                                 error.message()));
  Statement update(db_,
                   "UPDATE estimate_records SET state = ?, completed_at = ?, "
                   "record = ? WHERE id = ?");
  if (!update.ok()) return Error("cannot prepare the update");
  const std::string blob = record->SerializeAsString();
  update.Text(1, StateName(record->state()));
  update.Text(2, record->completed_at());
  update.Blob(3, blob);
  update.Text(4, id);
  if (sqlite3_step(update.get()) != SQLITE_DONE) {
    return Error(absl::StrCat("cannot mark record ", id, " failed"));
  }
  return absl::OkStatus();
}

absl::StatusOr<campcount::v1::EstimateRecord> EstimateStore::Get(
    const std::string& id) {
  if (id.empty() || !std::all_of(id.begin(), id.end(), absl::ascii_isdigit)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "GetEstimate: record id \"", id,
        "\" is not a record id (a decimal number, as `campcount history` "
        "lists them)"));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return ReadLocked(id, true);
}

absl::StatusOr<campcount::v1::EstimateRecord> EstimateStore::ReadLocked(
    const std::string& id, bool with_detections) {
  Statement select(db_, with_detections
                            ? "SELECT id, state, record, detections FROM "
                              "estimate_records WHERE id = ?"
                            : "SELECT id, state, record FROM estimate_records "
                              "WHERE id = ?");
  if (!select.ok()) return Error("cannot prepare the query");
  select.Text(1, id);
  const int step = sqlite3_step(select.get());
  if (step == SQLITE_DONE) {
    return absl::NotFoundError(
        absl::StrCat("no estimate record \"", id, "\" in ", path_));
  }
  if (step != SQLITE_ROW) return Error(absl::StrCat("cannot read record ", id));
  campcount::v1::EstimateRecord record;
  if (!record.ParseFromString(select.ColumnBlob(2))) {
    return absl::DataLossError(absl::StrCat(
        "records database ", path_, ": record ", id, " cannot be parsed"));
  }
  // Records of schema version 1 carry their detections inside `record`;
  // later ones in the `detections` column.
  if (with_detections && sqlite3_column_type(select.get(), 3) != SQLITE_NULL) {
    campcount::v1::DetectionColumns columns;
    if (!columns.ParseFromString(select.ColumnBlob(3)) ||
        !ExpandDetections(columns, record.scene().geotransform(),
                          record.mutable_detections())) {
      return absl::DataLossError(absl::StrCat("records database ", path_,
                                              ": the detections of record ", id,
                                              " cannot be read"));
    }
  }
  // The row's columns are the truth about the state: a record is complete
  // only once the transaction that said so committed.
  record.set_id(select.ColumnText(0));
  record.set_state(StateFromName(select.ColumnText(1)));
  if (!with_detections) record.clear_detections();
  return record;
}

absl::StatusOr<campcount::v1::ListEstimatesResponse> EstimateStore::List(
    const campcount::v1::ListEstimatesRequest& request) {
  for (const std::string* date : {&request.from_date(), &request.to_date()}) {
    if (!date->empty() && !IsDate(*date)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ListEstimates: dates must be YYYY-MM-DD, got \"", *date, "\""));
    }
  }
  if (request.limit() < 0) {
    return absl::InvalidArgumentError("ListEstimates: limit must be >= 0");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  Statement select(
      db_,
      "SELECT id, state, record FROM estimate_records "
      "WHERE (?1 = '' OR camp_id = ?1) AND (?2 = '' OR for_date >= ?2) "
      "AND (?3 = '' OR for_date <= ?3) ORDER BY id DESC LIMIT ?4");
  if (!select.ok()) return Error("cannot prepare the query");
  select.Text(1, request.camp_id());
  select.Text(2, request.from_date());
  select.Text(3, request.to_date());
  sqlite3_bind_int(select.get(), 4,
                   request.limit() == 0 ? 100 : request.limit());
  campcount::v1::ListEstimatesResponse response;
  int step;
  while ((step = sqlite3_step(select.get())) == SQLITE_ROW) {
    campcount::v1::EstimateRecord* record = response.add_records();
    if (!record->ParseFromString(select.ColumnBlob(2))) {
      return absl::DataLossError(absl::StrCat("records database ", path_,
                                              ": record ", select.ColumnText(0),
                                              " cannot be parsed"));
    }
    record->set_id(select.ColumnText(0));
    record->set_state(StateFromName(select.ColumnText(1)));
    record->clear_detections();
    record->clear_request();
  }
  if (step != SQLITE_DONE) return Error("cannot list records");
  return response;
}

}  // namespace campcount::records
