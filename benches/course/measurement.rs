//! One figure of the report: what the runner took, what it was compared with in the same
//! run, how the two relate, and the budget the figure is held to.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::stats::{Summary, summarize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Ms,
    S,
    Percent,
    Mb,
}

impl Unit {
    /// A measured value, rounded to what its spread makes meaningful.
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Ms => format!("{value:.0} ms"),
            Unit::S if value.abs() < 10.0 => format!("{value:.2} s"),
            Unit::S => format!("{value:.1} s"),
            Unit::Percent => format!("{value:.2} %"),
            Unit::Mb => format!("{value:.1} MB"),
        }
    }

    /// A limit of the budget, as written there: `180 s`, `1 %`.
    pub fn limit(self, value: f64) -> String {
        let symbol = match self {
            Unit::Ms => "ms",
            Unit::S => "s",
            Unit::Percent => "%",
            Unit::Mb => "MB",
        };
        format!("{value} {symbol}")
    }
}

/// The samples of one command, in the measurement's unit.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// What was run, e.g. `cargo test -p request_line`.
    pub label: String,
    #[serde(flatten)]
    pub summary: Summary,
    pub samples: Vec<f64>,
}

impl Series {
    pub fn new(label: impl Into<String>, samples: Vec<f64>) -> Self {
        Self {
            label: label.into(),
            summary: summarize(&samples),
            samples,
        }
    }
}

/// How the runner's median stands against the comparison's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Runner minus comparison, in the measurement's unit.
    Added,
    /// Runner divided by comparison.
    Ratio,
    /// Comparison divided by runner: how many times faster the runner is.
    Faster,
}

/// The limit of the performance budget a measurement is held to.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "kind", content = "limit", rename_all = "snake_case")]
pub enum Budget {
    /// The runner adds at most this much to the comparison.
    AddedAtMost(f64),
    /// The runner takes at most this many times the comparison.
    RatioAtMost(f64),
    /// The runner is at least this many times faster than the comparison.
    FasterAtLeast(f64),
    /// The runner's median is at most this.
    AtMost(f64),
    /// The runner's median is below this.
    Below(f64),
}

impl Budget {
    pub fn text(self, unit: Unit) -> String {
        match self {
            Budget::AddedAtMost(limit) => format!("≤ +{}", unit.limit(limit)),
            Budget::RatioAtMost(limit) => format!("≤ {limit}×"),
            Budget::FasterAtLeast(limit) => format!("≥ {limit}× faster"),
            Budget::AtMost(limit) => format!("≤ {}", unit.limit(limit)),
            Budget::Below(limit) => format!("< {}", unit.limit(limit)),
        }
    }

    fn holds(self, runner: f64, relation: Option<f64>) -> Option<bool> {
        Some(match self {
            Budget::AddedAtMost(limit) | Budget::RatioAtMost(limit) => relation? <= limit,
            Budget::FasterAtLeast(limit) => relation? >= limit,
            Budget::AtMost(limit) => runner <= limit,
            Budget::Below(limit) => runner < limit,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    /// A stable name for scripts, e.g. `verify_vs_floor`.
    pub id: &'static str,
    pub title: String,
    pub unit: Unit,
    pub runner: Series,
    pub comparison: Option<Series>,
    pub relation: Option<Relation>,
    /// The relation worked out on the two medians.
    pub relation_value: Option<f64>,
    pub budget: Option<Budget>,
    pub budget_text: Option<String>,
    pub within_budget: Option<bool>,
    /// What was measured and on which state of the course, in a sentence.
    pub note: String,
    /// Figures behind the medians that do not fit the table (per-copy times, peak memory).
    pub details: Map<String, Value>,
}

impl Measurement {
    pub fn new(id: &'static str, title: impl Into<String>, unit: Unit, runner: Series) -> Self {
        Self {
            id,
            title: title.into(),
            unit,
            runner,
            comparison: None,
            relation: None,
            relation_value: None,
            budget: None,
            budget_text: None,
            within_budget: None,
            note: String::new(),
            details: Map::new(),
        }
    }

    pub fn compared_with(mut self, comparison: Series, relation: Relation) -> Self {
        let (runner, other) = (self.runner.summary.median, comparison.summary.median);
        self.relation_value = Some(match relation {
            Relation::Added => runner - other,
            Relation::Ratio => runner / other,
            Relation::Faster => other / runner,
        });
        self.relation = Some(relation);
        self.comparison = Some(comparison);
        self.judge()
    }

    pub fn budget(mut self, budget: Budget) -> Self {
        self.budget = Some(budget);
        self.budget_text = Some(budget.text(self.unit));
        self.judge()
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    pub fn detail(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_string(), value.into());
        self
    }

    /// The relation as the table shows it: `+12 ms`, `1.08×`, `4.2× faster`.
    pub fn relation_text(&self) -> Option<String> {
        let value = self.relation_value?;
        Some(match self.relation? {
            Relation::Added => {
                let sign = if value < 0.0 { "" } else { "+" };
                format!("{sign}{}", self.unit.format(value))
            }
            Relation::Ratio => format!("{value:.2}×"),
            Relation::Faster => format!("{value:.1}× faster"),
        })
    }

    /// How many samples each median stands on: `10`, or `1 / 10` when the comparison has
    /// another number.
    pub fn runs_text(&self) -> String {
        match &self.comparison {
            Some(comparison) if comparison.samples.len() != self.runner.samples.len() => format!(
                "{} / {}",
                self.runner.samples.len(),
                comparison.samples.len()
            ),
            _ => self.runner.samples.len().to_string(),
        }
    }

    fn judge(mut self) -> Self {
        self.within_budget = self
            .budget
            .and_then(|b| b.holds(self.runner.summary.median, self.relation_value));
        self
    }
}
