//! # Log in with another site: the authorization code flow with PKCE
//!
//! "Log in with ..." buttons run OAuth 2.0. Your backend (the *client*) sends
//! the user's browser to the *authorization server* with a URL; the user logs
//! in there; the browser comes back to your `redirect_uri` with a one-time
//! `code`, which your backend exchanges for tokens. Two secrets keep this safe:
//!
//! - `state` ties the callback to the login this browser session started, so
//!   an attacker cannot feed you *their* code (login CSRF).
//! - PKCE (RFC 7636): you keep a random `code_verifier` and only send its hash,
//!   the `code_challenge`, in the URL. Whoever steals the code from the
//!   redirect cannot redeem it without the verifier.
//!
//! ## Your task
//!
//! Write both sides of PKCE and the client's half of the flow:
//!
//! - [`generate_verifier`] and [`code_challenge`] (RFC 7636, sections 4.1-4.2,
//!   method `S256`), and [`verify_code_verifier`], the check the authorization
//!   server runs when the code is redeemed (section 4.6).
//! - [`OAuthClient::begin_login`] builds the authorization URL (RFC 6749,
//!   section 4.1.1) and remembers a fresh state and verifier for the session.
//! - [`OAuthClient::handle_callback`] checks the callback (section 4.1.2) and
//!   returns the token request to send (section 4.1.3).
//!
//! ## The rules
//!
//! - A verifier is 43 to 128 characters from `A-Z a-z 0-9 - . _ ~`. Make it
//!   from 32 random bytes, base64url-encoded without padding (43 characters).
//!   Random bytes come from the operating system: `aes_gcm::aead::OsRng`.
//! - `code_challenge = BASE64URL-NOPAD(SHA-256(ASCII(code_verifier)))`.
//! - The state is random too (use [`generate_verifier`] for it as well).
//! - The URL is the authorize endpoint, `?`, then these query parameters, each
//!   value encoded with [`percent_encode`]: `response_type=code`, `client_id`,
//!   `redirect_uri`, `scope`, `state`, `code_challenge`,
//!   `code_challenge_method=S256`.
//! - One pending login per session; a new `begin_login` replaces the old one.
//! - A callback uses up the session's pending login, whatever its outcome: a
//!   state is good for one try only. Compare states in constant time
//!   (`subtle::ConstantTimeEq`). Check the state before anything else in the
//!   callback, including an `error` parameter.
//! - The server side rejects a malformed verifier even before hashing it.
//!
//! The tests in `tests/pkce_flow.rs` are the specification.

use std::collections::HashMap;

use aes_gcm::aead::OsRng;
use aes_gcm::aead::rand_core::RngCore;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What the client was told when it registered with the authorization server.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The authorization endpoint, e.g. `https://id.example.test/authorize`.
    pub authorize_endpoint: String,
    pub client_id: String,
    /// Where the authorization server sends the browser back to.
    pub redirect_uri: String,
    /// Space-separated scopes, e.g. `"openid email"`.
    pub scope: String,
}

/// The secrets of one login in progress, kept on the server per session.
#[derive(Debug, Clone)]
pub struct PendingLogin {
    pub state: String,
    pub code_verifier: String,
}

/// The fields of the token request (RFC 6749, section 4.1.3) the client
/// POSTs to the token endpoint to redeem the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// Always `"authorization_code"`.
    pub grant_type: String,
    pub code: String,
    pub redirect_uri: String,
    pub client_id: String,
    pub code_verifier: String,
}

/// Why a callback was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackError {
    /// This session has no login in progress (never started, or used up).
    NoPendingLogin,
    /// The `state` parameter is missing or is not this session's state.
    StateMismatch,
    /// The authorization server answered with `error=...` (e.g. the user
    /// clicked "deny"); holds the error code.
    Denied(String),
    /// The state matched but there is no `code` parameter.
    MissingCode,
}

/// A fresh code verifier: 32 random bytes, base64url without padding.
pub fn generate_verifier() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The `S256` code challenge of `verifier`.
pub fn code_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `verifier` has the shape RFC 7636 section 4.1 allows.
pub fn is_valid_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// The authorization server's check when a code is redeemed: is `verifier`
/// well-formed, and does its challenge equal the `challenge` stored with the
/// code? Compare in constant time.
pub fn verify_code_verifier(verifier: &str, challenge: &str) -> bool {
    is_valid_verifier(verifier)
        && bool::from(
            code_challenge(verifier)
                .as_bytes()
                .ct_eq(challenge.as_bytes()),
        )
}

/// The client side of the flow. Holds one pending login per session id.
#[derive(Debug)]
pub struct OAuthClient {
    config: ClientConfig,
    pending: HashMap<String, PendingLogin>,
}

impl OAuthClient {
    pub fn new(config: ClientConfig) -> Self {
        Self {
            config,
            pending: HashMap::new(),
        }
    }

    /// Starts a login for `session_id`: creates and remembers a fresh state
    /// and verifier, and returns the URL to redirect the browser to.
    pub fn begin_login(&mut self, session_id: &str) -> String {
        let login = PendingLogin {
            state: generate_verifier(),
            code_verifier: generate_verifier(),
        };
        let challenge = code_challenge(&login.code_verifier);
        let params = [
            ("response_type", "code"),
            ("client_id", &self.config.client_id),
            ("redirect_uri", &self.config.redirect_uri),
            ("scope", &self.config.scope),
            ("state", &login.state),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ];
        let query: Vec<String> = params
            .iter()
            .map(|(name, value)| format!("{name}={}", percent_encode(value)))
            .collect();
        let url = format!("{}?{}", self.config.authorize_endpoint, query.join("&"));
        self.pending.insert(session_id.to_owned(), login);
        url
    }

    /// Handles the browser's return to the redirect URI. `query` is the raw
    /// query string of the callback, e.g. `"code=abc&state=xyz"`.
    pub fn handle_callback(
        &mut self,
        session_id: &str,
        query: &str,
    ) -> Result<TokenRequest, CallbackError> {
        let login = self
            .pending
            .remove(session_id)
            .ok_or(CallbackError::NoPendingLogin)?;
        let params = parse_query(query);

        let state = params.get("state").ok_or(CallbackError::StateMismatch)?;
        if !bool::from(state.as_bytes().ct_eq(login.state.as_bytes())) {
            return Err(CallbackError::StateMismatch);
        }
        if let Some(error) = params.get("error") {
            return Err(CallbackError::Denied(error.clone()));
        }
        let code = params.get("code").ok_or(CallbackError::MissingCode)?;

        Ok(TokenRequest {
            grant_type: "authorization_code".to_owned(),
            code: code.clone(),
            redirect_uri: self.config.redirect_uri.clone(),
            client_id: self.config.client_id.clone(),
            code_verifier: login.code_verifier,
        })
    }
}

/// Percent-encodes `value` for a query string: every byte except
/// `A-Z a-z 0-9 - . _ ~` becomes `%XX`. Already written for you.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Splits a query string into decoded name/value pairs (`+` is a space,
/// `%XX` a byte). A repeated name keeps its first value. Already written for
/// you.
pub fn parse_query(query: &str) -> HashMap<String, String> {
    let mut params = HashMap::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        params
            .entry(percent_decode(name))
            .or_insert_with(|| percent_decode(value));
    }
    params
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
