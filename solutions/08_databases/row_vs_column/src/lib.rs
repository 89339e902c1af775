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
        let mut columns = Self::default();
        for trip in rows {
            let code = match columns
                .city_names
                .iter()
                .position(|name| *name == trip.city)
            {
                Some(code) => code,
                None => {
                    columns.city_names.push(trip.city.clone());
                    columns.city_names.len() - 1
                }
            };
            columns.ids.push(trip.id);
            columns.city_codes.push(code as u32);
            columns.distance_km.push(trip.distance_km);
            columns.fare_cents.push(trip.fare_cents);
            columns.passengers.push(trip.passengers);
        }
        columns
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
        Some(Trip {
            id: *self.ids.get(i)?,
            city: self.city_names[self.city_codes[i] as usize].clone(),
            distance_km: self.distance_km[i],
            fare_cents: self.fare_cents[i],
            passengers: self.passengers[i],
        })
    }
}

/// `SELECT SUM(fare_cents) FROM trips`, row layout.
pub fn total_fare_rows(rows: &[Trip]) -> u64 {
    rows.iter().map(|trip| trip.fare_cents).sum()
}

/// `SELECT SUM(fare_cents) FROM trips`, column layout.
pub fn total_fare_columns(columns: &TripColumns) -> u64 {
    columns.fare_cents.iter().sum()
}

/// `SELECT AVG(distance_km) FROM trips WHERE passengers >= $1`, row layout.
pub fn avg_distance_rows(rows: &[Trip], min_passengers: u8) -> Option<f64> {
    let (sum, count) = rows
        .iter()
        .filter(|trip| trip.passengers >= min_passengers)
        .fold((0.0, 0usize), |(sum, count), trip| {
            (sum + trip.distance_km, count + 1)
        });
    (count > 0).then(|| sum / count as f64)
}

/// `SELECT AVG(distance_km) FROM trips WHERE passengers >= $1`, column layout.
pub fn avg_distance_columns(columns: &TripColumns, min_passengers: u8) -> Option<f64> {
    let (sum, count) = columns
        .passengers
        .iter()
        .zip(&columns.distance_km)
        .filter(|&(&passengers, _)| passengers >= min_passengers)
        .fold((0.0, 0usize), |(sum, count), (_, distance)| {
            (sum + distance, count + 1)
        });
    (count > 0).then(|| sum / count as f64)
}

/// `SELECT city, SUM(fare_cents) FROM trips GROUP BY city`, row layout.
pub fn fare_by_city_rows(rows: &[Trip]) -> BTreeMap<String, u64> {
    let mut totals = BTreeMap::new();
    for trip in rows {
        *totals.entry(trip.city.clone()).or_default() += trip.fare_cents;
    }
    totals
}

/// `SELECT city, SUM(fare_cents) FROM trips GROUP BY city`, column layout:
/// group by the small codes, and look the names up once per city.
pub fn fare_by_city_columns(columns: &TripColumns) -> BTreeMap<String, u64> {
    let mut totals = vec![0u64; columns.city_names.len()];
    for (&code, &fare) in columns.city_codes.iter().zip(&columns.fare_cents) {
        totals[code as usize] += fare;
    }
    columns.city_names.iter().cloned().zip(totals).collect()
}
