use graph_paths::{Graph, Route, hops_from_sql, store_graph};

/// Who follows whom (one-way edges). eli follows ada back: a cycle.
/// fay follows ada but nobody follows fay; gus follows nobody.
fn follows() -> Graph {
    let mut graph = Graph::new();
    for (follower, followee) in [
        ("ada", "ben"),
        ("ada", "cy"),
        ("ben", "dee"),
        ("cy", "dee"),
        ("dee", "eli"),
        ("eli", "ada"),
        ("fay", "ada"),
        ("gus", "gus"),
    ] {
        graph.add_edge(follower, followee, 1);
    }
    graph
}

/// Roads with travel times in minutes, two-way, plus a one-way ferry fort -> bay.
fn roads() -> Graph {
    let mut graph = Graph::new();
    for (a, b, minutes) in [
        ("harbor", "mill", 4),
        ("harbor", "ridge", 1),
        ("ridge", "mill", 2),
        ("mill", "fort", 5),
        ("ridge", "fort", 8),
        ("fort", "lake", 3),
    ] {
        graph.add_edge(a, b, minutes);
        graph.add_edge(b, a, minutes);
    }
    graph.add_edge("fort", "bay", 1);
    graph
}

fn hops(list: &[(&str, u32)]) -> Vec<(String, u32)> {
    list.iter().map(|&(node, n)| (node.to_owned(), n)).collect()
}

fn route(cost: u32, path: &[&str]) -> Option<Route> {
    Some(Route {
        cost,
        path: path.iter().map(|s| s.to_string()).collect(),
    })
}

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn hops_from_counts_the_fewest_follows() {
    let graph = follows();
    check(
        "hops_from(\"ada\", 1)",
        hops(&[("ben", 1), ("cy", 1)]),
        graph.hops_from("ada", 1),
    );
    check(
        "hops_from(\"ada\", 2)",
        hops(&[("ben", 1), ("cy", 1), ("dee", 2)]),
        graph.hops_from("ada", 2),
    );
    check(
        "hops_from(\"ada\", 0)",
        hops(&[]),
        graph.hops_from("ada", 0),
    );
}

#[test]
fn hops_from_survives_cycles_and_never_lists_the_start() {
    let graph = follows();
    check(
        "hops_from(\"ada\", 10) (eli follows ada back)",
        hops(&[("ben", 1), ("cy", 1), ("dee", 2), ("eli", 3)]),
        graph.hops_from("ada", 10),
    );
    check(
        "hops_from(\"fay\", 10)",
        hops(&[("ada", 1), ("ben", 2), ("cy", 2), ("dee", 3), ("eli", 4)]),
        graph.hops_from("fay", 10),
    );
    check(
        "hops_from(\"gus\", 3) (gus only follows himself)",
        hops(&[]),
        graph.hops_from("gus", 3),
    );
    check(
        "hops_from(\"zed\", 3) (not in the graph)",
        hops(&[]),
        graph.hops_from("zed", 3),
    );
}

/// A node reached first along a long branch must still get its fewest hops:
/// a depth-first walk (a stack instead of a queue) meets "zoe" through
/// "kim" -> "lou" before it meets her straight from "ivy".
#[test]
fn hops_from_counts_the_short_way_even_when_a_long_way_is_met_first() {
    let mut graph = Graph::new();
    for (follower, followee) in [
        ("hal", "ivy"),
        ("hal", "kim"),
        ("kim", "lou"),
        ("lou", "zoe"),
        ("ivy", "zoe"),
    ] {
        graph.add_edge(follower, followee, 1);
    }
    check(
        "hops_from(\"hal\", 10) with hal->ivy, hal->kim, kim->lou, lou->zoe, ivy->zoe \
         (zoe is 2 hops away through ivy, 3 through kim and lou)",
        hops(&[("ivy", 1), ("kim", 1), ("lou", 2), ("zoe", 2)]),
        graph.hops_from("hal", 10),
    );
}

#[test]
fn cheapest_route_adds_weights_not_hops() {
    let graph = roads();
    // Two roads reach the fort in two hops (9 minutes each); three hops take 8.
    check(
        "cheapest_route(\"harbor\", \"fort\")",
        route(8, &["harbor", "ridge", "mill", "fort"]),
        graph.cheapest_route("harbor", "fort"),
    );
    check(
        "cheapest_route(\"lake\", \"harbor\")",
        route(11, &["lake", "fort", "mill", "ridge", "harbor"]),
        graph.cheapest_route("lake", "harbor"),
    );
    check(
        "cheapest_route(\"harbor\", \"mill\")",
        route(3, &["harbor", "ridge", "mill"]),
        graph.cheapest_route("harbor", "mill"),
    );
}

#[test]
fn cheapest_route_to_the_start_is_free() {
    check(
        "cheapest_route(\"mill\", \"mill\")",
        route(0, &["mill"]),
        roads().cheapest_route("mill", "mill"),
    );
}

#[test]
fn cheapest_route_follows_edge_directions() {
    let graph = roads();
    check(
        "cheapest_route(\"harbor\", \"bay\") (the ferry goes fort -> bay)",
        route(9, &["harbor", "ridge", "mill", "fort", "bay"]),
        graph.cheapest_route("harbor", "bay"),
    );
    check(
        "cheapest_route(\"bay\", \"fort\") (no ferry back)",
        None,
        graph.cheapest_route("bay", "fort"),
    );
    check(
        "cheapest_route(\"harbor\", \"atlantis\")",
        None,
        graph.cheapest_route("harbor", "atlantis"),
    );
}

/// A fresh database holding the follows graph.
async fn follows_database() -> sqlx::AnyPool {
    let pool = course_support::fresh_database().await;
    store_graph(&pool, &follows())
        .await
        .expect("storing the graph failed");
    pool
}

#[tokio::test]
async fn sql_finds_the_nodes_within_reach() {
    let pool = follows_database().await;
    check(
        "hops_from_sql(\"ada\", 2)",
        Ok(hops(&[("ben", 1), ("cy", 1), ("dee", 2)])),
        hops_from_sql(&pool, "ada", 2)
            .await
            .map_err(|e| e.to_string()),
    );
    check(
        "hops_from_sql(\"ada\", 0)",
        Ok(hops(&[])),
        hops_from_sql(&pool, "ada", 0)
            .await
            .map_err(|e| e.to_string()),
    );
}

#[tokio::test]
async fn sql_stops_on_cycles() {
    let pool = follows_database().await;
    check(
        "hops_from_sql(\"ada\", 10) (eli follows ada back)",
        Ok(hops(&[("ben", 1), ("cy", 1), ("dee", 2), ("eli", 3)])),
        hops_from_sql(&pool, "ada", 10)
            .await
            .map_err(|e| e.to_string()),
    );
    check(
        "hops_from_sql(\"gus\", 5) (gus only follows himself)",
        Ok(hops(&[])),
        hops_from_sql(&pool, "gus", 5)
            .await
            .map_err(|e| e.to_string()),
    );
}

#[tokio::test]
async fn sql_agrees_with_breadth_first_search_everywhere() {
    let pool = follows_database().await;
    let graph = follows();
    for start in ["ada", "ben", "cy", "dee", "eli", "fay", "gus"] {
        for max_hops in 0..=4 {
            check(
                &format!("hops_from_sql({start:?}, {max_hops}) (expected: what hops_from answers)"),
                Ok(graph.hops_from(start, max_hops)),
                hops_from_sql(&pool, start, max_hops)
                    .await
                    .map_err(|e| e.to_string()),
            );
        }
    }
}
