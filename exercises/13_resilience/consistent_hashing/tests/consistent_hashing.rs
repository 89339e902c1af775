use consistent_hashing::{HashRing, stable_hash};
use std::collections::HashMap;

#[track_caller]
fn check<T: std::fmt::Debug + PartialEq>(did: &str, expected: T, got: T) {
    if expected != got {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn ring_of(vnodes: usize, nodes: &[&str]) -> HashRing {
    let mut ring = HashRing::new(vnodes);
    for node in nodes {
        ring.add_node(node);
    }
    ring
}

fn keys(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("session:{i}")).collect()
}

/// Where every key lives, as a map from key to node.
fn owners(ring: &HashRing, keys: &[String]) -> HashMap<String, String> {
    keys.iter()
        .map(|key| {
            let node = ring
                .node_for(key)
                .unwrap_or_else(|| panic!("\nasked:    node_for({key:?}) on a ring with nodes\nexpected: Some(node)\ngot:      None\n"));
            (key.clone(), node.to_string())
        })
        .collect()
}

/// How many keys each node owns.
fn load(owners: &HashMap<String, String>) -> HashMap<String, usize> {
    let mut load = HashMap::new();
    for node in owners.values() {
        *load.entry(node.clone()).or_default() += 1;
    }
    load
}

#[test]
fn an_empty_ring_has_no_node_for_any_key() {
    let ring = HashRing::new(10);
    check(
        "node_for(\"cart:42\") on an empty ring",
        None,
        ring.node_for("cart:42"),
    );
}

#[test]
fn a_single_node_owns_every_key() {
    let ring = ring_of(10, &["cache-1"]);
    for key in keys(100) {
        check(
            &format!("node_for({key:?}) on a ring with only cache-1"),
            Some("cache-1"),
            ring.node_for(&key),
        );
    }
}

#[test]
fn every_ring_agrees_where_a_key_lives() {
    // Two clients build their rings in a different order: they must agree.
    let one = ring_of(50, &["cache-1", "cache-2", "cache-3"]);
    let other = ring_of(50, &["cache-3", "cache-1", "cache-2"]);
    for key in keys(1000) {
        check(
            &format!("node_for({key:?}) on rings built in different orders (first, second)"),
            one.node_for(&key),
            other.node_for(&key),
        );
    }
}

#[test]
fn a_key_belongs_to_the_first_position_at_or_after_its_hash() {
    let nodes = ["alpha", "beta", "gamma"];
    let ring = ring_of(3, &nodes);

    // Every position on the ring, sorted: "alpha#0", "alpha#1", "alpha#2", "beta#0", ...
    let mut positions: Vec<(u64, &str)> = nodes
        .iter()
        .flat_map(|node| (0..3).map(move |i| (stable_hash(&format!("{node}#{i}")), *node)))
        .collect();
    positions.sort();

    let mut wrapped = 0;
    for key in keys(300) {
        let hash = stable_hash(&key);
        let expected = match positions.iter().find(|(position, _)| *position >= hash) {
            Some((_, node)) => *node,
            None => {
                wrapped += 1;
                positions[0].1 // past the last position: wrap around to the first
            }
        };
        check(
            &format!(
                "node_for({key:?}) (hash {hash:#018x}) on a ring with positions {positions:x?}"
            ),
            Some(expected),
            ring.node_for(&key),
        );
    }
    assert!(
        wrapped > 0,
        "the test's keys should include one that wraps around"
    );
}

#[test]
fn adding_a_node_moves_only_about_one_nth_of_the_keys() {
    let keys = keys(10_000);
    let mut ring = ring_of(100, &["cache-1", "cache-2", "cache-3", "cache-4"]);
    let before = owners(&ring, &keys);
    ring.add_node("cache-5");
    let after = owners(&ring, &keys);

    let moved: Vec<&String> = keys.iter().filter(|k| before[*k] != after[*k]).collect();
    let moved_elsewhere: Vec<(&String, &String)> = moved
        .iter()
        .filter(|k| after[**k] != "cache-5")
        .map(|k| (*k, &after[*k]))
        .take(3)
        .collect();
    check(
        "added cache-5 to 4 nodes: keys that moved to a node other than cache-5 (first 3)",
        vec![],
        moved_elsewhere,
    );
    // Ideal: 1/5 of the keys. `hash % N` would move about 4/5 of them.
    let share = moved.len() as f64 / keys.len() as f64;
    check(
        &format!(
            "added cache-5 to 4 nodes: {} of 10000 keys moved; is the share between 0.12 and 0.28",
            moved.len()
        ),
        true,
        (0.12..=0.28).contains(&share),
    );
}

#[test]
fn removing_a_node_moves_only_its_own_keys() {
    let keys = keys(5_000);
    let mut ring = ring_of(100, &["cache-1", "cache-2", "cache-3", "cache-4"]);
    let before = owners(&ring, &keys);
    ring.remove_node("cache-2");
    let after = owners(&ring, &keys);
    for key in &keys {
        if before[key] == "cache-2" {
            check(
                &format!("removed cache-2: is {key:?}, which was on cache-2, elsewhere now"),
                true,
                after[key] != "cache-2",
            );
        } else {
            check(
                &format!(
                    "removed cache-2: node for {key:?}, which was on {}",
                    before[key]
                ),
                &before[key],
                &after[key],
            );
        }
    }
}

#[test]
fn virtual_nodes_spread_the_load_evenly() {
    let keys = keys(10_000);
    let nodes = ["cache-1", "cache-2", "cache-3", "cache-4", "cache-5"];

    let few = load(&owners(&ring_of(1, &nodes), &keys));
    let many = load(&owners(&ring_of(200, &nodes), &keys));
    let busiest = |load: &HashMap<String, usize>| load.values().copied().max().unwrap_or(0);
    let idlest = |load: &HashMap<String, usize>| {
        nodes
            .iter()
            .map(|n| load.get(*n).copied().unwrap_or(0))
            .min()
            .unwrap_or(0)
    };

    // A fair share is 2000 keys per node.
    check(
        &format!(
            "5 nodes with 1 position each; keys per node {few:?}: does the busiest node hold over 3000 keys"
        ),
        true,
        busiest(&few) > 3000,
    );
    check(
        &format!(
            "5 nodes with 200 positions each; keys per node {many:?}: does every node hold 1600 to 2400 keys"
        ),
        (true, true),
        (idlest(&many) >= 1600, busiest(&many) <= 2400),
    );
}

#[test]
fn adding_a_node_twice_or_removing_an_unknown_node_changes_nothing() {
    let keys = keys(2_000);
    let ring = ring_of(50, &["cache-1", "cache-2", "cache-3"]);
    let expected = owners(&ring, &keys);

    let mut twice = ring.clone();
    twice.add_node("cache-2");
    twice.remove_node("cache-9");
    for key in &keys {
        check(
            &format!("added cache-2 a second time and removed unknown cache-9: node for {key:?}"),
            &expected[key],
            &twice.node_for(key).unwrap_or("(none)").to_string(),
        );
    }

    let mut gone = ring.clone();
    gone.remove_node("cache-1");
    gone.remove_node("cache-2");
    gone.remove_node("cache-3");
    check(
        "removed every node: node_for(\"session:1\")",
        None,
        gone.node_for("session:1"),
    );
}
