//! A run's own share of the session's servers: a database or a key prefix, handed to its
//! tests through the environment and cleaned up when the run is over.

use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{postgres, redis, unix_seconds};
use crate::course::Service;

/// What a run's tests get, and what to clean up after them.
#[derive(Default)]
pub struct Lease {
    /// Variables for the test processes.
    pub env: Vec<(String, String)>,
    cleanups: Vec<Cleanup>,
}

enum Cleanup {
    DropDatabase { server_url: String, name: String },
    DeleteKeys { server_url: String, prefix: String },
}

impl Drop for Lease {
    fn drop(&mut self) {
        for cleanup in self.cleanups.drain(..) {
            match cleanup {
                Cleanup::DropDatabase { server_url, name } => {
                    postgres::drop_database(&server_url, &name)
                }
                Cleanup::DeleteKeys { server_url, prefix } => {
                    redis::delete_prefix(&server_url, &prefix)
                }
            }
        }
    }
}

/// Names each lease uniquely, across runners sharing a server too: the lease's start in
/// Unix seconds (so that others can tell a forgotten one), the process id, then a count.
pub struct Counter {
    next: AtomicU64,
    stale_cleanup: [Once; 2],
}

impl Counter {
    pub fn new() -> Self {
        Self {
            next: AtomicU64::new(0),
            stale_cleanup: [Once::new(), Once::new()],
        }
    }

    /// Adds `service`'s share to `lease`: on first use of a server in this session, what
    /// runs killed more than an hour ago left on it is removed first.
    pub fn add(&self, lease: &mut Lease, service: Service, server_url: &str) -> Result<(), String> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let id = format!("{}_{}_{n}", unix_seconds(), std::process::id());
        self.stale_cleanup[service as usize].call_once(|| match service {
            Service::Postgres => postgres::drop_stale_databases(server_url, unix_seconds()),
            Service::Redis => redis::delete_stale_keys(server_url, unix_seconds()),
        });
        match service {
            Service::Postgres => {
                let name = format!("{}{id}", postgres::DATABASE_PREFIX);
                let url = postgres::create_database(server_url, &name)?;
                lease.cleanups.push(Cleanup::DropDatabase {
                    server_url: server_url.to_string(),
                    name,
                });
                lease.env.push(("DATABASE_URL".into(), url));
            }
            Service::Redis => {
                let prefix = format!("{}{id}:", redis::KEY_PREFIX);
                lease.cleanups.push(Cleanup::DeleteKeys {
                    server_url: server_url.to_string(),
                    prefix: prefix.clone(),
                });
                lease.env.push(("REDIS_URL".into(), server_url.to_string()));
                lease.env.push(("BACKLINGS_REDIS_PREFIX".into(), prefix));
            }
        }
        Ok(())
    }
}

/// The Unix seconds a lease's name starts with after `prefix`, e.g. 1764000000 in
/// `backlings_run_1764000000_4242_7`.
pub fn started_secs(name: &str, prefix: &str, separator: char) -> Option<u64> {
    name.strip_prefix(prefix)?
        .split(separator)
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_of_a_lease_is_read_back_from_its_name() {
        assert_eq!(
            started_secs("backlings_run_1764000000_4242_7", "backlings_run_", '_'),
            Some(1_764_000_000)
        );
        assert_eq!(
            started_secs(
                "backlings:run:1764000000_4242_7:0:user",
                "backlings:run:",
                '_'
            ),
            Some(1_764_000_000)
        );
        assert_eq!(started_secs("backlings_run_x", "backlings_run_", '_'), None);
        assert_eq!(
            started_secs("other_1764000000", "backlings_run_", '_'),
            None
        );
    }
}
