//! What the runner itself asks of a PostgreSQL server: does it answer, and a database of
//! its own for each exercise run.

use std::str::FromStr;
use std::time::Duration;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Databases of runs that ended without cleaning up (a killed runner) are dropped after this.
const STALE_AFTER_SECS: u64 = 3600;
pub const DATABASE_PREFIX: &str = "backlings_run_";

fn connect(url: &str) -> Result<postgres::Client, String> {
    let mut config = postgres::Config::from_str(url).map_err(|e| e.to_string())?;
    config.connect_timeout(CONNECT_TIMEOUT);
    config.connect(postgres::NoTls).map_err(|e| error_text(&e))
}

/// The error with its cause: the driver's own words are often just "error connecting".
fn error_text(error: &postgres::Error) -> String {
    match std::error::Error::source(error) {
        Some(cause) if !error.to_string().contains(&cause.to_string()) => {
            format!("{error}: {cause}")
        }
        _ => error.to_string(),
    }
}

/// Connects and runs `SELECT 1`.
pub fn check(url: &str) -> Result<(), String> {
    let mut client = connect(url)?;
    client
        .simple_query("SELECT 1")
        .map(drop)
        .map_err(|e| error_text(&e))
}

/// Creates the database `name` and returns `url` pointing at it.
pub fn create_database(url: &str, name: &str) -> Result<String, String> {
    let mut client = connect(url)?;
    client
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .map_err(|e| format!("could not create the database {name}: {}", error_text(&e)))?;
    with_database(url, name)
}

/// Drops the database `name`, closing what is still connected to it. Best effort.
pub fn drop_database(url: &str, name: &str) {
    let Ok(mut client) = connect(url) else { return };
    // `WITH (FORCE)` needs PostgreSQL 13; without it, a connection that has not yet gone
    // away makes the drop fail, so try again briefly.
    if client
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .is_ok()
    {
        return;
    }
    for _ in 0..20 {
        if client
            .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\""))
            .is_ok()
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Drops the databases of runs that started more than an hour ago. Best effort: another
/// runner may be dropping the same ones.
pub fn drop_stale_databases(url: &str, now: u64) {
    let Ok(mut client) = connect(url) else { return };
    let Ok(rows) = client.query(
        "SELECT datname::text FROM pg_database WHERE datname LIKE 'backlings\\_run\\_%'",
        &[],
    ) else {
        return;
    };
    let stale: Vec<String> = rows
        .iter()
        .map(|row| row.get::<_, String>(0))
        .filter(|name| {
            super::lease::started_secs(name, DATABASE_PREFIX, '_')
                .is_some_and(|secs| secs + STALE_AFTER_SECS < now)
        })
        .collect();
    drop(client);
    for name in stale {
        drop_database(url, &name);
    }
}

/// `url` with its database replaced by `name`.
pub fn with_database(url: &str, name: &str) -> Result<String, String> {
    let mut parsed =
        url::Url::parse(url).map_err(|e| format!("{} is not a URL: {e}", super::redacted(url)))?;
    parsed.set_path(&format!("/{name}"));
    Ok(parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_of_a_url_is_replaced_and_the_rest_kept() {
        assert_eq!(
            with_database("postgres://u:p@h:5433/postgres?sslmode=disable", "run_1").unwrap(),
            "postgres://u:p@h:5433/run_1?sslmode=disable"
        );
        assert_eq!(
            with_database("postgresql://h", "run_2").unwrap(),
            "postgresql://h/run_2"
        );
    }
}
