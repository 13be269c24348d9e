#!/usr/bin/env bash
# Fails when the drizzle schema (db/schema) and the committed migrations (db/migrations) disagree:
# `drizzle-kit generate` must find nothing to write. What it writes is printed, then removed again
# (on any exit), so the tree is left as it was, committed or not.
set -euo pipefail
cd "$(dirname "$0")/.."

migrations=db/migrations
backup=$(mktemp -d)
cp -a "$migrations/." "$backup/"

# Drop only the files generate added and put back only those it changed: others may be editing
# db/migrations in the same tree.
restore() {
  while IFS= read -r -d '' file; do
    rel=${file#"$migrations"/}
    if [[ ! -e "$backup/$rel" ]]; then
      rm -f "$file"
    elif ! cmp -s "$backup/$rel" "$file"; then
      cp -a "$backup/$rel" "$file"
    fi
  done < <(find "$migrations" -type f -print0)
  rm -rf "$backup"
}
trap restore EXIT

if ! output=$(npx drizzle-kit generate 2>&1); then
  echo "$output" >&2
  echo "db:check: drizzle-kit generate failed" >&2
  exit 1
fi

# diff exits 1 when the trees differ: that is the finding, not an error of this script.
changes=$(diff -rq "$backup" "$migrations" | sed "s|$backup|$migrations (committed)|" || true)
if [[ -z "$changes" ]]; then
  echo "db:check: schema and migrations agree"
  exit 0
fi
{
  echo "db:check: db/schema differs from the migrations in $migrations; drizzle-kit generate would write:"
  echo "$changes"
  for sql in "$migrations"/*.sql; do
    if ! cmp -s "$sql" "$backup/${sql#"$migrations"/}"; then
      echo "--- $sql"
      cat "$sql"
      echo
    fi
  done
  echo "Run \`npm run db:generate\`, review the new migration and commit it."
} >&2
exit 1
