//! Which reports a run writes, and where: `--format junit=reports/junit.xml --format json=-`.

use std::path::PathBuf;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Junit,
    Tap,
    Github,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    pub format: Format,
    pub destination: Destination,
}

impl FromStr for FormatSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, path) = match text.split_once('=') {
            Some((name, path)) => (name, Some(path)),
            None => (text, None),
        };
        let format = match name {
            "human" => Format::Human,
            "json" => Format::Json,
            "junit" => Format::Junit,
            "tap" => Format::Tap,
            "github" => Format::Github,
            other => {
                return Err(format!(
                    "`{other}` is not a report format; use human, json, junit, tap or github, \
                     optionally with `=PATH` (for example `junit=reports/junit.xml`)"
                ));
            }
        };
        let destination = match path {
            None | Some("-") => Destination::Stdout,
            Some("") => {
                return Err(format!(
                    "`{text}` names no file; write `{name}=PATH` or `{name}=-`"
                ));
            }
            Some(path) => Destination::File(PathBuf::from(path)),
        };
        Ok(Self {
            format,
            destination,
        })
    }
}

/// Several reports may share stdout only when they can be told apart: GitHub's workflow
/// commands are lines of their own, every other format needs stdout to itself.
pub fn check_stdout_shared_fairly(specs: &[FormatSpec]) -> Result<(), String> {
    let on_stdout: Vec<&FormatSpec> = specs
        .iter()
        .filter(|s| s.destination == Destination::Stdout && s.format != Format::Github)
        .collect();
    if on_stdout.len() > 1 {
        return Err(
            "only one of human, json, junit and tap can write to stdout; send the others to files, \
             for example `--format junit=report.xml`"
                .into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_format_with_and_without_a_destination() {
        assert_eq!(
            "junit=reports/junit.xml".parse::<FormatSpec>().unwrap(),
            FormatSpec {
                format: Format::Junit,
                destination: Destination::File("reports/junit.xml".into())
            }
        );
        assert_eq!(
            "json=-".parse::<FormatSpec>().unwrap().destination,
            Destination::Stdout
        );
        assert_eq!(
            "tap".parse::<FormatSpec>().unwrap().destination,
            Destination::Stdout
        );
        assert!(
            "xml"
                .parse::<FormatSpec>()
                .unwrap_err()
                .contains("not a report format")
        );
        assert!(
            "json="
                .parse::<FormatSpec>()
                .unwrap_err()
                .contains("names no file")
        );
    }

    #[test]
    fn two_formats_on_stdout_are_refused_but_github_may_join() {
        let specs = |list: &[&str]| -> Vec<FormatSpec> {
            list.iter().map(|s| s.parse().unwrap()).collect()
        };
        assert!(check_stdout_shared_fairly(&specs(&["human", "github"])).is_ok());
        assert!(check_stdout_shared_fairly(&specs(&["human", "json=-"])).is_err());
        assert!(check_stdout_shared_fairly(&specs(&["human", "json=r.json"])).is_ok());
    }
}
