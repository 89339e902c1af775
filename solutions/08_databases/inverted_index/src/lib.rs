//! # A full-text search index
//!
//! `WHERE body LIKE '%tyres%'` reads every row, and cannot tell a page that
//! is about tyres from one that mentions them once. A search engine
//! (Elasticsearch, Lucene, Tantivy, PostgreSQL's `tsvector`) keeps an
//! *inverted index* instead: for every term, the sorted list of documents
//! that contain it (its *postings*), so a query only reads the lists of its
//! terms. Build a small one.
//!
//! ## Rules
//!
//! - [`tokenize`]: lowercase the text, split it on every character that is
//!   not alphanumeric (`char::is_alphanumeric`, so `crème` stays one word),
//!   drop empty pieces and the [`STOP_WORDS`]. Order and repeats are kept.
//! - [`Index::add`] indexes a document's tokens. Each id is added once, in
//!   any order; every postings list stays sorted by document id, with the
//!   number of times the term occurs in that document.
//! - [`Index::search_all`] tokenizes the query the same way and returns the
//!   ids of the documents that contain *every* query term, ascending. A
//!   query with no terms left finds nothing.
//! - [`Index::ranked`] returns every document that contains *at least one*
//!   query term, with its TF-IDF score, best first, ties by ascending id.
//!   For `N` documents in the index, and each *distinct* query term `t`:
//!
//!   ```text
//!   tf(t, d) = count of t in d / number of tokens in d
//!   idf(t)   = ln(N / number of documents containing t)
//!   score(d) = sum over the query terms t found in d of tf(t, d) * idf(t)
//!   ```
//!
//!   A term in every document has idf 0: it tells the documents apart not
//!   at all. A rare term weighs the most. (BM25, Lucene's default today,
//!   refines the same idea.)
//!
//! The tests in `tests/inverted_index.rs` are the specification.

use std::collections::{BTreeMap, HashMap};

/// A document's id.
pub type DocId = u32;

/// Words too common to be worth indexing.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "that", "the", "to", "with",
];

/// The terms of a text: lowercase, split on non-alphanumerics, no stop words.
pub fn tokenize(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !STOP_WORDS.contains(word))
        .map(str::to_owned)
        .collect()
}

/// One entry of a postings list: a document and how often the term occurs in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: DocId,
    pub count: u32,
}

/// An inverted index over documents.
#[derive(Debug, Default)]
pub struct Index {
    /// For every term, its postings sorted by document id.
    postings: HashMap<String, Vec<Posting>>,
    /// For every document, its number of tokens.
    lengths: BTreeMap<DocId, u32>,
}

impl Index {
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of documents added.
    pub fn doc_count(&self) -> usize {
        self.lengths.len()
    }

    /// Indexes the tokens of `text` as document `doc`.
    pub fn add(&mut self, doc: DocId, text: &str) {
        let tokens = tokenize(text);
        self.lengths.insert(doc, tokens.len() as u32);

        let mut counts: HashMap<String, u32> = HashMap::new();
        for token in tokens {
            *counts.entry(token).or_default() += 1;
        }
        for (term, count) in counts {
            let list = self.postings.entry(term).or_default();
            let at = list.partition_point(|posting| posting.doc < doc);
            list.insert(at, Posting { doc, count });
        }
    }

    /// The postings of one term (already tokenized), sorted by document id;
    /// empty if no document contains it. Already written for you.
    pub fn postings(&self, term: &str) -> &[Posting] {
        self.postings.get(term).map_or(&[], Vec::as_slice)
    }

    /// The documents containing every term of the query, ascending.
    pub fn search_all(&self, query: &str) -> Vec<DocId> {
        let mut terms = tokenize(query);
        if terms.is_empty() {
            return Vec::new();
        }
        // Start from the shortest list: the result is never longer.
        terms.sort_by_key(|term| self.postings(term).len());
        let mut result: Vec<DocId> = self.postings(&terms[0]).iter().map(|p| p.doc).collect();
        for term in &terms[1..] {
            result = intersect(&result, self.postings(term));
        }
        result
    }

    /// The documents containing any term of the query, with their TF-IDF
    /// scores, best first, ties by ascending id.
    pub fn ranked(&self, query: &str) -> Vec<(DocId, f64)> {
        let mut terms = tokenize(query);
        terms.sort();
        terms.dedup();

        let total = self.doc_count() as f64;
        let mut scores: BTreeMap<DocId, f64> = BTreeMap::new();
        for term in &terms {
            let list = self.postings(term);
            if list.is_empty() {
                continue;
            }
            let idf = (total / list.len() as f64).ln();
            for posting in list {
                let tf = f64::from(posting.count) / f64::from(self.lengths[&posting.doc]);
                *scores.entry(posting.doc).or_default() += tf * idf;
            }
        }

        let mut ranked: Vec<(DocId, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }
}

/// The ids in both sorted inputs, by walking them side by side.
fn intersect(docs: &[DocId], postings: &[Posting]) -> Vec<DocId> {
    let (mut i, mut j) = (0, 0);
    let mut both = Vec::new();
    while i < docs.len() && j < postings.len() {
        match docs[i].cmp(&postings[j].doc) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both.push(docs[i]);
                i += 1;
                j += 1;
            }
        }
    }
    both
}
