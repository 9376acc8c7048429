#pragma once
// Schema of the case database and its ordered migrations. The version lives in
// PRAGMA user_version; PRAGMA application_id marks the file as a ReplicaScope case.
//
//   v1  initial schema (case details, stored files, models, reference images, prompts, runs,
//       generations, candidates, reviews, tags, append-only audit log with triggers)
//   v2  review queue: candidates.prompt_id (back-filled from generations) and indexes
//       (status, score), (status, prompt_id, score), (status, metric, score)
//   v3  queue index (status, score, id, metric, reference_image_id) replaces the v2
//       (status, score) and (status, metric, score) indexes
//   v4  review decision 'partial' (partial copy): candidates and reviews rebuilt with the wider
//       CHECK constraints, rows, ids and indexes kept
//   v5  candidates.match_regions_json: the partial-copy match box in each image (nullable)
//   v6  candidates rebuilt with the status CHECK as an OR chain (an IN list costs SQLite a
//       temporary b-tree per inserted row); rows, ids and indexes kept
//   v7  runs.sampling_json (every image-changing parameter of a run) and prompt_distances (each
//       prompt's pairwise tiled l2 distances as its scan computed them)
//
// A migration runs in one transaction with its user_version bump and an audit row, so a case
// is always at exactly one version. Cases from a newer ReplicaScope are refused (CaseFile::open).
#include "store/connection.h"

#include <cstdint>

namespace rs::store {

inline constexpr int kSchemaVersion = 7;
inline constexpr std::int32_t kApplicationId = 0x52534341;  // "RSCA"

// Throwing layer (see connection.h).
int readSchemaVersion(Connection& db);
std::int32_t readApplicationId(Connection& db);
// Brings a database from version `from` (0 = empty file) up to `to`, one migration per
// transaction. With audit=true each step appends a "schema.migrated" audit row.
void migrateSchema(Connection& db, int from, int to, bool audit);

}  // namespace rs::store
