//! `gatehouse backup FILE` and `gatehouse restore FILE`: a consistent copy of a live database
//! and bringing one back. SQLite is copied by `VACUUM INTO` (a snapshot of one transaction,
//! taken while the portal keeps writing); PostgreSQL by `pg_dump`/`pg_restore`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use gatehouse_core::store::Store;

use crate::config::ConnectionUrl;

/// The file a `sqlite://` URL names.
fn sqlite_file(url: &ConnectionUrl) -> Option<PathBuf> {
    let rest = url.expose().strip_prefix("sqlite://")?;
    let path = rest.split('?').next().unwrap_or(rest);
    Some(PathBuf::from(path))
}

/// Writes a consistent copy of the database to `file` (which must not exist yet).
pub async fn backup(store: &Store, url: &ConnectionUrl, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} exists already: choose a new file name", file.display());
    }
    if url.is_sqlite() {
        let target = file
            .to_str()
            .context("the backup file's name must be valid UTF-8")?;
        store
            .vacuum_into(target)
            .await
            .context("copying the SQLite database")?;
    } else {
        let status = Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--file"])
            .arg(file)
            .arg(url.expose())
            .status()
            .context("running pg_dump (install PostgreSQL's client tools)")?;
        if !status.success() {
            bail!("pg_dump failed ({status})");
        }
    }
    Ok(())
}

/// Replaces the database with the copy in `file`. Stop every Gatehouse instance first.
pub async fn restore(url: &ConnectionUrl, file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!("{} is not a file", file.display());
    }
    match sqlite_file(url) {
        Some(database) => {
            check_sqlite_backup(file).await?;
            // Copied beside the database, then renamed over it: a crash leaves one or the
            // other, never half of each.
            let staged = database.with_extension("restoring");
            std::fs::copy(file, &staged)
                .with_context(|| format!("copying {} beside the database", file.display()))?;
            std::fs::File::open(&staged)?.sync_all()?;
            for stale in ["-wal", "-shm"] {
                let mut name = database.clone().into_os_string();
                name.push(stale);
                let _ = std::fs::remove_file(PathBuf::from(name));
            }
            std::fs::rename(&staged, &database).context("putting the copy in place")?;
        }
        None => {
            let status = Command::new("pg_restore")
                .args([
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--dbname",
                ])
                .arg(url.expose())
                .arg(file)
                .status()
                .context("running pg_restore (install PostgreSQL's client tools)")?;
            if !status.success() {
                bail!("pg_restore failed ({status})");
            }
        }
    }
    Ok(())
}

/// A backup is a Gatehouse database: SQLite can open it and it holds the schema's history.
async fn check_sqlite_backup(file: &Path) -> anyhow::Result<()> {
    let url = format!("sqlite://{}", file.display());
    let store = Store::connect(&url, crate::platform::NativePlatform::shared(1))
        .await
        .with_context(|| format!("{} is not a SQLite database", file.display()))?;
    let migrations = store
        .row_count("_sqlx_migrations", None)
        .await
        .with_context(|| format!("{} is not a Gatehouse database", file.display()))?;
    if migrations == 0 {
        bail!("{} is not a Gatehouse database", file.display());
    }
    Ok(())
}
