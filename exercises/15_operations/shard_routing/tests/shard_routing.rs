use shard_routing::{
    Move, RangeSharding, ShardError, hash_shard, jump_shard, moved_keys, stable_hash,
};

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: impl std::fmt::Debug, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// 1000 made-up keys of the shape a backend shards by.
fn user_keys() -> Vec<String> {
    (0..1000).map(|i| format!("user:{i}")).collect()
}

#[test]
fn stable_hash_is_fnv1a_64() {
    // Published FNV-1a test vectors: nothing random, nothing seeded.
    check("stable_hash(\"\")", 0xcbf2_9ce4_8422_2325, stable_hash(""));
    check(
        "stable_hash(\"a\")",
        0xaf63_dc4c_8601_ec8c,
        stable_hash("a"),
    );
    check(
        "stable_hash(\"foobar\")",
        0x8594_4171_f739_67e8,
        stable_hash("foobar"),
    );
}

#[test]
fn hash_shard_is_the_hash_modulo_the_shard_count() {
    for (key, shards, expected) in [("user:42", 4, 2), ("user:7", 4, 1), ("order:9001", 10, 3)] {
        check(
            format!("hash_shard({key:?}, {shards})"),
            expected,
            hash_shard(key, shards),
        );
    }
    check("hash_shard(\"anything\", 1)", 0, hash_shard("anything", 1));
}

#[test]
fn hash_shard_spreads_keys_evenly() {
    let mut per_shard = [0; 4];
    for key in user_keys() {
        let shard = hash_shard(&key, 4);
        assert!(
            shard < 4,
            "hash_shard({key:?}, 4) returned shard {shard}, which does not exist"
        );
        per_shard[shard as usize] += 1;
    }
    if per_shard.iter().any(|&n| !(200..=300).contains(&n)) {
        panic!(
            "\nsent:     the keys user:0 .. user:999 to 4 shards\nexpected: between 200 and 300 keys on each shard\ngot:      {per_shard:?}\n"
        );
    }
}

#[test]
fn range_sharding_cuts_at_the_split_points() {
    let ranges = RangeSharding::new(vec!["g".into(), "n".into(), "t".into()]).unwrap();
    check("shards() with splits [g, n, t]", 4, ranges.shards());
    for (key, expected) in [
        ("", 0),
        ("apple", 0),
        ("fzzz", 0),
        ("g", 1), // a split point belongs to the shard on its right
        ("melon", 1),
        ("n", 2),
        ("strawberry", 2),
        ("t", 3),
        ("zucchini", 3),
    ] {
        check(
            format!("shard_for({key:?}) with splits [g, n, t]"),
            expected,
            ranges.shard_for(key),
        );
    }
}

#[test]
fn range_sharding_with_no_splits_is_one_shard() {
    let single = RangeSharding::new(Vec::new()).unwrap();
    check("shards() with no splits", 1, single.shards());
    check(
        "shard_for(\"kiwi\") with no splits",
        0,
        single.shard_for("kiwi"),
    );
}

#[test]
fn range_sharding_rejects_unsorted_or_repeated_splits() {
    check(
        "RangeSharding::new([g, c, n])",
        Err(ShardError::SplitsNotIncreasing { index: 1 }),
        RangeSharding::new(vec!["g".into(), "c".into(), "n".into()]),
    );
    check(
        "RangeSharding::new([c, g, g])",
        Err(ShardError::SplitsNotIncreasing { index: 2 }),
        RangeSharding::new(vec!["c".into(), "g".into(), "g".into()]),
    );
}

#[test]
fn moved_keys_lists_the_keys_that_change_shard() {
    // session:6 stays: its hash is 3 modulo 4 and modulo 5.
    let keys = ["user:42", "session:6", "cart:11", "cart:3"];
    let expected = vec![
        Move {
            key: "user:42",
            from_shard: 2,
            to_shard: 0,
        },
        Move {
            key: "cart:11",
            from_shard: 1,
            to_shard: 4,
        },
        Move {
            key: "cart:3",
            from_shard: 0,
            to_shard: 2,
        },
    ];
    check(
        format!("moved_keys({keys:?}, 4, 5, hash_shard)"),
        expected,
        moved_keys(&keys, 4, 5, hash_shard),
    );
}

#[test]
fn hash_modulo_n_moves_most_keys_when_a_shard_is_added() {
    let keys = user_keys();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let moved = moved_keys(&keys, 4, 5, hash_shard).len();
    // A key stays only when hash % 4 == hash % 5, that is for 4 of every 20 hashes.
    if !(750..=850).contains(&moved) {
        panic!(
            "\nsent:     user:0 .. user:999, hash_shard, 4 -> 5 shards\nexpected: about 800 of 1000 keys move (between 750 and 850)\ngot:      {moved} moved\n"
        );
    }
}

#[test]
fn jump_shard_is_in_range_and_deterministic() {
    for key in user_keys() {
        for shards in [1, 2, 7, 16] {
            let shard = jump_shard(&key, shards);
            assert!(
                shard < shards && shard == jump_shard(&key, shards),
                "jump_shard({key:?}, {shards}) returned {shard}, which is out of range or changes between calls"
            );
        }
    }
    check("jump_shard(\"user:42\", 1)", 0, jump_shard("user:42", 1));
    check("jump_shard(\"user:42\", 10)", 1, jump_shard("user:42", 10));
    check("jump_shard(\"cart:11\", 10)", 6, jump_shard("cart:11", 10));
}

#[test]
fn jump_shard_moves_few_keys_and_only_to_the_new_shard() {
    let keys = user_keys();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let moved = moved_keys(&keys, 4, 5, jump_shard);
    if let Some(wrong) = moved.iter().find(|m| m.to_shard != 4) {
        panic!(
            "\nsent:     jump_shard, 4 -> 5 shards\nexpected: every moved key goes to the new shard 4\ngot:      {wrong:?}\n"
        );
    }
    if !(150..=250).contains(&moved.len()) {
        panic!(
            "\nsent:     user:0 .. user:999, jump_shard, 4 -> 5 shards\nexpected: about 200 of 1000 keys move (between 150 and 250)\ngot:      {} moved\n",
            moved.len()
        );
    }
}
