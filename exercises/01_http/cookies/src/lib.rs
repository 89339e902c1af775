//! # Cookies
//!
//! HTTP is stateless: each request stands alone. Cookies are how a server
//! remembers a browser. It sets one in a response:
//!
//! ```text
//! Set-Cookie: session=7f3a9c; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax
//! ```
//!
//! and the browser sends it back with every later request to that site:
//!
//! ```text
//! Cookie: session=7f3a9c; theme=dark
//! ```
//!
//! Write [`parse_cookie_header`], which reads a `Cookie` header value into
//! its pairs, and [`SetCookie::to_header_value`], which writes the value of
//! a `Set-Cookie` header.
//!
//! ## The rules (RFC 6265, sections 4.1 and 4.2, and the cookie prefixes draft)
//!
//! ```text
//! cookie-pair  = cookie-name "=" cookie-value
//! cookie-name  = token
//! cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
//! ```
//!
//! Parsing a `Cookie` header:
//! - Pairs are separated by `;`. Trim spaces and tabs around each pair and
//!   skip empty pieces (some clients leave a trailing `;`).
//! - A pair without `=` is [`CookieError::MissingEquals`]. The name before
//!   the first `=` must be a token ([`is_tchar`]), or it is
//!   [`CookieError::InvalidName`].
//! - A value wrapped in double quotes loses the quotes. What is left must be
//!   cookie-octets only ([`is_cookie_octet`]), or it is
//!   [`CookieError::InvalidValue`]. An empty value is allowed.
//!
//! Writing a `Set-Cookie` value:
//! - `name=value`, then the attributes that are set, each after `"; "`, in
//!   this order: `Path`, `Domain`, `Max-Age`, `Expires`, `Secure`,
//!   `HttpOnly`, `SameSite`. Expires is written with [`http_date`].
//! - The name and value follow the same rules as above (the value is written
//!   without quotes). `Path` and `Domain` must not be empty nor contain `;`
//!   or a control character: [`CookieError::InvalidAttribute`].
//! - Browsers drop `SameSite=None` without `Secure`:
//!   [`CookieError::SameSiteNoneWithoutSecure`].
//! - A name starting with `__Secure-` needs `Secure`. A name starting with
//!   `__Host-` needs `Secure`, `Path=/` and no `Domain`, which pins the
//!   cookie to one host. Otherwise: [`CookieError::PrefixRulesBroken`].
//! - Check in this order: name, value, attributes, SameSite, prefix.
//!
//! The tests in `tests/cookies.rs` are the specification.

use std::fmt;

/// The `SameSite` attribute: when the browser sends the cookie along with a
/// request started by another site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    Strict,
    Lax,
    None,
}

/// A cookie to set, with its attributes. `None` and `false` leave an
/// attribute out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    pub name: String,
    pub value: String,
    pub path: Option<String>,
    pub domain: Option<String>,
    /// Lifetime in seconds. Zero or less tells the browser to delete the cookie.
    pub max_age: Option<i64>,
    /// Expiry as seconds since the Unix epoch. Older browsers only know this one.
    pub expires: Option<u64>,
    pub secure: bool,
    pub http_only: bool,
    pub same_site: Option<SameSite>,
}

/// Why a cookie could not be parsed or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieError {
    /// A piece of the `Cookie` header has no `=`.
    MissingEquals,
    /// The name is empty or not a token.
    InvalidName,
    /// The value has a character that is not a cookie-octet.
    InvalidValue,
    /// `Path` or `Domain` is empty or has `;` or a control character.
    InvalidAttribute,
    /// `SameSite=None` without `Secure`.
    SameSiteNoneWithoutSecure,
    /// A `__Secure-` or `__Host-` name without the attributes it requires.
    PrefixRulesBroken,
}

impl SetCookie {
    /// A cookie with no attributes.
    pub fn new(name: &str, value: &str) -> Self {
        SetCookie {
            name: name.to_string(),
            value: value.to_string(),
            path: None,
            domain: None,
            max_age: None,
            expires: None,
            secure: false,
            http_only: false,
            same_site: None,
        }
    }

    /// The value of the `Set-Cookie` header for this cookie.
    pub fn to_header_value(&self) -> Result<String, CookieError> {
        todo!("check {self:?} and write its Set-Cookie value")
    }
}

/// Parses the value of a `Cookie` request header into `(name, value)` pairs,
/// in the order sent.
pub fn parse_cookie_header(header: &str) -> Result<Vec<(&str, &str)>, CookieError> {
    todo!("split the Cookie header {header:?} into pairs")
}

/// Whether `c` may appear in a token (RFC 9110, section 5.6.2).
///
/// Already written for you.
pub fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Whether `c` may appear in a cookie value (RFC 6265, section 4.1.1):
/// visible ASCII except `"`, `,`, `;` and `\`.
///
/// Already written for you.
pub fn is_cookie_octet(c: char) -> bool {
    c.is_ascii_graphic() && !"\",;\\".contains(c)
}

/// Formats seconds since the Unix epoch as an HTTP date (RFC 9110, section
/// 5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
///
/// Already written for you.
pub fn http_date(unix_secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix_secs / 86_400;
    let secs = unix_secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
    )
}

impl fmt::Display for CookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::MissingEquals => "cookie pair has no '='",
            Self::InvalidName => "cookie name is not a token",
            Self::InvalidValue => "cookie value has a forbidden character",
            Self::InvalidAttribute => "cookie attribute is empty or has a forbidden character",
            Self::SameSiteNoneWithoutSecure => "SameSite=None requires Secure",
            Self::PrefixRulesBroken => "cookie name prefix requires other attributes",
        };
        f.write_str(message)
    }
}

impl std::error::Error for CookieError {}
