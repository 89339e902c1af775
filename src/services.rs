//! Servers some exercises need (PostgreSQL, Redis), found through the environment.

use std::collections::HashMap;

use crate::course::Service;

/// For each service, the environment its exercises get, or why it is not available.
pub fn from_environment() -> HashMap<Service, Result<Vec<(String, String)>, String>> {
    Service::ALL
        .into_iter()
        .map(|service| (service, provide(service, |name| std::env::var(name).ok())))
        .collect()
}

fn provide(
    service: Service,
    var: impl Fn(&str) -> Option<String>,
) -> Result<Vec<(String, String)>, String> {
    let (variables, exported, example) = match service {
        Service::Postgres => (
            ["BACKLINGS_POSTGRES_URL", "DATABASE_URL"],
            "DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/postgres",
        ),
        Service::Redis => (
            ["BACKLINGS_REDIS_URL", "REDIS_URL"],
            "REDIS_URL",
            "redis://127.0.0.1:6379",
        ),
    };
    variables
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .map(|url| vec![(exported.to_string(), url)])
        .ok_or_else(|| {
            format!(
                "needs {}: set {} (or {}) to a server's URL, for example {example}",
                service.name(),
                variables[0],
                variables[1]
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_the_backlings_variable() {
        let env = |name: &str| match name {
            "BACKLINGS_REDIS_URL" => Some("redis://a".to_string()),
            "REDIS_URL" => Some("redis://b".to_string()),
            _ => None,
        };
        assert_eq!(
            provide(Service::Redis, env),
            Ok(vec![("REDIS_URL".into(), "redis://a".into())])
        );
    }

    #[test]
    fn says_how_to_provide_a_missing_service() {
        let reason = provide(Service::Postgres, |_| None).unwrap_err();
        assert!(
            reason.starts_with("needs postgres: set BACKLINGS_POSTGRES_URL (or DATABASE_URL)"),
            "{reason}"
        );
    }
}
