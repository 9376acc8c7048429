#include "store/schema.h"

#include "store/internal.h"

#include <string>

namespace rs::store {
namespace {

// v1: never edit once released; cases in the field and tests/fixtures/store/v1.rscase were
// created from exactly this text. Changes go into a new migration.
const char* const kSchemaV1 = R"SQL(
CREATE TABLE case_details (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  case_number TEXT NOT NULL,
  title TEXT NOT NULL,
  examiner TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created_utc TEXT NOT NULL
) STRICT;

CREATE TABLE stored_files (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  extension TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  stored_utc TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  file_sha256_json TEXT NOT NULL,
  config_json TEXT NOT NULL,
  registered_utc TEXT NOT NULL
) STRICT;

CREATE TABLE reference_images (
  id INTEGER PRIMARY KEY,
  set_name TEXT NOT NULL,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  caption TEXT NOT NULL DEFAULT '',
  licence TEXT NOT NULL DEFAULT '',
  dedup_count INTEGER NOT NULL DEFAULT 1,
  descriptor BLOB,
  thumbnail_sha256 TEXT,
  imported_utc TEXT NOT NULL,
  UNIQUE (set_name, sha256)
) STRICT;

CREATE TABLE prompts (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL DEFAULT '',
  added_utc TEXT NOT NULL
) STRICT;

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL REFERENCES models(id),
  sampler TEXT NOT NULL,
  steps INTEGER NOT NULL,
  guidance REAL NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  negative_prompt TEXT NOT NULL DEFAULT '',
  seeds_json TEXT NOT NULL,
  device TEXT NOT NULL,
  dtype TEXT NOT NULL,
  software_version TEXT NOT NULL,
  started_utc TEXT NOT NULL,
  finished_utc TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'cancelled')),
  warnings_json TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE generations (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  prompt_id INTEGER NOT NULL REFERENCES prompts(id),
  seed INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  image_sha256 TEXT NOT NULL,
  memorization_score REAL,
  UNIQUE (run_id, prompt_id, seed)
) STRICT;
CREATE INDEX generations_by_prompt ON generations(prompt_id);

CREATE TABLE candidates (
  id INTEGER PRIMARY KEY,
  generation_id INTEGER NOT NULL REFERENCES generations(id),
  reference_image_id INTEGER REFERENCES reference_images(id),
  other_generation_id INTEGER REFERENCES generations(id),
  metric TEXT NOT NULL,
  distances_json TEXT NOT NULL,
  thresholds_json TEXT NOT NULL,
  clique_id INTEGER,
  score REAL NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected', 'unsure')),
  CHECK ((reference_image_id IS NULL) <> (other_generation_id IS NULL))
) STRICT;
CREATE INDEX candidates_by_generation ON candidates(generation_id);
CREATE INDEX candidates_by_status ON candidates(status);

CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  decision TEXT NOT NULL CHECK (decision IN ('pending', 'confirmed', 'rejected', 'unsure')),
  reviewer TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  time_utc TEXT NOT NULL
) STRICT;
CREATE INDEX reviews_by_candidate ON reviews(candidate_id);

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE candidate_tags (
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  tag_id INTEGER NOT NULL REFERENCES tags(id),
  author TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  tagged_utc TEXT NOT NULL,
  PRIMARY KEY (candidate_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX candidate_tags_by_tag ON candidate_tags(tag_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time_utc TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  details_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be deleted'); END;
)SQL";

// v2: the review queue reads candidates of one status ordered by score, optionally for one
// prompt or metric. prompt_id is copied from the generation so one index serves each filter
// without a join; the v1 index on status alone would need a sort of every pending row.
const char* const kMigrationV2 = R"SQL(
ALTER TABLE candidates ADD COLUMN prompt_id INTEGER REFERENCES prompts(id);
UPDATE candidates SET prompt_id = (SELECT g.prompt_id FROM generations g WHERE g.id = candidates.generation_id);
DROP INDEX candidates_by_status;
CREATE INDEX candidates_queue ON candidates(status, score);
CREATE INDEX candidates_queue_by_prompt ON candidates(status, prompt_id, score);
CREATE INDEX candidates_queue_by_metric ON candidates(status, metric, score);
)SQL";

// v3: the queue index walks one status in (score, id) order, the page order, so neither OFFSET
// nor a keyset cursor needs a sort, and it also covers metric and reference_image_id, so those
// filters (a few values each) are checked inside the index without reading rows. A prompt
// holds a small share of the candidates, so it keeps its own index. Each index costs insert
// speed, hence the metric index of v2 is dropped.
const char* const kMigrationV3 = R"SQL(
DROP INDEX candidates_queue;
DROP INDEX candidates_queue_by_metric;
CREATE INDEX candidates_queue ON candidates(status, score, id, metric, reference_image_id);
)SQL";

// v4: the "partial copy" decision ('partial'). SQLite cannot alter a CHECK constraint, so
// candidates and reviews are rebuilt (SQLite's "12-step" procedure: new table, copy, drop,
// rename, recreate indexes) with foreign keys off around the transaction, see migrateSchema.
// Column order stays as v3 left it (candidates.prompt_id last, where v2 appended it).
const char* const kMigrationV4 = R"SQL(
CREATE TABLE candidates_v4 (
  id INTEGER PRIMARY KEY,
  generation_id INTEGER NOT NULL REFERENCES generations(id),
  reference_image_id INTEGER REFERENCES reference_images(id),
  other_generation_id INTEGER REFERENCES generations(id),
  metric TEXT NOT NULL,
  distances_json TEXT NOT NULL,
  thresholds_json TEXT NOT NULL,
  clique_id INTEGER,
  score REAL NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected', 'unsure', 'partial')),
  prompt_id INTEGER REFERENCES prompts(id),
  CHECK ((reference_image_id IS NULL) <> (other_generation_id IS NULL))
) STRICT;
INSERT INTO candidates_v4 (id, generation_id, reference_image_id, other_generation_id, metric, distances_json,
                           thresholds_json, clique_id, score, status, prompt_id)
  SELECT id, generation_id, reference_image_id, other_generation_id, metric, distances_json,
         thresholds_json, clique_id, score, status, prompt_id FROM candidates;
DROP TABLE candidates;
ALTER TABLE candidates_v4 RENAME TO candidates;
CREATE INDEX candidates_by_generation ON candidates(generation_id);
CREATE INDEX candidates_queue_by_prompt ON candidates(status, prompt_id, score);
CREATE INDEX candidates_queue ON candidates(status, score, id, metric, reference_image_id);

CREATE TABLE reviews_v4 (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  decision TEXT NOT NULL CHECK (decision IN ('pending', 'confirmed', 'rejected', 'unsure', 'partial')),
  reviewer TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  time_utc TEXT NOT NULL
) STRICT;
INSERT INTO reviews_v4 (id, candidate_id, decision, reviewer, note, time_utc)
  SELECT id, candidate_id, decision, reviewer, note, time_utc FROM reviews;
DROP TABLE reviews;
ALTER TABLE reviews_v4 RENAME TO reviews;
CREATE INDEX reviews_by_candidate ON reviews(candidate_id);
)SQL";

// v5: where a detected partial copy sits in each image of the pair (JSON, see
// store/match_regions.h); NULL for candidates without one, including every older row.
const char* const kMigrationV5 = R"SQL(
ALTER TABLE candidates ADD COLUMN match_regions_json TEXT;
)SQL";

// v6: the status CHECK as a chain of equalities. SQLite evaluates `status IN (5 values)` by
// building a temporary b-tree of the list once per statement execution, i.e. for every row a
// batch inserts (and every review that updates a status): 40 % of the instructions of a
// candidate insert. The OR chain accepts exactly the same values and compares in place.
// Rebuilt like v4 (columns, ids and indexes kept; foreign keys off around the transaction).
const char* const kMigrationV6 = R"SQL(
CREATE TABLE candidates_v6 (
  id INTEGER PRIMARY KEY,
  generation_id INTEGER NOT NULL REFERENCES generations(id),
  reference_image_id INTEGER REFERENCES reference_images(id),
  other_generation_id INTEGER REFERENCES generations(id),
  metric TEXT NOT NULL,
  distances_json TEXT NOT NULL,
  thresholds_json TEXT NOT NULL,
  clique_id INTEGER,
  score REAL NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status = 'pending' OR status = 'confirmed' OR status = 'rejected' OR status = 'unsure' OR status = 'partial'),
  prompt_id INTEGER REFERENCES prompts(id),
  match_regions_json TEXT,
  CHECK ((reference_image_id IS NULL) <> (other_generation_id IS NULL))
) STRICT;
INSERT INTO candidates_v6 (id, generation_id, reference_image_id, other_generation_id, metric, distances_json,
                           thresholds_json, clique_id, score, status, prompt_id, match_regions_json)
  SELECT id, generation_id, reference_image_id, other_generation_id, metric, distances_json,
         thresholds_json, clique_id, score, status, prompt_id, match_regions_json FROM candidates;
DROP TABLE candidates;
ALTER TABLE candidates_v6 RENAME TO candidates;
CREATE INDEX candidates_by_generation ON candidates(generation_id);
CREATE INDEX candidates_queue_by_prompt ON candidates(status, prompt_id, score);
CREATE INDEX candidates_queue ON candidates(status, score, id, metric, reference_image_id);
)SQL";

// v7: the whole sampling configuration of a run as JSON (runs.sampling_json: every parameter that
// changes the images, including those without a column of their own, e.g. the DDIM eta; '' for
// older runs, whose columns hold all they used), and each prompt's pairwise tiled l2 distances as
// the scan computed them (prompt_distances: the results grid's histogram reads them instead of
// decoding the images again). The primary key (prompt, run) is also the look-up by prompt.
const char* const kMigrationV7 = R"SQL(
ALTER TABLE runs ADD COLUMN sampling_json TEXT NOT NULL DEFAULT '';
CREATE TABLE prompt_distances (
  prompt_id INTEGER NOT NULL REFERENCES prompts(id),
  run_id INTEGER NOT NULL REFERENCES runs(id),
  metric TEXT NOT NULL,
  generation_ids_json TEXT NOT NULL,
  distances BLOB NOT NULL,
  PRIMARY KEY (prompt_id, run_id)
) STRICT;
)SQL";

struct Migration {
    int toVersion;
    const char* name;
    const char* sql;
    bool rebuildsTables = false;  // needs foreign keys off (they cannot be switched inside a transaction)
};

const Migration kMigrations[] = {
    {1, "initial schema", kSchemaV1},
    {2, "review queue indexes and candidates.prompt_id", kMigrationV2},
    {3, "covering review queue index", kMigrationV3},
    {4, "partial copy review decision", kMigrationV4, true},
    {5, "partial copy match regions", kMigrationV5},
    {6, "candidate status check without a temporary b-tree per row", kMigrationV6, true},
    {7, "run sampling parameters and stored prompt distances", kMigrationV7},
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion, "one migration per schema version");

}  // namespace

int readSchemaVersion(Connection& db) {
    auto st = db.prepare("PRAGMA user_version");
    return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

std::int32_t readApplicationId(Connection& db) {
    auto st = db.prepare("PRAGMA application_id");
    return st.step() ? static_cast<std::int32_t>(st.int64(0)) : 0;
}

namespace {

// Switches foreign key enforcement off for a table rebuild and back on afterwards, also when
// the migration throws (the connection stays usable with the case's normal settings).
class ForeignKeysOff {
public:
    explicit ForeignKeysOff(Connection& db, bool active) : m_db(db), m_active(active) {
        if (m_active) m_db.exec("PRAGMA foreign_keys = OFF");
    }
    ~ForeignKeysOff() {
        if (m_active) m_db.exec("PRAGMA foreign_keys = ON");
    }
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;

private:
    Connection& m_db;
    bool m_active;
};

// With enforcement off a rebuild could leave dangling references unnoticed; refuse to commit then.
void checkForeignKeys(Connection& db, const Migration& m) {
    auto st = db.prepare("PRAGMA foreign_key_check");
    if (st.step())
        throw StoreError(std::string("migration to schema v") + std::to_string(m.toVersion) + " (" + m.name +
                         ") would leave table " + st.text(0) + " row " + std::to_string(st.int64(1)) +
                         " referring to a missing " + st.text(2) + " row; the case was left unchanged");
}

}  // namespace

void migrateSchema(Connection& db, int from, int to, bool audit) {
    for (const Migration& m : kMigrations) {
        if (m.toVersion <= from || m.toVersion > to) continue;
        ForeignKeysOff fkOff(db, m.rebuildsTables);
        Transaction tx(db);
        db.exec(m.sql);
        if (m.rebuildsTables) checkForeignKeys(db, m);
        if (m.toVersion == 1) db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        db.exec("PRAGMA user_version = " + std::to_string(m.toVersion));
        if (audit)
            detail::appendAuditRow(db, "schema.migrated",
                                   {{"from", m.toVersion - 1}, {"to", m.toVersion}, {"migration", m.name}});
        tx.commit();
    }
}

}  // namespace rs::store
