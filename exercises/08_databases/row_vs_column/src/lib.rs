//! # Rows and columns
//!
//! A transactional database (PostgreSQL, MySQL, SQLite) stores a table row
//! by row: all fields of a trip sit together, which is what you want to
//! read or update one trip. An analytical database (ClickHouse, DuckDB,
//! BigQuery, Parquet files) stores it column by column: all fares together,
//! all distances together.
//!
//! Why? `SELECT SUM(fare_cents) FROM trips` needs one field of every row.
//! In row layout ([`Trip`] in a `Vec`) the scan drags whole rows of about
//! 56 bytes through the CPU caches to use 8 of them; in column layout
//! ([`TripColumns`]) it reads one dense `Vec<u64>`, every byte useful, in
//! a loop the compiler can vectorise. Columns of one type also compress
//! well: [`TripColumns`] stores each city name once (*dictionary
//! encoding*) and a small code per row.
//!
//! Write the conversion, and the same three queries on both layouts. The
//! tests check that both layouts give the same answers; they do not time
//! anything (timing tests are flaky), but try a benchmark yourself.
//!
//! ## Rules
//!
//! - [`TripColumns::from_rows`] keeps the row order in every column. City
//!   names go into `city_names` in order of first appearance, and
//!   `city_codes[i]` is the index of row `i`'s city in `city_names`.
//! - [`TripColumns::row`] puts row `i` back together (`None` past the end).
//! - The average distance is over the trips with at least `min_passengers`
//!   passengers, `None` when there are none. Sum the distances in row order
//!   on both layouts, so both give the very same `f64`.
//! - The `_columns` queries only touch the columns they need.
//!
//! The tests in `tests/row_vs_column.rs` are the specification.

use std::collections::BTreeMap;

/// One taxi trip: a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Trip {
    pub id: u64,
    pub city: String,
    pub distance_km: f64,
    pub fare_cents: u64,
    pub passengers: u8,
}

/// The same table, one `Vec` per column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TripColumns {
    pub ids: Vec<u64>,
    /// Each distinct city once, in order of first appearance.
    pub city_names: Vec<String>,
    /// Per row, the index of its city in `city_names`.
    pub city_codes: Vec<u32>,
    pub distance_km: Vec<f64>,
    pub fare_cents: Vec<u64>,
    pub passengers: Vec<u8>,
}

impl TripColumns {
    /// Splits the rows into columns, dictionary-encoding the city.
    pub fn from_rows(rows: &[Trip]) -> Self {
        let _ = rows;
        todo!("split the rows into columns")
    }

    /// The number of rows. Already written for you.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no rows. Already written for you.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Row `i`, put back together.
    pub fn row(&self, i: usize) -> Option<Trip> {
        todo!("put row {i} back together")
    }
}

/// `SELECT SUM(fare_cents) FROM trips`, row layout.
pub fn total_fare_rows(rows: &[Trip]) -> u64 {
    let _ = rows;
    todo!("sum the fares, row by row")
}

/// `SELECT SUM(fare_cents) FROM trips`, column layout.
pub fn total_fare_columns(columns: &TripColumns) -> u64 {
    let _ = columns;
    todo!("sum the fare column")
}

/// `SELECT AVG(distance_km) FROM trips WHERE passengers >= $1`, row layout.
pub fn avg_distance_rows(rows: &[Trip], min_passengers: u8) -> Option<f64> {
    let _ = rows;
    todo!("average distance of the trips with at least {min_passengers} passengers")
}

/// `SELECT AVG(distance_km) FROM trips WHERE passengers >= $1`, column layout.
pub fn avg_distance_columns(columns: &TripColumns, min_passengers: u8) -> Option<f64> {
    let _ = columns;
    todo!("average distance of the trips with at least {min_passengers} passengers")
}

/// `SELECT city, SUM(fare_cents) FROM trips GROUP BY city`, row layout.
pub fn fare_by_city_rows(rows: &[Trip]) -> BTreeMap<String, u64> {
    let _ = rows;
    todo!("total fare per city, row by row")
}

/// `SELECT city, SUM(fare_cents) FROM trips GROUP BY city`, column layout:
/// group by the small codes, and look the names up once per city.
pub fn fare_by_city_columns(columns: &TripColumns) -> BTreeMap<String, u64> {
    let _ = columns;
    todo!("total fare per city code, then the names")
}
