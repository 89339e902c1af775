//! Servers some exercises need (PostgreSQL, Redis).
//!
//! Each service is provided once per session, from the first source that works: a URL in
//! the environment, a throwaway server started from binaries on the machine, or a container
//! (with the `containers` feature). Every exercise run then takes a [`Lease`]: a database or
//! a key prefix of its own, handed to its tests through the environment and cleaned up
//! when the run is over.

mod container;
mod environment;
mod instance;
mod lease;
mod local;
mod postgres;
mod redis;

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::course::{Service, SqlEngine};

pub use instance::stop_all;
pub use lease::Lease;

/// The variables through which services reach an exercise's tests. A test process gets
/// only what its lease sets, never the runner's own values.
pub const VARIABLES: [&str; 5] = [
    "BACKLINGS_POSTGRES_URL",
    "DATABASE_URL",
    "BACKLINGS_REDIS_URL",
    "REDIS_URL",
    "BACKLINGS_REDIS_PREFIX",
];

/// Where a service can come from, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Environment,
    Local,
    Container,
}

impl Source {
    pub const ORDER: [Source; 3] = [Source::Environment, Source::Local, Source::Container];

    pub fn name(self) -> &'static str {
        match self {
            Source::Environment => "environment",
            Source::Local => "local server",
            Source::Container => "container",
        }
    }

    /// Its name in `BACKLINGS_SERVICE_SOURCES`.
    pub fn key(self) -> &'static str {
        match self {
            Source::Environment => "environment",
            Source::Local => "local",
            Source::Container => "container",
        }
    }
}

/// Limits the sources tried, e.g. `environment` to never start a server.
pub const SOURCES_VARIABLE: &str = "BACKLINGS_SERVICE_SOURCES";

/// A server that answers, and what keeps it running (nothing, for a server the learner runs).
pub struct Server {
    pub url: String,
    /// Where it comes from, for people: `DATABASE_URL`, a binary and its port, an image.
    pub origin: String,
    pub started_in: Option<Duration>,
    _instance: Option<instance::Instance>,
}

/// What one source said when asked for a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub source: Source,
    /// What it provides, or why it was passed over.
    pub result: Result<String, String>,
}

/// How a service was provided: each source tried, in order, and the server of the first
/// that worked.
pub struct Provision {
    pub service: Service,
    pub attempts: Vec<Attempt>,
    pub server: Option<Server>,
}

impl Provision {
    /// One sentence for an exercise that cannot run: how to provide the service.
    pub fn unavailable(&self) -> String {
        let (variable, example) = environment::example(self.service);
        format!(
            "needs {}, and none could be provided: set {variable} to a server's URL (e.g. \
             {example}) or install {}; `backlings services` shows what was tried",
            self.service.name(),
            local::what_to_install(self.service),
        )
    }
}

/// Reads one environment variable.
type Environment = dyn Fn(&str) -> Option<String> + Send + Sync;

/// The services of one session: each started at most once, when first needed.
pub struct Services {
    env: Box<Environment>,
    provisions: [OnceLock<Provision>; 2],
    leases: lease::Counter,
}

impl Services {
    /// Services found through this process's environment, then on the machine.
    pub fn from_environment() -> Self {
        Self::with_env(|name| std::env::var(name).ok())
    }

    pub fn with_env(env: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            env: Box::new(env),
            provisions: [OnceLock::new(), OnceLock::new()],
            leases: lease::Counter::new(),
        }
    }

    /// Where SQL runs when the command does not say: on PostgreSQL when the environment
    /// names one, on SQLite otherwise.
    pub fn default_sql_engine(&self) -> SqlEngine {
        if environment::postgres_url(&*self.env).is_some() {
            SqlEngine::Postgres
        } else {
            SqlEngine::Sqlite
        }
    }

    /// The service, provided on first use from the first source that works.
    pub fn provision(&self, service: Service) -> &Provision {
        self.provisions[service as usize].get_or_init(|| {
            let mut attempts = Vec::new();
            for source in Source::ORDER {
                if let Err(why) = self.allowed(source) {
                    attempts.push(Attempt {
                        source,
                        result: Err(why),
                    });
                    continue;
                }
                let server = match source {
                    Source::Environment => environment::server(service, &*self.env),
                    Source::Local => local::start(service),
                    Source::Container => container::start(service),
                };
                match server {
                    Ok(server) => {
                        attempts.push(Attempt {
                            source,
                            result: Ok(server.origin.clone()),
                        });
                        return Provision {
                            service,
                            attempts,
                            server: Some(server),
                        };
                    }
                    Err(why) => attempts.push(Attempt {
                        source,
                        result: Err(why),
                    }),
                }
            }
            Provision {
                service,
                attempts,
                server: None,
            }
        })
    }

    /// Whether `BACKLINGS_SERVICE_SOURCES` (a comma-separated list of `environment`,
    /// `local`, `container`; all when unset) lets this source be tried.
    fn allowed(&self, source: Source) -> Result<(), String> {
        let Some(list) = (self.env)(SOURCES_VARIABLE).filter(|l| !l.trim().is_empty()) else {
            return Ok(());
        };
        let names: Vec<&str> = list.split(',').map(str::trim).collect();
        if let Some(unknown) = names
            .iter()
            .find(|name| !Source::ORDER.iter().any(|s| s.key() == **name))
        {
            return Err(format!(
                "{SOURCES_VARIABLE} names `{unknown}`, which is not a source: list some of \
                 environment, local, container"
            ));
        }
        if names.contains(&source.key()) {
            Ok(())
        } else {
            Err(format!("{SOURCES_VARIABLE}={list} leaves it out"))
        }
    }

    /// A database or key prefix of its own for each of `services`, for one run of one
    /// exercise; or why one of them cannot be provided.
    pub fn lease(&self, services: &[Service]) -> Result<Lease, String> {
        let mut lease = Lease::default();
        for &service in services {
            let provision = self.provision(service);
            let Some(server) = &provision.server else {
                return Err(provision.unavailable());
            };
            self.leases.add(&mut lease, service, &server.url)?;
        }
        Ok(lease)
    }
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

/// `url` with any password replaced by `***`, for messages.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// The last lines of a log, for a server that would not start.
fn log_tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redacted("postgres://app:secret@db.example:5432/shop"),
            "postgres://app:***@db.example:5432/shop"
        );
        assert_eq!(redacted("redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
    }

    #[test]
    fn a_log_tail_keeps_the_last_lines_that_say_something() {
        assert_eq!(log_tail("a\nb\n\nc\nd\n\n", 2), "c\nd");
        assert_eq!(log_tail("only\n", 5), "only");
    }

    #[test]
    fn the_sources_tried_can_be_limited() {
        let only_env = Services::with_env(|name| {
            (name == SOURCES_VARIABLE).then(|| "environment".to_string())
        });
        assert_eq!(only_env.allowed(Source::Environment), Ok(()));
        assert_eq!(
            only_env.allowed(Source::Local),
            Err("BACKLINGS_SERVICE_SOURCES=environment leaves it out".to_string())
        );
        let provision = only_env.provision(Service::Redis);
        assert!(provision.server.is_none());
        assert_eq!(provision.attempts.len(), 3);
        let typo = Services::with_env(|name| {
            (name == SOURCES_VARIABLE).then(|| "environment,locale".to_string())
        });
        let why = typo.allowed(Source::Environment).unwrap_err();
        assert!(
            why.contains("names `locale`, which is not a source"),
            "{why}"
        );
    }

    #[test]
    fn the_default_engine_follows_the_environment() {
        let on_postgres = Services::with_env(|name| {
            (name == "DATABASE_URL").then(|| "postgres://localhost/x".to_string())
        });
        assert_eq!(on_postgres.default_sql_engine(), SqlEngine::Postgres);
        let on_sqlite = Services::with_env(|name| {
            (name == "DATABASE_URL").then(|| "sqlite://x.db".to_string())
        });
        assert_eq!(on_sqlite.default_sql_engine(), SqlEngine::Sqlite);
    }
}
