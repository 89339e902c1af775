use inverted_index::{DocId, Index, Posting, tokenize};

/// Five short notes from a bike shop's help pages.
fn shop_index() -> Index {
    let mut index = Index::new();
    index.add(1, "Fixing a flat tyre on the road: patch kit and pump.");
    index.add(2, "Road bikes are fast; road tyres are thin.");
    index.add(3, "The mountain bike has wide tyres and a strong frame.");
    index.add(4, "Pump the tyres before every ride.");
    index.add(5, "A frame of steel, a frame of carbon.");
    index
}

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[track_caller]
fn check_ranked(query: &str, expected: &[(DocId, f64)]) {
    let got = shop_index().ranked(query);
    let same = got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .all(|(g, e)| g.0 == e.0 && (g.1 - e.1).abs() < 1e-9);
    if !same {
        panic!(
            "\nsent:     ranked({query:?}) over the five shop notes\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| w.to_string()).collect()
}

#[test]
fn tokenize_lowercases_and_splits_on_anything_not_alphanumeric() {
    check(
        "tokenize(\"Don't PANIC: 42 km/h!\")",
        words(&["don", "t", "panic", "42", "km", "h"]),
        tokenize("Don't PANIC: 42 km/h!"),
    );
    check(
        "tokenize(\"Crème BRÛLÉE, 2x\")",
        words(&["crème", "brûlée", "2x"]),
        tokenize("Crème BRÛLÉE, 2x"),
    );
}

#[test]
fn tokenize_drops_stop_words_and_keeps_repeats() {
    check(
        "tokenize(\"Road bikes are fast; road tyres are thin.\")",
        words(&["road", "bikes", "fast", "road", "tyres", "thin"]),
        tokenize("Road bikes are fast; road tyres are thin."),
    );
    check(
        "tokenize(\"To be, or not to be\")",
        words(&["not"]),
        tokenize("To be, or not to be"),
    );
    check("tokenize(\"  ...  \")", words(&[]), tokenize("  ...  "));
}

#[test]
fn postings_count_each_term_per_document() {
    let index = shop_index();
    check("doc_count()", 5, index.doc_count());
    check(
        "postings(\"road\")",
        &[Posting { doc: 1, count: 1 }, Posting { doc: 2, count: 2 }][..],
        index.postings("road"),
    );
    check(
        "postings(\"frame\")",
        &[Posting { doc: 3, count: 1 }, Posting { doc: 5, count: 2 }][..],
        index.postings("frame"),
    );
    check(
        "postings(\"the\") (a stop word)",
        &[][..],
        index.postings("the"),
    );
    check(
        "postings(\"gravel\") (in no document)",
        &[][..],
        index.postings("gravel"),
    );
}

#[test]
fn postings_stay_sorted_when_documents_arrive_out_of_order() {
    let mut index = Index::new();
    index.add(30, "chain oil");
    index.add(10, "oil the chain, then wipe the chain");
    index.add(20, "new chain");
    check(
        "add 30, 10, 20, then postings(\"chain\")",
        &[
            Posting { doc: 10, count: 2 },
            Posting { doc: 20, count: 1 },
            Posting { doc: 30, count: 1 },
        ][..],
        index.postings("chain"),
    );
}

#[test]
fn search_all_finds_the_documents_with_every_term() {
    let index = shop_index();
    check(
        "search_all(\"tyres\")",
        vec![2, 3, 4],
        index.search_all("tyres"),
    );
    check(
        "search_all(\"pump tyres\")",
        vec![4],
        index.search_all("pump tyres"),
    );
    check(
        "search_all(\"frame tyres\")",
        vec![3],
        index.search_all("frame tyres"),
    );
    check(
        "search_all(\"road frame\")",
        vec![],
        index.search_all("road frame"),
    );
    check(
        "search_all(\"road gravel\")",
        vec![],
        index.search_all("road gravel"),
    );
}

#[test]
fn search_all_reads_the_query_like_a_document() {
    let index = shop_index();
    check(
        "search_all(\"The TYRES!\")",
        vec![2, 3, 4],
        index.search_all("The TYRES!"),
    );
    check(
        "search_all(\"the and of\") (stop words only)",
        vec![],
        index.search_all("the and of"),
    );
    check("search_all(\"\")", vec![], index.search_all(""));
}

#[test]
fn ranked_scores_documents_by_tf_idf() {
    // 5 documents. "frame" is in 2 of them: idf = ln(5/2).
    // Doc 5 has 4 tokens (frame steel frame carbon), 2 of them "frame".
    // Doc 3 has 7 tokens (mountain bike has wide tyres strong frame), 1 "frame".
    let idf = (5.0f64 / 2.0).ln();
    check_ranked("frame", &[(5, 2.0 / 4.0 * idf), (3, 1.0 / 7.0 * idf)]);
}

#[test]
fn ranked_adds_the_scores_of_several_terms() {
    let road = (5.0f64 / 2.0).ln(); // docs 1 and 2
    let tyres = (5.0f64 / 3.0).ln(); // docs 2, 3 and 4
    check_ranked(
        "road tyres",
        &[
            (2, 2.0 / 6.0 * road + 1.0 / 6.0 * tyres),
            (1, 1.0 / 7.0 * road),
            (4, 1.0 / 5.0 * tyres),
            (3, 1.0 / 7.0 * tyres),
        ],
    );
}

#[test]
fn ranked_counts_a_repeated_query_term_once() {
    let idf = (5.0f64 / 2.0).ln();
    check_ranked(
        "FRAME frame, frame?",
        &[(5, 2.0 / 4.0 * idf), (3, 1.0 / 7.0 * idf)],
    );
    check_ranked("gravel", &[]);
}

#[test]
fn ranked_breaks_ties_by_id_and_weighs_common_terms_zero() {
    let mut index = Index::new();
    index.add(8, "brake pads");
    index.add(2, "brake cables");
    index.add(5, "brake levers");
    // "brake" is in every document: idf = ln(3/3) = 0, all three tie at 0.
    let query = "brake";
    let got = index.ranked(query);
    let expected = vec![(2, 0.0), (5, 0.0), (8, 0.0)];
    if got != expected {
        panic!(
            "\nsent:     ranked({query:?}) over docs 8, 2, 5 that all contain it\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}
