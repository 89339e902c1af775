use content_negotiation::{AcceptError, MediaRange, Rejection, negotiate, parse_accept};

fn range(type_: &str, subtype: &str, q: u16) -> MediaRange {
    MediaRange {
        type_: type_.to_string(),
        subtype: subtype.to_string(),
        q,
    }
}

/// Parses `sent` and fails with a readable report if the result is not `expected`.
#[track_caller]
fn check_parse(sent: &str, expected: Result<Vec<MediaRange>, AcceptError>) {
    let got = parse_accept(sent);
    if got != expected {
        panic!("\nAccept:   {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Negotiates and fails with a readable report if the result is not `expected`.
#[track_caller]
fn check_choice(accept: Option<&str>, offered: &[&str], expected: Result<&str, Rejection>) {
    let got = negotiate(accept, offered);
    if got != expected {
        panic!(
            "\nAccept:   {accept:?}\noffered:  {offered:?}\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

const JSON: &str = "application/json";
const HTML: &str = "text/html";
const CSV: &str = "text/csv";

#[test]
fn parses_a_single_media_range() {
    check_parse("text/html", Ok(vec![range("text", "html", 1000)]));
}

#[test]
fn parses_several_ranges_with_weights() {
    check_parse(
        "text/html, application/json;q=0.9 ,*/*; q=0.1",
        Ok(vec![
            range("text", "html", 1000),
            range("application", "json", 900),
            range("*", "*", 100),
        ]),
    );
}

#[test]
fn reads_q_values_in_thousandths() {
    for (q, expected) in [
        ("1", 1000),
        ("1.000", 1000),
        ("0", 0),
        ("0.", 0),
        ("0.5", 500),
        ("0.05", 50),
        ("0.001", 1),
        ("0.999", 999),
    ] {
        check_parse(
            &format!("text/plain;q={q}"),
            Ok(vec![range("text", "plain", expected)]),
        );
    }
}

#[test]
fn ignores_case_and_other_parameters() {
    check_parse(
        "Text/HTML;Level=1;Q=0.7, TEXT/*;charset=utf-8;",
        Ok(vec![range("text", "html", 700), range("text", "*", 1000)]),
    );
    check_parse(",, text/csv ,", Ok(vec![range("text", "csv", 1000)]));
}

#[test]
fn rejects_malformed_media_ranges() {
    for sent in [
        "html",
        "text/",
        "/html",
        "*/html",
        "text/html/x",
        "te xt/html",
        "text/html;level",
    ] {
        check_parse(sent, Err(AcceptError::InvalidMediaRange));
    }
}

#[test]
fn rejects_q_values_outside_the_grammar() {
    for q in ["", "1.5", "2", "1.001", "0.1234", ".5", "-0.5", "half"] {
        check_parse(
            &format!("text/plain;q={q}"),
            Err(AcceptError::InvalidQValue),
        );
    }
}

#[test]
fn picks_the_offered_type_with_the_highest_weight() {
    check_choice(
        Some("text/html;q=0.5, application/json"),
        &[HTML, JSON],
        Ok(JSON),
    );
    check_choice(Some("text/csv"), &[HTML, JSON, CSV], Ok(CSV));
}

#[test]
fn lets_the_most_specific_range_decide() {
    // text/csv matches text/* and */*, but text/csv itself says 0.2.
    check_choice(
        Some("*/*;q=0.9, text/*;q=0.5, text/csv;q=0.2"),
        &[CSV, HTML],
        Ok(HTML),
    );
    check_choice(Some("text/*;q=0.3, */*;q=0.8"), &[HTML, JSON], Ok(JSON));
}

#[test]
fn treats_weight_zero_as_not_acceptable() {
    check_choice(Some("*/*, application/json;q=0"), &[JSON, CSV], Ok(CSV));
    check_choice(
        Some("application/json;q=0"),
        &[JSON],
        Err(Rejection::NotAcceptable),
    );
}

#[test]
fn breaks_ties_in_the_servers_order() {
    check_choice(Some("*/*"), &[JSON, HTML], Ok(JSON));
    check_choice(Some("text/*"), &[JSON, CSV, HTML], Ok(CSV));
    check_choice(
        Some("text/html;q=0.5, text/csv;q=0.5"),
        &[CSV, HTML],
        Ok(CSV),
    );
}

#[test]
fn accepts_anything_without_an_accept_field() {
    check_choice(None, &[HTML, JSON], Ok(HTML));
}

#[test]
fn answers_406_or_400_when_nothing_can_be_sent() {
    let rejection = negotiate(Some("image/png, image/*;q=0.5"), &[JSON, HTML]);
    if rejection.map_err(|r| r.status()) != Err(406) {
        panic!(
            "\nAccept:   \"image/png, image/*;q=0.5\"\noffered:  {:?}\nexpected: Err(NotAcceptable) (status 406)\ngot:      {rejection:?}\n",
            [JSON, HTML]
        );
    }
    check_choice(
        Some("text/html;q=high"),
        &[HTML],
        Err(Rejection::BadRequest(AcceptError::InvalidQValue)),
    );
    check_choice(
        Some("json"),
        &[JSON],
        Err(Rejection::BadRequest(AcceptError::InvalidMediaRange)),
    );
}
