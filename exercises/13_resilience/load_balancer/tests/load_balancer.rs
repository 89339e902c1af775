use load_balancer::{Connection, LoadBalancer, PickError, Strategy};

/// Picks `count` times, keeping every connection open, and returns the
/// backends chosen (the connections are dropped at the end).
fn pick_many(lb: &LoadBalancer, count: usize) -> Vec<String> {
    let connections: Vec<Connection> = (0..count)
        .map(|i| {
            lb.pick()
                .unwrap_or_else(|e| panic!("\npick number {} failed with {e:?}\n", i + 1))
        })
        .collect();
    connections
        .iter()
        .map(|c| c.backend().to_string())
        .collect()
}

#[track_caller]
fn check<E, G>(did: &str, expected: E, got: G)
where
    E: std::fmt::Debug,
    G: std::fmt::Debug + PartialEq<E>,
{
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[track_caller]
fn pick(lb: &LoadBalancer, did: &str) -> Connection {
    lb.pick()
        .unwrap_or_else(|e| panic!("\ndid:      {did}\nexpected: a connection\ngot:      {e:?}\n"))
}

#[test]
fn round_robin_takes_backends_in_turn_and_wraps_around() {
    let lb = LoadBalancer::new(&["a", "b", "c"], Strategy::RoundRobin);
    check(
        "7 picks over a, b, c with round robin",
        vec!["a", "b", "c", "a", "b", "c", "a"],
        pick_many(&lb, 7),
    );
}

#[test]
fn round_robin_skips_a_backend_that_is_down() {
    let lb = LoadBalancer::new(&["a", "b", "c"], Strategy::RoundRobin);
    lb.set_up("b", false);
    check(
        "marked b down, then 4 picks with round robin",
        vec!["a", "c", "a", "c"],
        pick_many(&lb, 4),
    );
}

#[test]
fn round_robin_continues_after_the_backend_it_last_chose() {
    let lb = LoadBalancer::new(&["a", "b", "c", "d"], Strategy::RoundRobin);
    let first = pick_many(&lb, 1);
    lb.set_up("b", false);
    lb.set_up("c", false);
    let rest = pick_many(&lb, 3);
    lb.set_up("b", true);
    let after = pick_many(&lb, 3);
    check(
        "picked once, marked b and c down, picked 3 times, marked b up, picked 3 times",
        (vec!["a"], vec!["d", "a", "d"], vec!["a", "b", "d"]),
        (
            first.iter().map(String::as_str).collect(),
            rest.iter().map(String::as_str).collect(),
            after.iter().map(String::as_str).collect(),
        ),
    );
}

#[test]
fn fails_when_every_backend_is_down() {
    for strategy in [Strategy::RoundRobin, Strategy::LeastConnections] {
        let lb = LoadBalancer::new(&["a", "b"], strategy);
        lb.set_up("a", false);
        lb.set_up("b", false);
        check(
            &format!("marked a and b down, then picked with {strategy:?}"),
            Some(PickError::NoBackendUp),
            lb.pick().err(),
        );
        let empty = LoadBalancer::new(&[], strategy);
        check(
            &format!("picked from a balancer with no backends with {strategy:?}"),
            Some(PickError::NoBackendUp),
            empty.pick().err(),
        );
    }
}

#[test]
fn counts_open_connections_and_releases_them_on_drop() {
    let lb = LoadBalancer::new(&["a", "b"], Strategy::RoundRobin);
    let first = pick(&lb, "first pick");
    let second = pick(&lb, "second pick");
    let third = pick(&lb, "third pick");
    check(
        "3 picks, all connections still open: open connections on (a, b)",
        (2, 1),
        (lb.active_connections("a"), lb.active_connections("b")),
    );
    drop(first);
    check(
        "dropped the first connection (to a): open connections on (a, b)",
        (1, 1),
        (lb.active_connections("a"), lb.active_connections("b")),
    );
    drop((second, third));
    check(
        "dropped every connection: open connections on (a, b)",
        (0, 0),
        (lb.active_connections("a"), lb.active_connections("b")),
    );
}

#[test]
fn releases_the_connection_when_the_code_using_it_fails() {
    let lb = LoadBalancer::new(&["a"], Strategy::LeastConnections);
    let handle_request = |lb: &LoadBalancer| -> Result<(), String> {
        let _connection = lb.pick().map_err(|e| e.to_string())?;
        Err("the backend answered 503".to_string())
    };
    let _ = handle_request(&lb);
    let _ = std::panic::catch_unwind(|| {
        let _connection = lb.pick();
        panic!("the request handler panicked");
    });
    check(
        "returned early with an error, then panicked, each while holding a connection to a: open connections on a",
        0,
        lb.active_connections("a"),
    );
}

#[test]
fn least_connections_picks_the_backend_with_fewest_open_connections() {
    let lb = LoadBalancer::new(&["a", "b", "c"], Strategy::LeastConnections);
    let to_a = pick(&lb, "first pick");
    let to_b = pick(&lb, "second pick");
    let to_c = pick(&lb, "third pick");
    check(
        "3 picks with least connections, none dropped",
        vec!["a", "b", "c"],
        vec![to_a.backend(), to_b.backend(), to_c.backend()],
    );
    drop(to_b);
    let next = pick(&lb, "pick after dropping the connection to b");
    check(
        "held connections to a and c, dropped the one to b, then picked",
        "b",
        next.backend(),
    );
}

#[test]
fn least_connections_breaks_ties_in_list_order() {
    let lb = LoadBalancer::new(&["a", "b", "c"], Strategy::LeastConnections);
    let held = pick_many(&lb, 3);
    check("3 picks on an idle balancer", vec!["a", "b", "c"], held);
    // All connections were dropped again: every backend is at 0.
    check("all idle again, then 1 pick", vec!["a"], pick_many(&lb, 1));
}

#[test]
fn least_connections_skips_a_backend_that_is_down() {
    let lb = LoadBalancer::new(&["a", "b", "c"], Strategy::LeastConnections);
    let _busy = [pick(&lb, "pick 1"), pick(&lb, "pick 2")]; // a and b hold one each
    lb.set_up("c", false);
    let next = pick(&lb, "pick after marking c down");
    check(
        "a and b hold 1 connection each, c (idle) is down, then picked",
        "a",
        next.backend(),
    );
}

#[test]
fn shared_between_threads_round_robin_stays_even() {
    let lb = LoadBalancer::new(&["a", "b", "c", "d"], Strategy::RoundRobin);
    let connections: Vec<Connection> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| (0..25).map(|_| lb.pick().unwrap()).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a picking thread panicked"))
            .collect()
    });
    check(
        "4 threads picked 25 times each, holding every connection: open connections on (a, b, c, d)",
        (25, 25, 25, 25),
        (
            lb.active_connections("a"),
            lb.active_connections("b"),
            lb.active_connections("c"),
            lb.active_connections("d"),
        ),
    );
    drop(connections);
    check(
        "dropped all 100 connections: open connections on a",
        0,
        lb.active_connections("a"),
    );
}
