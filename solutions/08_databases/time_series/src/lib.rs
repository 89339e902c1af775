//! # A time series, bucketed and downsampled
//!
//! Metrics, sensor readings and prices arrive as `(timestamp, value)`
//! points, millions a day. A time-series database (Prometheus, InfluxDB,
//! TimescaleDB) keeps them sorted by time, answers range queries by binary
//! search, *downsamples* them for charts ("one point per minute: min, max,
//! average"), and throws old points away (*retention*). Build a [`Series`]
//! that does all four.
//!
//! ## Rules
//!
//! - Timestamps are whole seconds. Points may arrive out of order;
//!   [`Series::insert`] keeps them sorted by timestamp. A point with the
//!   timestamp of a stored one replaces it (last write wins, as in
//!   Prometheus and InfluxDB).
//! - [`Series::range`] returns the points with `from <= ts < to`, as a slice
//!   of the stored points (no copying).
//! - Buckets are aligned to multiples of their width ([`bucket_start`]), so
//!   a 60 s bucket always starts on a whole minute whatever the query asks.
//! - [`Series::downsample`] returns one [`Bucket`] for every bucket from
//!   `bucket_start(from, width)` up to `to` (exclusive), in order, *including
//!   empty ones* (`stats: None`): a chart must show a gap where no data
//!   came, not draw a line across it. Only points with `from <= ts < to`
//!   count. `to <= from` gives no buckets.
//! - [`Series::enforce_retention`] drops every point older than `keep`
//!   seconds before `now` (a point at exactly `now - keep` stays) and
//!   returns how many it dropped.
//! - A width of 0 is a programming error: you may panic.
//!
//! The tests in `tests/time_series.rs` are the specification.

/// One measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Seconds since the Unix epoch.
    pub ts: u64,
    pub value: f64,
}

/// What one bucket's points add up to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    pub count: usize,
    pub min: f64,
    pub max: f64,
    pub avg: f64,
}

/// One bucket of a downsampled range: where it starts, and its statistics,
/// or `None` when no point fell in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub start: u64,
    pub stats: Option<Stats>,
}

/// The start of the bucket of width `width` that holds `ts`.
pub fn bucket_start(ts: u64, width: u64) -> u64 {
    ts - ts % width
}

/// Points sorted by timestamp, at most one per timestamp.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    points: Vec<Point>,
}

impl Series {
    pub fn new() -> Self {
        Self::default()
    }

    /// All stored points, oldest first. Already written for you.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// Stores a point at its place in time, replacing one with the same timestamp.
    pub fn insert(&mut self, point: Point) {
        match self.points.binary_search_by_key(&point.ts, |p| p.ts) {
            Ok(existing) => self.points[existing] = point,
            Err(at) => self.points.insert(at, point),
        }
    }

    /// The points with `from <= ts < to`.
    pub fn range(&self, from: u64, to: u64) -> &[Point] {
        let start = self.points.partition_point(|p| p.ts < from);
        let end = self.points.partition_point(|p| p.ts < to).max(start);
        &self.points[start..end]
    }

    /// One bucket per `width` seconds from `bucket_start(from, width)` to `to`.
    pub fn downsample(&self, from: u64, to: u64, width: u64) -> Vec<Bucket> {
        assert!(width > 0, "a bucket must be at least one second wide");
        let mut points = self.range(from, to).iter().peekable();
        let mut buckets = Vec::new();
        let mut start = bucket_start(from, width);
        while start < to {
            let end = start + width;
            let mut stats: Option<Stats> = None;
            let mut sum = 0.0;
            while let Some(point) = points.next_if(|p| p.ts < end) {
                sum += point.value;
                let s = stats.get_or_insert(Stats {
                    count: 0,
                    min: point.value,
                    max: point.value,
                    avg: 0.0,
                });
                s.count += 1;
                s.min = s.min.min(point.value);
                s.max = s.max.max(point.value);
            }
            if let Some(s) = &mut stats {
                s.avg = sum / s.count as f64;
            }
            buckets.push(Bucket { start, stats });
            start = end;
        }
        buckets
    }

    /// Drops the points older than `now - keep`; returns how many were dropped.
    pub fn enforce_retention(&mut self, now: u64, keep: u64) -> usize {
        let oldest_kept = now.saturating_sub(keep);
        let expired = self.points.partition_point(|p| p.ts < oldest_kept);
        self.points.drain(..expired);
        expired
    }
}
