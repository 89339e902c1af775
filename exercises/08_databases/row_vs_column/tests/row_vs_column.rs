use std::collections::BTreeMap;

use row_vs_column::{
    Trip, TripColumns, avg_distance_columns, avg_distance_rows, fare_by_city_columns,
    fare_by_city_rows, total_fare_columns, total_fare_rows,
};

fn trip(id: u64, city: &str, distance_km: f64, fare_cents: u64, passengers: u8) -> Trip {
    Trip {
        id,
        city: city.into(),
        distance_km,
        fare_cents,
        passengers,
    }
}

/// Four trips, small enough to check by hand.
fn four_trips() -> Vec<Trip> {
    vec![
        trip(101, "Lisbon", 3.5, 950, 1),
        trip(102, "Porto", 12.0, 2400, 3),
        trip(103, "Lisbon", 7.25, 1600, 2),
        trip(104, "Faro", 1.0, 500, 1),
    ]
}

/// 10 000 made-up trips from a fixed pseudo-random sequence.
fn many_trips() -> Vec<Trip> {
    let cities = ["Lisbon", "Porto", "Faro", "Braga", "Coimbra", "Evora"];
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    (0..10_000)
        .map(|id| {
            let city = cities[(next() % 6) as usize];
            let distance_km = (next() % 40_000) as f64 / 1000.0;
            trip(
                id,
                city,
                distance_km,
                300 + next() % 5_000,
                (1 + next() % 4) as u8,
            )
        })
        .collect()
}

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn from_rows_puts_each_field_in_its_column_in_row_order() {
    let columns = TripColumns::from_rows(&four_trips());
    check(
        "from_rows(four trips).ids",
        vec![101, 102, 103, 104],
        columns.ids.clone(),
    );
    check(
        "... .distance_km",
        vec![3.5, 12.0, 7.25, 1.0],
        columns.distance_km.clone(),
    );
    check(
        "... .fare_cents",
        vec![950, 2400, 1600, 500],
        columns.fare_cents.clone(),
    );
    check(
        "... .passengers",
        vec![1, 3, 2, 1],
        columns.passengers.clone(),
    );
    check("... .len()", 4, columns.len());
}

#[test]
fn from_rows_stores_each_city_name_once() {
    let columns = TripColumns::from_rows(&four_trips());
    check(
        "from_rows(Lisbon, Porto, Lisbon, Faro).city_names",
        vec!["Lisbon".to_string(), "Porto".into(), "Faro".into()],
        columns.city_names.clone(),
    );
    check(
        "... .city_codes",
        vec![0, 1, 0, 2],
        columns.city_codes.clone(),
    );
}

#[test]
fn row_puts_a_trip_back_together() {
    let trips = four_trips();
    let columns = TripColumns::from_rows(&trips);
    for (i, expected) in trips.iter().enumerate() {
        check(&format!("row({i})"), Some(expected.clone()), columns.row(i));
    }
    check("row(4) of four trips", None, columns.row(4));
}

#[test]
fn total_fare_is_the_same_on_both_layouts() {
    let trips = four_trips();
    check("total_fare_rows(four trips)", 5450, total_fare_rows(&trips));
    check(
        "total_fare_columns(four trips)",
        5450,
        total_fare_columns(&TripColumns::from_rows(&trips)),
    );
    let trips = many_trips();
    check(
        "total fare of 10 000 trips: columns (expected) vs rows (got)",
        total_fare_columns(&TripColumns::from_rows(&trips)),
        total_fare_rows(&trips),
    );
}

#[test]
fn average_distance_with_a_filter_is_the_same_on_both_layouts() {
    let trips = four_trips();
    let columns = TripColumns::from_rows(&trips);
    check(
        "avg_distance_rows(four trips, at least 1)",
        Some(5.9375),
        avg_distance_rows(&trips, 1),
    );
    check(
        "avg_distance_rows(four trips, at least 2)",
        Some(9.625),
        avg_distance_rows(&trips, 2),
    );
    check(
        "avg_distance_columns(four trips, at least 2)",
        Some(9.625),
        avg_distance_columns(&columns, 2),
    );
    let trips = many_trips();
    let columns = TripColumns::from_rows(&trips);
    for min in 1..=4 {
        check(
            &format!(
                "average distance of 10 000 trips with at least {min} passengers: rows (expected) vs columns (got)"
            ),
            avg_distance_rows(&trips, min),
            avg_distance_columns(&columns, min),
        );
    }
}

#[test]
fn average_distance_of_no_trips_is_none() {
    let trips = four_trips();
    check(
        "avg_distance_rows(four trips, at least 5)",
        None,
        avg_distance_rows(&trips, 5),
    );
    check(
        "avg_distance_columns(four trips, at least 5)",
        None,
        avg_distance_columns(&TripColumns::from_rows(&trips), 5),
    );
}

#[test]
fn fare_by_city_is_the_same_on_both_layouts() {
    let trips = four_trips();
    let expected: BTreeMap<String, u64> = [
        ("Faro".to_string(), 500),
        ("Lisbon".into(), 2550),
        ("Porto".into(), 2400),
    ]
    .into();
    check(
        "fare_by_city_rows(four trips)",
        expected.clone(),
        fare_by_city_rows(&trips),
    );
    check(
        "fare_by_city_columns(four trips)",
        expected,
        fare_by_city_columns(&TripColumns::from_rows(&trips)),
    );
    let trips = many_trips();
    check(
        "fare by city of 10 000 trips: rows (expected) vs columns (got)",
        fare_by_city_rows(&trips),
        fare_by_city_columns(&TripColumns::from_rows(&trips)),
    );
}

#[test]
fn an_empty_table_gives_empty_answers() {
    let columns = TripColumns::from_rows(&[]);
    check("from_rows([]).is_empty()", true, columns.is_empty());
    check("total_fare_columns(empty)", 0, total_fare_columns(&columns));
    check(
        "avg_distance_columns(empty, 1)",
        None,
        avg_distance_columns(&columns, 1),
    );
    check(
        "fare_by_city_columns(empty)",
        BTreeMap::new(),
        fare_by_city_columns(&columns),
    );
}
