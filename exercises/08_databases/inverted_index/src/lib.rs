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
    todo!("split {text:?} into terms")
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
        todo!("index document {doc}: {text:?}")
    }

    /// The postings of one term (already tokenized), sorted by document id;
    /// empty if no document contains it. Already written for you.
    pub fn postings(&self, term: &str) -> &[Posting] {
        self.postings.get(term).map_or(&[], Vec::as_slice)
    }

    /// The documents containing every term of the query, ascending.
    pub fn search_all(&self, query: &str) -> Vec<DocId> {
        todo!("the documents containing every term of {query:?}")
    }

    /// The documents containing any term of the query, with their TF-IDF
    /// scores, best first, ties by ascending id.
    pub fn ranked(&self, query: &str) -> Vec<(DocId, f64)> {
        todo!("rank the documents for {query:?} by TF-IDF")
    }
}
