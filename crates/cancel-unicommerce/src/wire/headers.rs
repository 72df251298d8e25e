//! Headers of `POST /orders/cancel`.

use std::fmt;

use cancel_domain::{ErrorKind, PayloadError, PayloadErrors, Sensitive};

/// Header carrying the token from `/authToken` (spelled `apiKey` by the vendor; HTTP header
/// names are case-insensitive, so `apikey` matches too).
pub const API_KEY: &str = "apiKey";
/// `Content-Type` header name.
pub const CONTENT_TYPE: &str = "Content-Type";
/// `Accept` header name.
pub const ACCEPT: &str = "Accept";
/// The media type of every body of this API.
pub const JSON_MEDIA_TYPE: &str = "application/json";

/// The headers Uniware sends with `POST /orders/cancel`:
/// `apiKey: <accessToken>`, `Content-Type: application/json`, `Accept: application/json`.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CancelHeaders {
    /// `apiKey`, REQUIRED, non-empty: the access token issued by `/authToken` (redacted in `Debug`).
    pub api_key: Sensitive<String>,
    /// `Content-Type`, as sent; when present it must be `application/json` (parameters
    /// such as `charset` allowed).
    pub content_type: Option<String>,
    /// `Accept`, as sent (the vendor sends `application/json`).
    pub accept: Option<String>,
}

impl fmt::Debug for CancelHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelHeaders")
            .field("api_key", &self.api_key)
            .field("content_type", &self.content_type)
            .field("accept", &self.accept)
            .finish()
    }
}

impl CancelHeaders {
    /// The headers Uniware sends, with `token` as `apiKey`.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            api_key: Sensitive::new(token.into()),
            content_type: Some(JSON_MEDIA_TYPE.to_owned()),
            accept: Some(JSON_MEDIA_TYPE.to_owned()),
        }
    }

    /// Reads the relevant headers from `(name, value)` pairs (names compared
    /// case-insensitively; other headers ignored).
    ///
    /// # Errors
    ///
    /// `missing` at `apiKey` when absent, `range` when empty, `duplicate` when repeated;
    /// `enum` at `Content-Type` when it is not JSON. Messages never contain the token.
    ///
    /// ```
    /// use cancel_unicommerce::wire::CancelHeaders;
    /// let h = CancelHeaders::from_pairs([("apikey", "t0k"), ("content-type", "application/json; charset=utf-8")]).unwrap();
    /// assert_eq!(h.api_key.expose(), "t0k");
    /// assert!(CancelHeaders::from_pairs([("Content-Type", "application/json")]).is_err());
    /// ```
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, PayloadErrors> {
        let mut api_key: Option<&str> = None;
        let mut content_type = None;
        let mut accept = None;
        let mut errors = Vec::new();
        for (name, value) in pairs {
            if name.eq_ignore_ascii_case(API_KEY) {
                if api_key.is_some() {
                    errors.push(PayloadError::new(
                        API_KEY,
                        ErrorKind::Duplicate,
                        "header appears more than once",
                    ));
                }
                api_key = Some(value);
            } else if name.eq_ignore_ascii_case(CONTENT_TYPE) {
                content_type = Some(value.to_owned());
            } else if name.eq_ignore_ascii_case(ACCEPT) {
                accept = Some(value.to_owned());
            }
        }
        match api_key {
            None => errors.push(PayloadError::new(
                API_KEY,
                ErrorKind::Missing,
                "missing header `apiKey` (the token from /authToken)",
            )),
            Some(key) if key.trim().is_empty() => errors.push(PayloadError::new(
                API_KEY,
                ErrorKind::Range,
                "header `apiKey` is empty",
            )),
            Some(_) => {}
        }
        if let Some(ct) = &content_type {
            let media = ct.split(';').next().unwrap_or_default().trim();
            if !media.eq_ignore_ascii_case(JSON_MEDIA_TYPE) {
                errors.push(PayloadError::new(
                    CONTENT_TYPE,
                    ErrorKind::Enum,
                    format!("content type {media:?} is not {JSON_MEDIA_TYPE}"),
                ));
            }
        }
        match api_key {
            Some(key) if errors.is_empty() => Ok(Self {
                api_key: Sensitive::new(key.to_owned()),
                content_type,
                accept,
            }),
            _ => Err(PayloadErrors(errors)),
        }
    }

    /// The headers as `(name, value)` pairs, ready to send.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![(API_KEY, self.api_key.expose().clone())];
        if let Some(ct) = &self.content_type {
            out.push((CONTENT_TYPE, ct.clone()));
        }
        if let Some(accept) = &self.accept {
            out.push((ACCEPT, accept.clone()));
        }
        out
    }
}
