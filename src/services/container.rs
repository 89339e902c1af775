//! The third source: a container, when a Docker engine answers. Built only with the
//! `containers` feature: testcontainers and its Docker client are heavy to compile.

use crate::course::Service;

use super::Server;

#[cfg(not(feature = "containers"))]
pub fn start(_service: Service) -> Result<Server, String> {
    Err(
        "this backlings was built without containers: install it with `--features containers` \
         to let it start one in Docker"
            .to_string(),
    )
}

#[cfg(feature = "containers")]
pub fn start(service: Service) -> Result<Server, String> {
    use std::time::Instant;

    use testcontainers::runners::SyncRunner;

    use super::instance::{Instance, Running};

    engine::ping()?;
    let started = Instant::now();
    let failed = |e: testcontainers::TestcontainersError| {
        format!("the {} container did not start: {e}", service.name())
    };
    let (running, url, image): (Box<dyn Send>, String, &str) = match service {
        Service::Postgres => {
            let container = testcontainers_modules::postgres::Postgres::default()
                .start()
                .map_err(failed)?;
            let host = container.get_host().map_err(failed)?;
            let port = container.get_host_port_ipv4(5432).map_err(failed)?;
            let url = format!("postgres://postgres:postgres@{host}:{port}/postgres");
            (Box::new(container), url, "postgres")
        }
        Service::Redis => {
            let container = testcontainers_modules::redis::Redis::default()
                .start()
                .map_err(failed)?;
            let host = container.get_host().map_err(failed)?;
            let port = container.get_host_port_ipv4(6379).map_err(failed)?;
            (
                Box::new(container),
                format!("redis://{host}:{port}"),
                "redis",
            )
        }
    };
    Ok(Server {
        origin: format!("a Docker container of the `{image}` image"),
        url,
        started_in: Some(started.elapsed()),
        _instance: Some(Instance::register(Running::Container(running))),
    })
}

#[cfg(feature = "containers")]
pub mod engine {
    use std::time::Duration;

    const PING_WITHIN: Duration = Duration::from_secs(3);

    /// Where the Docker client looks for the engine.
    pub fn address() -> String {
        std::env::var("DOCKER_HOST").unwrap_or_else(|_| "unix:///var/run/docker.sock".into())
    }

    /// Asks the Docker engine whether it answers, before anything else is tried with it.
    pub fn ping() -> Result<(), String> {
        ping_at(&address())
    }

    pub fn ping_at(address: &str) -> Result<(), String> {
        let no_engine = |error: String| {
            format!(
                "no Docker engine answers at {address} ({error}): start Docker, or set \
                 DOCKER_HOST to where it listens"
            )
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| no_engine(e.to_string()))?;
        runtime.block_on(async {
            let docker = connect(address).map_err(|e| no_engine(e.to_string()))?;
            match tokio::time::timeout(PING_WITHIN, docker.ping()).await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => Err(no_engine(e.to_string())),
                Err(_) => Err(no_engine(format!(
                    "no answer within {} s",
                    PING_WITHIN.as_secs()
                ))),
            }
        })
    }

    fn connect(address: &str) -> Result<bollard::Docker, bollard::errors::Error> {
        let timeout = PING_WITHIN.as_secs();
        match address.strip_prefix("unix://") {
            Some(path) => {
                bollard::Docker::connect_with_unix(path, timeout, bollard::API_DEFAULT_VERSION)
            }
            None => {
                bollard::Docker::connect_with_http(address, timeout, bollard::API_DEFAULT_VERSION)
            }
        }
    }
}

#[cfg(all(test, feature = "containers"))]
mod tests {
    use super::*;

    #[test]
    fn without_an_engine_the_sentence_says_where_it_looked_and_what_to_do() {
        let why = engine::ping_at("unix:///nonexistent/docker.sock").unwrap_err();
        assert!(
            why.starts_with("no Docker engine answers at unix:///nonexistent/docker.sock ("),
            "{why}"
        );
        assert!(
            why.ends_with("start Docker, or set DOCKER_HOST to where it listens"),
            "{why}"
        );
    }

    /// Runs for real where a Docker engine answers; says so and stops where none does.
    #[test]
    fn a_real_container_is_started_answers_and_is_removed() {
        if let Err(why) = engine::ping() {
            eprintln!("skipped: {why}");
            return;
        }
        for service in Service::ALL {
            let server = start(service).unwrap_or_else(|e| panic!("{e}"));
            let answered = match service {
                Service::Postgres => super::super::postgres::check(&server.url),
                Service::Redis => super::super::redis::check(&server.url),
            };
            assert_eq!(answered, Ok(()), "{} at {}", service.name(), server.url);
            let url = server.url.clone();
            drop(server);
            let after = match service {
                Service::Postgres => super::super::postgres::check(&url),
                Service::Redis => super::super::redis::check(&url),
            };
            assert!(
                after.is_err(),
                "{} still answers at {url} after it was dropped",
                service.name()
            );
        }
    }
}

#[cfg(all(test, not(feature = "containers")))]
mod tests {
    use super::*;

    #[test]
    fn without_the_feature_the_sentence_says_how_to_get_it() {
        let why = start(Service::Redis).err().unwrap();
        assert!(why.contains("`--features containers`"), "{why}");
    }
}
