//! `services`: where each server the course needs comes from, and why.

use std::process::ExitCode;

use anyhow::Result;
use console::style;

use super::{Exit, Session};
use crate::course::{self, Course, Service, SqlEngine};
use crate::services::{Provision, Source};

/// Provides every service as a session would, prints what each source said, then stops
/// what it started.
pub fn services(session: &Session) -> Result<ExitCode> {
    // Outside a course folder the sources are still worth showing.
    let course = course::load_from_current_dir().ok();
    let mut all_provided = true;
    for service in Service::ALL {
        let provision = session.services.provision(service);
        all_provided &= provision.server.is_some();
        print!("{}", describe(provision, course.as_ref()));
    }
    println!("{}", engine_line(session.sql_engine));
    Ok(if all_provided {
        Exit::AllPassed
    } else {
        Exit::SomeFailed
    }
    .into())
}

fn describe(provision: &Provision, course: Option<&Course>) -> String {
    let service = provision.service;
    let mut text = match &provision.server {
        Some(server) => {
            let source = provision
                .attempts
                .last()
                .map_or("", |attempt| attempt.source.name());
            let took = server
                .started_in
                .map(|d| format!(", started in {}", crate::report::human::seconds(d)))
                .unwrap_or_default();
            format!(
                "{} {}: from the {source}: {}{took}\n",
                style("✓").green(),
                style(service.name()).bold(),
                server.origin
            )
        }
        None => format!(
            "{} {}: not available; the exercises that need it are skipped\n",
            style("✗").red(),
            style(service.name()).bold()
        ),
    };
    for (number, source) in Source::ORDER.into_iter().enumerate() {
        let said = match provision.attempts.iter().find(|a| a.source == source) {
            Some(attempt) => match &attempt.result {
                Ok(_) => "used".to_string(),
                Err(why) => format!("passed over: {}", why.replace('\n', "\n      ")),
            },
            None => "not needed".to_string(),
        };
        text.push_str(&format!("  {}. {}: {said}\n", number + 1, source.name()));
    }
    if let Some(course) = course {
        let needing: Vec<&str> = course
            .exercises
            .iter()
            .filter(|e| e.services.contains(&service))
            .map(|e| e.name.as_str())
            .collect();
        if !needing.is_empty() {
            text.push_str(&format!("  needed by: {}\n", needing.join(", ")));
        }
    }
    text.push('\n');
    text
}

fn engine_line(engine: SqlEngine) -> String {
    match engine {
        SqlEngine::Sqlite => {
            "The SQL exercises run on SQLite; `--engine postgres` runs them on PostgreSQL.".into()
        }
        SqlEngine::Postgres => {
            "The SQL exercises run on PostgreSQL; `--engine sqlite` runs them on SQLite.".into()
        }
    }
}
