//! # Graph queries
//!
//! "Who is within two follows of Ada?" "What is the cheapest route from the
//! harbour to the fort?" A graph database (Neo4j, Amazon Neptune) stores
//! nodes with direct links to their neighbours and walks them. You will
//! answer such questions twice: in memory with the two classic walks, and in
//! plain SQL, where a *recursive common table expression* does the walking.
//!
//! ## In memory
//!
//! A [`Graph`] holds directed, weighted edges (for a two-way road, add both
//! directions).
//!
//! - [`Graph::hops_from`]: breadth-first search. Every node reachable from
//!   `start` in at most `max_hops` edges, with the fewest edges it takes,
//!   sorted by hops, then by name. The start itself is never listed, even
//!   when a cycle leads back to it. Weights are ignored.
//! - [`Graph::cheapest_route`]: Dijkstra's algorithm. The path with the
//!   smallest total weight, and that weight; `None` if `to` cannot be
//!   reached. From a node to itself: cost 0, path `[node]`.
//!
//! ## In SQL
//!
//! [`hops_from_sql`] answers the same question as `hops_from` from the
//! table [`SCHEMA`] creates, with one query:
//!
//! ```sql
//! WITH RECURSIVE reach(node, hops) AS (
//!     SELECT <the start>, 0                       -- the anchor
//!     UNION
//!     SELECT <one step further from a row of reach>   -- the recursive step
//! )
//! SELECT ... FROM reach ...
//! ```
//!
//! The database repeats the recursive step on the rows the previous round
//! produced until a round adds nothing. Limit the depth inside the step,
//! or a cycle never ends. `WITH RECURSIVE` runs the same on SQLite and
//! PostgreSQL. PostgreSQL wants to know the type of a bare parameter in a
//! `SELECT` list, and of the literal `0`: write `CAST($1 AS TEXT)` and
//! `CAST(0 AS BIGINT)`.
//!
//! The tests in `tests/graph_paths.rs` are the specification.

use std::collections::BTreeMap;

use sqlx::AnyPool;

/// A directed graph with weighted edges between named nodes.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    edges: BTreeMap<String, Vec<(String, u32)>>,
}

/// A path and its total weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub cost: u32,
    /// From the start to the end, both included.
    pub path: Vec<String>,
}

impl Graph {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the edge `from -> to`. Already written for you.
    pub fn add_edge(&mut self, from: &str, to: &str, weight: u32) {
        self.edges
            .entry(from.to_owned())
            .or_default()
            .push((to.to_owned(), weight));
    }

    /// The edges leaving `node`, as `(target, weight)`. Already written for you.
    pub fn neighbours(&self, node: &str) -> &[(String, u32)] {
        self.edges.get(node).map_or(&[], Vec::as_slice)
    }

    /// Every edge as `(source, target, weight)`. Already written for you.
    pub fn edges(&self) -> impl Iterator<Item = (&str, &str, u32)> {
        self.edges.iter().flat_map(|(from, targets)| {
            targets
                .iter()
                .map(move |(to, weight)| (from.as_str(), to.as_str(), *weight))
        })
    }

    /// The nodes within `max_hops` edges of `start`, with their fewest hops.
    pub fn hops_from(&self, start: &str, max_hops: u32) -> Vec<(String, u32)> {
        todo!("breadth-first search from {start:?}, at most {max_hops} hops")
    }

    /// The cheapest path from `from` to `to`, by Dijkstra's algorithm.
    pub fn cheapest_route(&self, from: &str, to: &str) -> Option<Route> {
        todo!("Dijkstra from {from:?} to {to:?}")
    }
}

/// The edge table. Already written for you.
pub const SCHEMA: &str = "CREATE TABLE edges (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    weight BIGINT NOT NULL,
    PRIMARY KEY (source, target)
)";

/// Creates the edge table and copies the graph's edges into it. Already written for you.
pub async fn store_graph(pool: &AnyPool, graph: &Graph) -> Result<(), sqlx::Error> {
    sqlx::query(SCHEMA).execute(pool).await?;
    for (source, target, weight) in graph.edges() {
        sqlx::query("INSERT INTO edges (source, target, weight) VALUES ($1, $2, $3)")
            .bind(source)
            .bind(target)
            .bind(i64::from(weight))
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// [`Graph::hops_from`], as one recursive SQL query over the `edges` table.
pub async fn hops_from_sql(
    pool: &AnyPool,
    start: &str,
    max_hops: u32,
) -> Result<Vec<(String, u32)>, sqlx::Error> {
    let _ = pool;
    todo!("WITH RECURSIVE from {start:?}, at most {max_hops} hops")
}
