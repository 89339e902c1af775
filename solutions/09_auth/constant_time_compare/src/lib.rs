//! # Comparing secrets in constant time
//!
//! `a == b` on two byte strings stops at the first byte that differs. That is
//! fast, and for secrets it is a leak: an attacker who sends guesses for an
//! API key or a signature and measures how long the server takes to say "no"
//! learns how many leading bytes were right, and can find the secret one byte
//! at a time instead of guessing all of it at once. Over a network the
//! difference is tiny, but with enough requests and statistics it shows.
//!
//! ## Your task
//!
//! - [`constant_time_eq`]: compare two byte strings **by hand**, looking at
//!   every byte no matter where the first difference is. XOR each pair of
//!   bytes (zero where they match) and OR the results into an accumulator;
//!   the strings are equal when the accumulator is zero at the end. No
//!   `==` on the slices, no early `return` inside the loop.
//! - [`constant_time_eq_subtle`]: the same answer with the `subtle` crate,
//!   which is what production code should use (its `Choice` type also keeps
//!   the optimizer from turning the loop back into an early exit).
//! - [`find_api_key`]: which of the server's API keys was presented. Compare
//!   with *every* key, even after a match, and combine the answers without
//!   branching on them, so the time does not tell which key matched.
//!
//! ## The rules
//!
//! - The length of a secret is not secret: strings of different lengths are
//!   unequal and may return at once.
//! - Two empty strings are equal. [`find_api_key`] never accepts an empty
//!   presented key.
//! - Differences must not cancel each other out: summing or XOR-ing the
//!   differences together is wrong (`1 ^ 1 == 0`).
//!
//! The tests in `tests/constant_time_compare.rs` are the specification. They
//! check the answers, not the timing.

/// Whether `a` and `b` are equal, comparing every byte. Written by hand with
/// XOR and OR.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    difference == 0
}

/// Whether `a` and `b` are equal, with `subtle::ConstantTimeEq`.
pub fn constant_time_eq_subtle(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

/// The index in `keys` of the key equal to `presented`, comparing against
/// every key. `None` when no key matches or `presented` is empty.
pub fn find_api_key(presented: &[u8], keys: &[&[u8]]) -> Option<usize> {
    if presented.is_empty() {
        return None;
    }
    let mut found = None;
    for (index, key) in keys.iter().enumerate() {
        // Every key is compared; the match is recorded without leaving the loop.
        let matches = constant_time_eq(presented, key);
        found = if matches { Some(index) } else { found };
    }
    found
}
