#!/usr/bin/env bash
# Creates (once) and upgrades the Temporal server's two databases in PostgreSQL: persistence and
# visibility, with the schemas embedded in temporal-sql-tool at the server's version. Safe to run
# again: an existing database is kept and only newer schema versions are applied. Run by
# `npm run cluster` and by docker-compose's temporal-schema job.
#   TEMPORAL_SQL_TOOL (default temporal-sql-tool), TEMPORAL_DB_HOST, TEMPORAL_DB_PORT,
#   TEMPORAL_DB_USER, TEMPORAL_DB_PASSWORD, TEMPORAL_DB_NAME, TEMPORAL_VISIBILITY_DB_NAME
set -euo pipefail

tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
export SQL_PLUGIN=postgres12
export SQL_HOST="${TEMPORAL_DB_HOST:-127.0.0.1}"
export SQL_PORT="${TEMPORAL_DB_PORT:-5432}"
export SQL_USER="${TEMPORAL_DB_USER:-postgres}"
export SQL_PASSWORD="${TEMPORAL_DB_PASSWORD:-}"

prepare() {
  local database="$1" schema="$2"
  # CREATE DATABASE fails when the database exists; the steps after it fail on any other cause.
  "$tool" --db "$database" create-database >/dev/null 2>&1 || true
  "$tool" --db "$database" setup-schema -v 0.0
  "$tool" --db "$database" update-schema --schema-name "$schema"
  echo "{\"msg\":\"temporal schema ready\",\"database\":\"$database\",\"schema\":\"$schema\"}"
}

prepare "${TEMPORAL_DB_NAME:-temporal}" postgresql/v12/temporal
prepare "${TEMPORAL_VISIBILITY_DB_NAME:-temporal_visibility}" postgresql/v12/visibility
