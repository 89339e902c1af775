//! The first source: a server the learner names in the environment.

use super::{Server, redacted};
use crate::course::Service;

/// The variables naming each service, the course's own first.
fn variables(service: Service) -> [&'static str; 2] {
    match service {
        Service::Postgres => ["BACKLINGS_POSTGRES_URL", "DATABASE_URL"],
        Service::Redis => ["BACKLINGS_REDIS_URL", "REDIS_URL"],
    }
}

/// The variable to suggest, and an example of its value.
pub fn example(service: Service) -> (&'static str, &'static str) {
    match service {
        Service::Postgres => (
            "BACKLINGS_POSTGRES_URL",
            "postgres://postgres@127.0.0.1:5432/postgres",
        ),
        Service::Redis => ("BACKLINGS_REDIS_URL", "redis://127.0.0.1:6379"),
    }
}

fn schemes(service: Service) -> &'static [&'static str] {
    match service {
        Service::Postgres => &["postgres", "postgresql"],
        Service::Redis => &["redis", "rediss"],
    }
}

/// The first variable that holds a URL of the service's kind.
fn find(service: Service, env: &dyn Fn(&str) -> Option<String>) -> Option<(&'static str, String)> {
    variables(service).into_iter().find_map(|name| {
        env(name)
            .filter(|url| {
                schemes(service)
                    .iter()
                    .any(|s| url.starts_with(&format!("{s}://")))
            })
            .map(|url| (name, url))
    })
}

pub fn postgres_url(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    find(Service::Postgres, env).map(|(_, url)| url)
}

/// The server the environment names, once it has answered.
pub fn server(service: Service, env: &dyn Fn(&str) -> Option<String>) -> Result<Server, String> {
    let [first, second] = variables(service);
    let Some((name, url)) = find(service, env) else {
        let set: Vec<String> = [first, second]
            .into_iter()
            .filter_map(|name| {
                env(name)
                    .filter(|v| !v.is_empty())
                    .map(|_| format!("`{name}`"))
            })
            .collect();
        return Err(if set.is_empty() {
            format!("neither {first} nor {second} is set")
        } else {
            format!(
                "{} is set, but not to a {}:// URL",
                set.join(" and "),
                schemes(service)[0]
            )
        });
    };
    let answered = match service {
        Service::Postgres => super::postgres::check(&url),
        Service::Redis => super::redis::check(&url),
    };
    match answered {
        Ok(()) => Ok(Server {
            origin: format!("{name}={}", redacted(&url)),
            url,
            started_in: None,
            _instance: None,
        }),
        Err(error) => Err(format!(
            "{name} is {}, which does not answer: {error}",
            redacted(&url)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_course_variable_comes_first() {
        let env = env_of(&[
            ("BACKLINGS_REDIS_URL", "redis://a:1"),
            ("REDIS_URL", "redis://b:2"),
        ]);
        assert_eq!(
            find(Service::Redis, &env),
            Some(("BACKLINGS_REDIS_URL", "redis://a:1".to_string()))
        );
    }

    #[test]
    fn a_database_url_of_another_kind_is_not_postgres() {
        let env = env_of(&[("DATABASE_URL", "sqlite://shop.db")]);
        assert_eq!(postgres_url(&env), None);
        let why = server(Service::Postgres, &env).err().unwrap();
        assert_eq!(why, "`DATABASE_URL` is set, but not to a postgres:// URL");
    }

    #[test]
    fn nothing_set_says_which_variables_were_read() {
        let why = server(Service::Redis, &env_of(&[])).err().unwrap();
        assert_eq!(why, "neither BACKLINGS_REDIS_URL nor REDIS_URL is set");
    }

    #[test]
    fn a_url_that_does_not_answer_is_named_with_the_error() {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let env = env_of(&[("REDIS_URL", "redis://127.0.0.1:1")]);
        let why = server(Service::Redis, &env).err().unwrap();
        assert!(
            why.starts_with("REDIS_URL is redis://127.0.0.1:1, which does not answer: "),
            "{why}"
        );
        assert!(why.to_lowercase().contains("refused"), "{why}");
    }
}
