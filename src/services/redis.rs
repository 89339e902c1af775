//! What the runner itself asks of a Redis server: does it answer, and removing a run's keys.

use std::time::Duration;

use redis::Commands;

const TIMEOUT: Duration = Duration::from_secs(5);
/// Keys of runs that ended without cleaning up (a killed runner) are deleted after this.
const STALE_AFTER_SECS: u64 = 3600;
pub const KEY_PREFIX: &str = "backlings:run:";

fn connect(url: &str) -> Result<redis::Connection, String> {
    let client = redis::Client::open(url).map_err(|e| e.to_string())?;
    let connection = client
        .get_connection_with_timeout(TIMEOUT)
        .map_err(|e| e.to_string())?;
    connection
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    Ok(connection)
}

/// Connects and sends `PING`.
pub fn check(url: &str) -> Result<(), String> {
    let mut connection = connect(url)?;
    redis::cmd("PING")
        .query::<String>(&mut connection)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Deletes every key that starts with `prefix`. Best effort.
pub fn delete_prefix(url: &str, prefix: &str) {
    let Ok(mut connection) = connect(url) else {
        return;
    };
    delete_matching(&mut connection, &format!("{prefix}*"), |_| true);
}

/// Deletes the keys of runs that started more than an hour ago. Best effort.
pub fn delete_stale_keys(url: &str, now: u64) {
    let Ok(mut connection) = connect(url) else {
        return;
    };
    delete_matching(&mut connection, &format!("{KEY_PREFIX}*"), |key| {
        super::lease::started_secs(key, KEY_PREFIX, '_')
            .is_some_and(|secs| secs + STALE_AFTER_SECS < now)
    });
}

fn delete_matching(connection: &mut redis::Connection, pattern: &str, keep: impl Fn(&str) -> bool) {
    let keys: Vec<String> = match connection.scan_match::<_, String>(pattern) {
        Ok(keys) => keys
            .filter_map(Result::ok)
            .filter(|key| keep(key))
            .collect(),
        Err(_) => return,
    };
    for chunk in keys.chunks(500) {
        let _: redis::RedisResult<()> = connection.del(chunk);
    }
}
