//! # Content negotiation
//!
//! One resource can often be sent in several formats: a report as JSON for
//! a script, as HTML for a browser, as CSV for a spreadsheet. The client
//! says what it prefers in the `Accept` field, with weights from 0 to 1:
//!
//! ```text
//! Accept: text/html, application/json;q=0.9, */*;q=0.1
//! ```
//!
//! Write [`parse_accept`], which reads such a value into media ranges, then
//! [`negotiate`], which picks the best of the media types the server can
//! produce, or answers `406 Not Acceptable` when the client accepts none.
//!
//! ## The rules (RFC 9110, sections 12.4.2 and 12.5.1)
//!
//! ```text
//! Accept      = #( media-range [ weight ] )
//! media-range = ( "*/*" / ( type "/" "*" ) / ( type "/" subtype ) ) parameters
//! weight      = OWS ";" OWS "q=" qvalue
//! qvalue      = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
//! ```
//!
//! Parsing:
//! - Elements are separated by commas; trim spaces and tabs and skip empty
//!   elements. Parameters follow the range after `;`, each `name=value`,
//!   with optional spaces and tabs around the `;`; empty parameters are
//!   skipped.
//! - Type and subtype are tokens ([`is_tchar`]) and case-insensitive: store
//!   them in lowercase. A `*` type needs a `*` subtype. Anything else is
//!   [`AcceptError::InvalidMediaRange`].
//! - The `q` parameter (its name is case-insensitive) is the weight, stored
//!   in thousandths: `q=0.5` is 500. Without it, the weight is 1000. A value
//!   that breaks the `qvalue` rule is [`AcceptError::InvalidQValue`]. Other
//!   parameters are ignored here.
//!
//! Choosing:
//! - For each media type the server offers, find the most specific range
//!   that matches it: `text/html` beats `text/*`, which beats `*/*`. That
//!   range's weight is the type's weight; with no match, it is 0.
//! - Weight 0 means "not acceptable", even if a wildcard would allow it.
//! - Pick the offered type with the highest weight above 0. On a tie, the
//!   server's order decides: the earlier type in `offered` wins.
//! - No `Accept` field means the client accepts anything: the first offered
//!   type. An `Accept` field that does not parse is a `400 Bad Request`.
//!
//! The tests in `tests/content_negotiation.rs` are the specification.

use std::fmt;

/// One element of an `Accept` field, e.g. `text/*;q=0.5`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaRange {
    /// The type in lowercase, or `"*"`.
    pub type_: String,
    /// The subtype in lowercase, or `"*"`.
    pub subtype: String,
    /// The weight in thousandths, from 0 to 1000.
    pub q: u16,
}

/// Why an `Accept` field could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptError {
    /// An element is not a `type/subtype` range.
    InvalidMediaRange,
    /// A `q` value breaks the `qvalue` rule.
    InvalidQValue,
}

/// Why no representation can be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// The `Accept` field is malformed.
    BadRequest(AcceptError),
    /// The client accepts none of the offered types.
    NotAcceptable,
}

impl Rejection {
    /// The status code to answer with.
    pub fn status(&self) -> u16 {
        match self {
            Rejection::BadRequest(_) => 400,
            Rejection::NotAcceptable => 406,
        }
    }
}

/// Parses the value of an `Accept` field.
pub fn parse_accept(value: &str) -> Result<Vec<MediaRange>, AcceptError> {
    value
        .split(',')
        .map(|element| element.trim_matches([' ', '\t']))
        .filter(|element| !element.is_empty())
        .map(parse_media_range)
        .collect()
}

/// Picks the best of the `offered` media types (lowercase `type/subtype`)
/// for the value of the `Accept` field (`None` when the request has none).
pub fn negotiate<'a>(accept: Option<&str>, offered: &[&'a str]) -> Result<&'a str, Rejection> {
    let Some(accept) = accept else {
        return offered.first().copied().ok_or(Rejection::NotAcceptable);
    };
    let ranges = parse_accept(accept).map_err(Rejection::BadRequest)?;

    let mut best: Option<(&'a str, u16)> = None;
    for &media_type in offered {
        let q = weight(&ranges, media_type);
        if q > 0 && best.is_none_or(|(_, best_q)| q > best_q) {
            best = Some((media_type, q));
        }
    }
    best.map(|(media_type, _)| media_type)
        .ok_or(Rejection::NotAcceptable)
}

/// The weight of the most specific range matching `media_type`, or 0.
fn weight(ranges: &[MediaRange], media_type: &str) -> u16 {
    let (type_, subtype) = media_type.split_once('/').unwrap_or((media_type, ""));
    ranges
        .iter()
        .filter_map(|range| {
            let specificity = match (range.type_.as_str(), range.subtype.as_str()) {
                ("*", "*") => 0,
                (t, "*") if t.eq_ignore_ascii_case(type_) => 1,
                (t, s) if t.eq_ignore_ascii_case(type_) && s.eq_ignore_ascii_case(subtype) => 2,
                _ => return None,
            };
            Some((specificity, range.q))
        })
        // On equal specificity the first range wins: max_by_key keeps the last,
        // so walk the matches backwards.
        .rev()
        .max_by_key(|&(specificity, _)| specificity)
        .map_or(0, |(_, q)| q)
}

fn parse_media_range(element: &str) -> Result<MediaRange, AcceptError> {
    let mut parts = element.split(';');
    let range = parts.next().unwrap_or_default().trim_matches([' ', '\t']);
    let (type_, subtype) = range
        .split_once('/')
        .ok_or(AcceptError::InvalidMediaRange)?;
    let is_token = |s: &str| !s.is_empty() && s.chars().all(is_tchar);
    if !is_token(type_) || !is_token(subtype) || (type_ == "*" && subtype != "*") {
        return Err(AcceptError::InvalidMediaRange);
    }

    let mut q = 1000;
    for parameter in parts.map(|p| p.trim_matches([' ', '\t'])) {
        if parameter.is_empty() {
            continue;
        }
        let (name, value) = parameter
            .split_once('=')
            .ok_or(AcceptError::InvalidMediaRange)?;
        if name.eq_ignore_ascii_case("q") {
            q = parse_qvalue(value).ok_or(AcceptError::InvalidQValue)?;
        }
    }
    Ok(MediaRange {
        type_: type_.to_ascii_lowercase(),
        subtype: subtype.to_ascii_lowercase(),
        q,
    })
}

/// Parses a qvalue into thousandths.
fn parse_qvalue(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Whether `c` may appear in a token (RFC 9110, section 5.6.2).
///
/// Already written for you.
pub fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

impl fmt::Display for AcceptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::InvalidMediaRange => "an Accept element is not a media range",
            Self::InvalidQValue => "a q value is not between 0 and 1 with at most 3 decimals",
        };
        f.write_str(message)
    }
}

impl std::error::Error for AcceptError {}
