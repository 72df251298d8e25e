//! The token exchange the marketplace serves for Uniware: `GET /authToken?username=…&password=…`
//! or `POST /authToken {"username", "password"}`, answered with `{"status", "accessToken"}`.
//! The token then travels in the `apiKey` header of `POST /orders/cancel`.

use std::collections::BTreeMap;
use std::fmt;

use cancel_domain::{ErrorKind, PayloadError, PayloadErrors, Sensitive};
use serde::{Deserialize, Serialize};

use super::AuthStatus;

/// Other fields of an authentication answer, kept (read through `#[serde(flatten)]`,
/// which buffers values: they are not kept with their exact text).
type Other = BTreeMap<String, serde_json::Value>;

/// The path of the token endpoint the marketplace hosts (`GET` with query parameters, or
/// `POST` with a JSON body).
pub const AUTH_TOKEN_PATH: &str = "/authToken";

/// Body of `POST /authToken`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuthTokenRequest {
    /// `username`, REQUIRED string: the seller's login at the marketplace (redacted in `Debug`).
    pub username: Sensitive<String>,
    /// `password`, REQUIRED string (redacted in `Debug`).
    pub password: Sensitive<String>,
    /// Fields this crate does not model, kept for lossless round trips.
    #[serde(flatten)]
    pub other: Other,
}

impl AuthTokenRequest {
    /// A token request with credentials.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: Sensitive::new(username.into()),
            password: Sensitive::new(password.into()),
            other: Other::new(),
        }
    }
}

impl fmt::Debug for AuthTokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthTokenRequest")
            .field("username", &self.username)
            .field("password", &self.password)
            .field(
                "other",
                &self.other.keys().collect::<std::collections::BTreeSet<_>>(),
            )
            .finish()
    }
}

/// Query of `GET /authToken?username=…&password=…`.
#[derive(Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct AuthTokenQuery {
    /// `username`, REQUIRED (redacted in `Debug`).
    pub username: Sensitive<String>,
    /// `password`, REQUIRED (redacted in `Debug`).
    pub password: Sensitive<String>,
    /// Other query parameters, kept verbatim (decoded).
    pub other: BTreeMap<String, String>,
}

impl fmt::Debug for AuthTokenQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthTokenQuery")
            .field("username", &self.username)
            .field("password", &self.password)
            .field("other", &self.other.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl AuthTokenQuery {
    /// A query with credentials.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: Sensitive::new(username.into()),
            password: Sensitive::new(password.into()),
            other: BTreeMap::new(),
        }
    }

    /// Reads a query string (without the leading `?`), percent- and `+`-decoding it.
    ///
    /// # Errors
    ///
    /// `missing` for an absent `username` or `password`, `duplicate` for a repeated
    /// parameter, `syntax` for a bad percent escape or text that is not UTF-8. Error
    /// messages never contain the values.
    ///
    /// ```
    /// use cancel_unicommerce::wire::AuthTokenQuery;
    /// let q = AuthTokenQuery::parse("username=seller%401&password=p%2Bw+d").unwrap();
    /// assert_eq!(q.username.expose(), "seller@1");
    /// assert_eq!(q.password.expose(), "p+w d");
    /// assert_eq!(AuthTokenQuery::parse(&q.to_query()).unwrap(), q);
    /// ```
    pub fn parse(query: &str) -> Result<Self, PayloadErrors> {
        let mut username = None;
        let mut password = None;
        let mut other = BTreeMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(raw_key).ok_or_else(|| {
                PayloadErrors::one(
                    "$",
                    ErrorKind::Syntax,
                    "a parameter name is not valid percent-encoded UTF-8",
                )
            })?;
            let value = decode(raw_value).ok_or_else(|| {
                PayloadErrors::one(
                    key.clone(),
                    ErrorKind::Syntax,
                    "the value is not valid percent-encoded UTF-8",
                )
            })?;
            let slot = match key.as_str() {
                "username" => &mut username,
                "password" => &mut password,
                _ => {
                    if other.contains_key(&key) {
                        return Err(duplicate(&key));
                    }
                    other.insert(key, value);
                    continue;
                }
            };
            if slot.is_some() {
                return Err(duplicate(&key));
            }
            *slot = Some(value);
        }
        let mut errors = Vec::new();
        if username.is_none() {
            errors.push(PayloadError::new(
                "username",
                ErrorKind::Missing,
                "missing parameter `username`",
            ));
        }
        if password.is_none() {
            errors.push(PayloadError::new(
                "password",
                ErrorKind::Missing,
                "missing parameter `password`",
            ));
        }
        match (username, password) {
            (Some(username), Some(password)) => Ok(Self {
                username: Sensitive::new(username),
                password: Sensitive::new(password),
                other,
            }),
            _ => Err(PayloadErrors(errors)),
        }
    }

    /// The query string (without the leading `?`), form-urlencoded (a space is `+`).
    pub fn to_query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("username", self.username.expose())
            .append_pair("password", self.password.expose());
        for (key, value) in &self.other {
            query.append_pair(key, value);
        }
        query.finish()
    }
}

fn duplicate(key: &str) -> PayloadErrors {
    PayloadErrors::one(
        key,
        ErrorKind::Duplicate,
        "parameter appears more than once",
    )
}

/// One form-urlencoded name or value: `+` is a space, `%XX` a byte. A `%` without two hex
/// digits, or bytes that are not UTF-8, make it unreadable, as a servlet container refuses
/// such a query.
fn decode(raw: &str) -> Option<String> {
    let malformed = raw.match_indices('%').any(|(at, _)| {
        !raw.get(at + 1..at + 3)
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(&raw.replace('+', " "))
        .decode_utf8()
        .ok()
        .map(std::borrow::Cow::into_owned)
}

/// Answer of `GET`/`POST /authToken`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuthTokenResponse {
    /// `status`, REQUIRED: `SUCCESS`, or `FAILED` (GET) / `INVALID_CREDENTIALS` (POST).
    pub status: AuthStatus,
    /// `accessToken`, OPTIONAL (present with `SUCCESS`): the token Uniware sends back in
    /// the `apiKey` header. Per seller; the marketplace decides when it expires. Redacted
    /// in `Debug`.
    #[serde(
        rename = "accessToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<Sensitive<String>>,
    /// Fields this crate does not model, kept for lossless round trips.
    #[serde(flatten)]
    pub other: Other,
}

impl AuthTokenResponse {
    /// A successful answer carrying `token`.
    pub fn success(token: impl Into<String>) -> Self {
        Self {
            status: AuthStatus::Success,
            access_token: Some(Sensitive::new(token.into())),
            other: Other::new(),
        }
    }

    /// A refusal: `FAILED` for the GET variant, `INVALID_CREDENTIALS` for the POST variant.
    pub fn refused(post: bool) -> Self {
        Self {
            status: if post {
                AuthStatus::InvalidCredentials
            } else {
                AuthStatus::Failed
            },
            access_token: None,
            other: Other::new(),
        }
    }
}

impl fmt::Debug for AuthTokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthTokenResponse")
            .field("status", &self.status)
            .field("access_token", &self.access_token)
            .field(
                "other",
                &self.other.keys().collect::<std::collections::BTreeSet<_>>(),
            )
            .finish()
    }
}
