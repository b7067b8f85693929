//! The schema's history, in one place.
//!
//! Each migration is a SQL file under `migrations/`, embedded at build time. Its version is
//! its position in [`MIGRATIONS`] plus one; the database records the version it is at in
//! `PRAGMA user_version` (0 for a new file). Opening applies the pending migrations in one
//! transaction, so a failure leaves the file at its old version.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// The migrations in order; never edit a released one, append a new one instead.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_grouping.sql"),
    include_str!("../migrations/0003_feeds.sql"),
];

/// The schema version this build writes and reads.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// The version recorded in the database (0 for a file no migration has touched).
pub fn schema_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Bring the database up to [`LATEST`]; refuse a database written by a newer dossier.
pub fn migrate(conn: &mut Connection, path: &str) -> Result<(), StoreError> {
    // An immediate transaction takes the write lock before reading the version, so two
    // processes opening the same new file cannot both apply migration 1.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = schema_version(&tx)?;
    if found > LATEST {
        return Err(StoreError::NewerSchema {
            path: path.to_string(),
            found,
            supported: LATEST,
        });
    }
    for (done, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", done as u32 + 1)?;
    }
    tx.commit()?;
    Ok(())
}
