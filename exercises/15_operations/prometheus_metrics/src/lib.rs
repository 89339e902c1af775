//! # Expose metrics to Prometheus
//!
//! Prometheus scrapes a plain-text page (usually `GET /metrics`) from every
//! service every few seconds and stores each line as a sample. The format is
//! small, strict and line-based; get one character wrong and the whole scrape
//! fails, so the dashboards go blank exactly when you need them.
//!
//! Write the renderer for two metric types, following the Prometheus text
//! exposition format, version 0.0.4:
//!
//! ```text
//! # HELP http_requests_total Requests answered, by method and status.
//! # TYPE http_requests_total counter
//! http_requests_total{method="GET",code="200"} 1027
//! http_requests_total{method="POST",code="500"} 3
//! # HELP request_seconds Time to answer a request.
//! # TYPE request_seconds histogram
//! request_seconds_bucket{le="0.1"} 2
//! request_seconds_bucket{le="0.5"} 5
//! request_seconds_bucket{le="+Inf"} 6
//! request_seconds_sum 3.25
//! request_seconds_count 6
//! ```
//!
//! ## Rules
//!
//! - Each metric starts with its `# HELP` line, then its `# TYPE` line. In
//!   the help text, escape `\` as `\\` and a line feed as `\n`.
//! - A sample line is the name, the labels in braces (left out entirely when
//!   there are none), one space, the value, and `\n`. Labels are
//!   `name="value"` separated by commas with no spaces, in the order given.
//!   In a label value, escape `\` as `\\`, `"` as `\"` and a line feed as `\n`.
//! - Values are written by [`format_value`]: Rust's shortest float form
//!   (`3`, `0.25`, `0.0000001`), and `+Inf`, `-Inf`, `NaN` for the special values.
//! - A counter renders one line per label set, in the order the label sets
//!   were first incremented.
//! - A histogram counts each observation in the first bucket whose upper
//!   bound `le` is `>=` the value. It renders the buckets *cumulatively*
//!   (each line counts all observations `<=` its bound), always ends with a
//!   `le="+Inf"` bucket equal to the total count, then `_sum` and `_count`.
//!
//! The tests in `tests/prometheus_metrics.rs` are the specification.

/// A counter: a value per label set that only goes up.
#[derive(Debug, Clone, PartialEq)]
pub struct Counter {
    pub name: String,
    pub help: String,
    /// Each label set with its value, in the order first incremented.
    pub series: Vec<(Vec<(String, String)>, f64)>,
}

impl Counter {
    pub fn new(name: &str, help: &str) -> Self {
        Self {
            name: name.to_owned(),
            help: help.to_owned(),
            series: Vec::new(),
        }
    }

    /// Adds `by` to the series with exactly these labels (same names, values
    /// and order), creating it at 0 first if it does not exist yet.
    pub fn inc_by(&mut self, labels: &[(&str, &str)], by: f64) {
        let _ = (labels, by);
        todo!("add to the series with these labels, or start a new one")
    }

    /// The counter in the text format: HELP, TYPE, one line per series.
    pub fn render(&self) -> String {
        todo!("render the counter {}", self.name)
    }
}

/// A histogram: observations counted into buckets by upper bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub name: String,
    pub help: String,
    /// The upper bounds of the buckets, strictly increasing, without +Inf.
    pub bounds: Vec<f64>,
    /// `counts[i]` is the number of observations that fell in bucket `i`
    /// alone (not cumulative). It has one more entry than `bounds`: the
    /// last one counts the observations above every bound.
    pub counts: Vec<u64>,
    /// The sum of all observed values.
    pub sum: f64,
}

impl Histogram {
    /// A histogram with the given upper bounds (strictly increasing).
    pub fn new(name: &str, help: &str, bounds: &[f64]) -> Self {
        Self {
            name: name.to_owned(),
            help: help.to_owned(),
            bounds: bounds.to_vec(),
            counts: vec![0; bounds.len() + 1],
            sum: 0.0,
        }
    }

    /// Counts `value` in its bucket and adds it to the sum.
    pub fn observe(&mut self, value: f64) {
        todo!("count {value} in its bucket")
    }

    /// The histogram in the text format: HELP, TYPE, the cumulative
    /// `_bucket` lines ending with `le="+Inf"`, then `_sum` and `_count`.
    pub fn render(&self) -> String {
        todo!("render the histogram {}", self.name)
    }
}

/// A sample value: `+Inf`, `-Inf`, `NaN`, or Rust's shortest `Display` form.
pub fn format_value(value: f64) -> String {
    todo!("format {value}")
}

/// Escapes a label value: `\` as `\\`, `"` as `\"`, a line feed as `\n`.
pub fn escape_label_value(value: &str) -> String {
    todo!("escape the label value {value:?}")
}

/// Escapes help text: `\` as `\\`, a line feed as `\n`.
pub fn escape_help(help: &str) -> String {
    todo!("escape the help text {help:?}")
}

/// One sample line, e.g. `name{a="1",b="2"} 3\n`, or `name 3\n` without labels.
pub fn sample(name: &str, labels: &[(&str, &str)], value: f64) -> String {
    let _ = (name, labels, value);
    todo!("write one sample line")
}

/// The `# HELP` and `# TYPE` lines of a metric. Already written for you.
pub fn header(name: &str, help: &str, kind: &str) -> String {
    format!(
        "# HELP {name} {}\n# TYPE {name} {kind}\n",
        escape_help(help)
    )
}
