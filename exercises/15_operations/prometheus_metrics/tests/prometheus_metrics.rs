use prometheus_metrics::{
    Counter, Histogram, escape_help, escape_label_value, format_value, sample,
};

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: impl std::fmt::Display, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Compares rendered pages line by line, so the report points at the first wrong line.
#[track_caller]
fn check_page(sent: &str, expected: &str, got: &str) {
    if got == expected {
        return;
    }
    let line = expected
        .split_inclusive('\n')
        .zip(got.split_inclusive('\n'))
        .position(|(e, g)| e != g)
        .map_or(String::from("the pages differ in length"), |i| {
            format!("first difference on line {}", i + 1)
        });
    panic!("\nsent:     {sent}\nexpected:\n{expected}\ngot:\n{got}\n({line})\n");
}

#[test]
fn formats_values_like_prometheus() {
    for (value, expected) in [
        (3.0, "3"),
        (0.25, "0.25"),
        (1027.0, "1027"),
        (-2.5, "-2.5"),
        (1e-7, "0.0000001"),
        (f64::INFINITY, "+Inf"),
        (f64::NEG_INFINITY, "-Inf"),
        (f64::NAN, "NaN"),
    ] {
        check(
            format!("format_value({value:?})"),
            expected.to_owned(),
            format_value(value),
        );
    }
}

#[test]
fn writes_a_sample_line_with_and_without_labels() {
    check(
        "sample(\"up\", [], 1.0)",
        "up 1\n".to_owned(),
        sample("up", &[], 1.0),
    );
    check(
        "sample(\"http_requests_total\", [method=GET, code=200], 7.0)",
        "http_requests_total{method=\"GET\",code=\"200\"} 7\n".to_owned(),
        sample(
            "http_requests_total",
            &[("method", "GET"), ("code", "200")],
            7.0,
        ),
    );
}

#[test]
fn escapes_label_values_and_help_text() {
    check(
        r#"escape_label_value(C:\tmp "quoted" + line feed)"#,
        r#"C:\\tmp \"quoted\"\nnext"#.to_owned(),
        escape_label_value("C:\\tmp \"quoted\"\nnext"),
    );
    // Help text keeps its quotes: only backslash and line feed are escaped.
    check(
        r#"escape_help(Bytes "sent" \ received + line feed)"#,
        r#"Bytes "sent" \\ received\nper request"#.to_owned(),
        escape_help("Bytes \"sent\" \\ received\nper request"),
    );
    check(
        "sample(\"files_open\", [path=/srv/\"x\"], 2.0)",
        "files_open{path=\"/srv/\\\"x\\\"\"} 2\n".to_owned(),
        sample("files_open", &[("path", "/srv/\"x\"")], 2.0),
    );
}

#[test]
fn renders_a_counter_without_labels() {
    let mut jobs = Counter::new("jobs_done_total", "Background jobs finished.");
    jobs.inc_by(&[], 1.0);
    jobs.inc_by(&[], 2.0);
    check_page(
        "a counter incremented by 1, then by 2",
        "# HELP jobs_done_total Background jobs finished.\n\
         # TYPE jobs_done_total counter\n\
         jobs_done_total 3\n",
        &jobs.render(),
    );
}

#[test]
fn renders_one_line_per_label_set_in_first_seen_order() {
    let mut requests = Counter::new("http_requests_total", "Requests answered.");
    requests.inc_by(&[("method", "POST"), ("code", "201")], 1.0);
    requests.inc_by(&[("method", "GET"), ("code", "200")], 1.0);
    requests.inc_by(&[("method", "POST"), ("code", "201")], 1.0);
    requests.inc_by(&[("method", "GET"), ("code", "404")], 1.0);
    requests.inc_by(&[("method", "GET"), ("code", "200")], 5.0);
    check_page(
        "POST 201, GET 200, POST 201, GET 404, GET 200 x5",
        "# HELP http_requests_total Requests answered.\n\
         # TYPE http_requests_total counter\n\
         http_requests_total{method=\"POST\",code=\"201\"} 2\n\
         http_requests_total{method=\"GET\",code=\"200\"} 6\n\
         http_requests_total{method=\"GET\",code=\"404\"} 1\n",
        &requests.render(),
    );
}

#[test]
fn renders_an_empty_histogram() {
    let latency = Histogram::new("request_seconds", "Time to answer.", &[0.1, 0.5]);
    check_page(
        "no observations, buckets 0.1 and 0.5",
        "# HELP request_seconds Time to answer.\n\
         # TYPE request_seconds histogram\n\
         request_seconds_bucket{le=\"0.1\"} 0\n\
         request_seconds_bucket{le=\"0.5\"} 0\n\
         request_seconds_bucket{le=\"+Inf\"} 0\n\
         request_seconds_sum 0\n\
         request_seconds_count 0\n",
        &latency.render(),
    );
}

#[test]
fn observe_counts_each_value_in_its_own_bucket() {
    let mut latency = Histogram::new("request_seconds", "Time to answer.", &[0.1, 0.5, 1.0]);
    for value in [0.05, 0.3, 0.75, 0.5, 4.0] {
        latency.observe(value);
    }
    check(
        "observe 0.05, 0.3, 0.75, 0.5, 4 with bounds [0.1, 0.5, 1]: counts per bucket, not cumulative",
        vec![1, 2, 1, 1],
        latency.counts.clone(),
    );
}

#[test]
fn a_value_equal_to_a_bound_falls_in_that_bucket() {
    let mut sizes = Histogram::new("body_bytes", "Request body sizes.", &[100.0, 1000.0]);
    sizes.observe(100.0);
    check(
        "observe 100 with bounds [100, 1000] (le means less or equal)",
        vec![1, 0, 0],
        sizes.counts.clone(),
    );
}

#[test]
fn renders_histogram_buckets_cumulatively_with_sum_and_count() {
    let mut latency = Histogram::new("request_seconds", "Time to answer.", &[0.1, 0.5, 1.0]);
    for value in [0.0625, 0.25, 0.5, 0.75, 2.5, 0.125] {
        latency.observe(value);
    }
    check_page(
        "observe 0.0625, 0.25, 0.5, 0.75, 2.5, 0.125 with bounds [0.1, 0.5, 1]",
        "# HELP request_seconds Time to answer.\n\
         # TYPE request_seconds histogram\n\
         request_seconds_bucket{le=\"0.1\"} 1\n\
         request_seconds_bucket{le=\"0.5\"} 4\n\
         request_seconds_bucket{le=\"1\"} 5\n\
         request_seconds_bucket{le=\"+Inf\"} 6\n\
         request_seconds_sum 4.1875\n\
         request_seconds_count 6\n",
        &latency.render(),
    );
}
