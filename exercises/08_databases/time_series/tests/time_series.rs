use time_series::{Bucket, Point, Series, Stats, bucket_start};

/// A whole hour, so minute buckets start at T, T + 60, ...
const T: u64 = 1_800_000_000;

fn p(ts: u64, value: f64) -> Point {
    Point { ts, value }
}

fn series(points: &[Point]) -> Series {
    let mut series = Series::new();
    for &point in points {
        series.insert(point);
    }
    series
}

fn stats(count: usize, min: f64, max: f64, avg: f64) -> Option<Stats> {
    Some(Stats {
        count,
        min,
        max,
        avg,
    })
}

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Readings of a greenhouse thermometer, in the order they arrived.
fn greenhouse() -> Series {
    series(&[
        p(T + 5, 20.5),
        p(T + 50, 21.5),
        p(T + 65, 23.0),
        p(T + 20, 21.0), // late
        p(T + 110, 24.75),
        p(T + 100, 22.75), // late
        p(T + 250, 18.0),
    ])
}

#[test]
fn bucket_start_aligns_to_multiples_of_the_width() {
    for (ts, width, expected) in [
        (T + 125, 60, T + 120),
        (T + 120, 60, T + 120),
        (T + 59, 60, T),
        (T + 3599, 3600, T),
        (7, 5, 5),
    ] {
        check(
            &format!("bucket_start({ts}, {width})"),
            expected,
            bucket_start(ts, width),
        );
    }
}

#[test]
fn insert_keeps_points_in_time_order() {
    check(
        "insert T+5, T+50, T+65, T+20, T+110, T+100, T+250",
        vec![
            p(T + 5, 20.5),
            p(T + 20, 21.0),
            p(T + 50, 21.5),
            p(T + 65, 23.0),
            p(T + 100, 22.75),
            p(T + 110, 24.75),
            p(T + 250, 18.0),
        ],
        greenhouse().points().to_vec(),
    );
}

#[test]
fn a_point_with_a_stored_timestamp_replaces_it() {
    let mut readings = greenhouse();
    readings.insert(p(T + 50, 30.0));
    check(
        "insert (T+50, 30.0) when (T+50, 21.5) is stored; then range(T+20, T+66)",
        &[p(T + 20, 21.0), p(T + 50, 30.0), p(T + 65, 23.0)][..],
        readings.range(T + 20, T + 66),
    );
    check(
        "the number of points after the replacement",
        7,
        readings.points().len(),
    );
}

#[test]
fn range_includes_from_and_excludes_to() {
    let readings = greenhouse();
    check(
        "range(T+50, T+100)",
        &[p(T + 50, 21.5), p(T + 65, 23.0)][..],
        readings.range(T + 50, T + 100),
    );
    check(
        "range(T+111, T+250)",
        &[][..],
        readings.range(T + 111, T + 250),
    );
    check(
        "range(T+300, T+100) (to before from)",
        &[][..],
        readings.range(T + 300, T + 100),
    );
}

#[test]
fn downsample_gives_count_min_max_avg_per_bucket() {
    check(
        "downsample(T, T+120, 60)",
        vec![
            Bucket {
                start: T,
                stats: stats(3, 20.5, 21.5, 21.0),
            },
            Bucket {
                start: T + 60,
                stats: stats(3, 22.75, 24.75, 23.5),
            },
        ],
        greenhouse().downsample(T, T + 120, 60),
    );
}

#[test]
fn downsample_keeps_empty_buckets_as_gaps() {
    check(
        "downsample(T, T+300, 60)",
        vec![
            Bucket {
                start: T,
                stats: stats(3, 20.5, 21.5, 21.0),
            },
            Bucket {
                start: T + 60,
                stats: stats(3, 22.75, 24.75, 23.5),
            },
            Bucket {
                start: T + 120,
                stats: None,
            },
            Bucket {
                start: T + 180,
                stats: None,
            },
            Bucket {
                start: T + 240,
                stats: stats(1, 18.0, 18.0, 18.0),
            },
        ],
        greenhouse().downsample(T, T + 300, 60),
    );
}

#[test]
fn downsample_aligns_buckets_but_counts_only_points_in_range() {
    // The first bucket starts at T (aligned), yet only points from T+20 on count;
    // the last bucket starts at T+60, and only points before T+101 count.
    check(
        "downsample(T+20, T+101, 60)",
        vec![
            Bucket {
                start: T,
                stats: stats(2, 21.0, 21.5, 21.25),
            },
            Bucket {
                start: T + 60,
                stats: stats(2, 22.75, 23.0, 22.875),
            },
        ],
        greenhouse().downsample(T + 20, T + 101, 60),
    );
    check(
        "downsample(T+60, T+60, 60) (an empty range)",
        vec![],
        greenhouse().downsample(T + 60, T + 60, 60),
    );
}

#[test]
fn downsample_of_an_empty_series_is_all_gaps() {
    check(
        "downsample(T, T+3*3600, 3600) of an empty series",
        vec![
            Bucket {
                start: T,
                stats: None,
            },
            Bucket {
                start: T + 3600,
                stats: None,
            },
            Bucket {
                start: T + 7200,
                stats: None,
            },
        ],
        Series::new().downsample(T, T + 3 * 3600, 3600),
    );
}

#[test]
fn retention_drops_old_points_and_counts_them() {
    let mut readings = greenhouse();
    // Keep 200 s before T+250: the points from T+50 on stay, T+50 itself included.
    let dropped = readings.enforce_retention(T + 250, 200);
    check(
        "enforce_retention(now T+250, keep 200): points dropped",
        2,
        dropped,
    );
    check(
        "... and the points left",
        vec![
            p(T + 50, 21.5),
            p(T + 65, 23.0),
            p(T + 100, 22.75),
            p(T + 110, 24.75),
            p(T + 250, 18.0),
        ],
        readings.points().to_vec(),
    );
    check(
        "enforce_retention again: points dropped",
        0,
        readings.enforce_retention(T + 250, 200),
    );
}

#[test]
fn retention_longer_than_the_clock_keeps_everything() {
    let mut readings = series(&[p(10, 1.0), p(20, 2.0)]);
    check(
        "enforce_retention(now 30, keep 3600): points dropped",
        0,
        readings.enforce_retention(30, 3600),
    );
    check(
        "... and the points left",
        vec![p(10, 1.0), p(20, 2.0)],
        readings.points().to_vec(),
    );
}
