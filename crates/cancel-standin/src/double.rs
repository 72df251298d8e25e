//! What a test double offers besides the vendor endpoints: the request journal
//! (`GET /_cancelkit/requests`) and scripted faults (`POST /_cancelkit/faults`).
//!
//! The journal keeps the last [`JOURNAL_CAPACITY`] vendor requests (never the
//! `/_cancelkit/` ones): method, path, query, headers with every credential masked, the body
//! (as JSON when it is JSON, else as text) and the answer given (status and body; none when
//! a fault dropped the connection before it). Faults are matched in the order they were
//! added; each answers its next `times` matching requests, then is spent.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use cancel_domain::{HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How many requests the journal keeps (the oldest go first).
pub const JOURNAL_CAPACITY: usize = 1000;

/// The value that replaces a credential in the journal.
pub const MASK: &str = "***";

/// Headers whose values the journal never shows (compared without regard to case).
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "apikey",
    "cookie",
    "set-cookie",
    "proxy-authorization",
    "x-api-key",
];

/// Body fields whose values the journal never shows, at any depth (the login exchanges'
/// passwords and the tokens they answer).
const SECRET_FIELDS: &[&str] = &["password", "token", "key", "accessToken"];

/// One request the stand-in answered (or dropped).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct JournalEntry {
    /// Sequence number, from 1, in arrival order.
    pub seq: u64,
    /// `POST`, `GET`...
    pub method: String,
    /// The path, as sent.
    pub path: String,
    /// The query string without `?` (empty when there is none).
    pub query: String,
    /// Headers in arrival order, names as sent; credentials are [`MASK`].
    pub headers: Vec<(String, String)>,
    /// The body: its JSON when it is JSON, its text otherwise (`null` when empty).
    pub body: Value,
    /// The answer given; `None` when a fault dropped the connection before any answer.
    pub response: Option<JournalAnswer>,
    /// The scripted fault that took the request, if any (`status`, `delay`, `drop`,
    /// `apply_then_drop`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<FaultKind>,
}

/// The answer of a [`JournalEntry`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct JournalAnswer {
    /// HTTP status.
    pub status: u16,
    /// The body: its JSON when it is JSON, its text otherwise; secrets masked as in requests.
    pub body: Value,
    /// Whether the connection was dropped after the answer was made (the client never
    /// received it: fault `apply_then_drop`).
    pub dropped: bool,
}

/// What a scripted fault does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FaultKind {
    /// Answer `status` (and `body`) without reaching the vendor endpoint.
    Status,
    /// Wait `delay_ms`, then answer as usual.
    Delay,
    /// Close the connection without answering; nothing is applied.
    Drop,
    /// Apply the request as usual (the cancel happens, an idempotency key is recorded),
    /// then close the connection instead of sending the answer.
    ApplyThenDrop,
}

/// A scripted fault, as `POST /_cancelkit/faults` takes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FaultSpec {
    /// The route: an exact path or a template with `{name}` segments
    /// (`/api/i1/orders/{order_id}/cancel/`).
    pub path: String,
    /// The method (default: any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// What to do.
    pub kind: FaultKind,
    /// `status`: the status to answer (100..=599).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `status`: the JSON body to answer (default: the stand-in's error body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// `delay`: milliseconds to wait (at most 600 000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// How many matching requests it takes (default 1, at least 1).
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

/// A fault as it is held: its spec, id and the calls it still takes.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Fault {
    /// Id (from 1).
    pub id: u64,
    /// What it was asked to do.
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// Matching requests it still takes.
    pub remaining: u32,
}

/// Why a fault spec was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultError {
    /// A `status` fault without a status in 100..=599.
    #[error("a status fault needs `status` from 100 to 599, got {status:?}")]
    Status {
        /// The status given.
        status: Option<u16>,
    },
    /// A `delay` fault without a delay up to 600 000 ms.
    #[error("a delay fault needs `delay_ms` from 0 to 600000, got {delay_ms:?}")]
    Delay {
        /// The delay given.
        delay_ms: Option<u64>,
    },
    /// `times` is 0.
    #[error("`times` must be at least 1")]
    Times,
    /// The path does not start with `/`, or names the `/_cancelkit/` endpoints.
    #[error("`path` must be a vendor path starting with `/` (not /_cancelkit/), got {path:?}")]
    Path {
        /// The path given.
        path: String,
    },
}

impl FaultSpec {
    /// Checks the fields the kind needs.
    ///
    /// # Errors
    ///
    /// [`FaultError`] naming the field.
    pub fn check(&self) -> Result<(), FaultError> {
        if !self.path.starts_with('/') || self.path.starts_with(super::CONTROL_PREFIX) {
            return Err(FaultError::Path {
                path: self.path.clone(),
            });
        }
        if self.times == 0 {
            return Err(FaultError::Times);
        }
        match self.kind {
            FaultKind::Status if self.status.is_none_or(|s| !(100..=599).contains(&s)) => {
                Err(FaultError::Status {
                    status: self.status,
                })
            }
            FaultKind::Delay if self.delay_ms.is_none_or(|d| d > 600_000) => {
                Err(FaultError::Delay {
                    delay_ms: self.delay_ms,
                })
            }
            _ => Ok(()),
        }
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && template_matches(&self.path, path)
    }
}

/// Whether `path` fits `template` (`{name}` is one non-empty segment).
fn template_matches(template: &str, path: &str) -> bool {
    let mut want = template.split('/');
    let mut have = path.split('/');
    loop {
        match (want.next(), have.next()) {
            (None, None) => return true,
            (Some(w), Some(h)) => {
                let param = w.starts_with('{') && w.ends_with('}') && w.len() >= 2;
                if (param && h.is_empty()) || (!param && w != h) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// The journal and the faults of one stand-in.
#[derive(Debug, Default)]
pub(crate) struct Double {
    journal: Mutex<VecDeque<JournalEntry>>,
    faults: Mutex<Vec<Fault>>,
    next_seq: AtomicU64,
    next_fault: AtomicU64,
}

impl Double {
    /// Forgets every journal entry and fault.
    pub(crate) fn clear(&self) {
        self.journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Records one request and what became of it.
    pub(crate) fn record(
        &self,
        request: &HttpRequest,
        response: Option<&HttpResponse>,
        dropped: bool,
        fault: Option<FaultKind>,
    ) {
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed) + 1;
        let entry = JournalEntry {
            seq,
            method: request.method().as_str().to_owned(),
            path: request.uri().path().to_owned(),
            query: request.uri().query().unwrap_or_default().to_owned(),
            headers: request
                .headers()
                .iter()
                .map(|(name, value)| {
                    let name = name.as_str();
                    let secret = SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name));
                    (
                        name.to_owned(),
                        if secret {
                            MASK.to_owned()
                        } else {
                            String::from_utf8_lossy(value.as_bytes()).into_owned()
                        },
                    )
                })
                .collect(),
            body: body_value(request.body()),
            response: response.map(|r| JournalAnswer {
                status: r.status().as_u16(),
                body: body_value(r.body()),
                dropped,
            }),
            fault,
        };
        let mut journal = self.journal.lock().unwrap_or_else(PoisonError::into_inner);
        if journal.len() >= JOURNAL_CAPACITY {
            journal.pop_front();
        }
        journal.push_back(entry);
    }

    /// The journal, oldest first.
    pub(crate) fn journal(&self) -> Vec<JournalEntry> {
        self.journal
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    /// Adds a fault and returns it.
    pub(crate) fn add_fault(&self, spec: FaultSpec) -> Fault {
        let fault = Fault {
            id: self.next_fault.fetch_add(1, Ordering::Relaxed) + 1,
            remaining: spec.times,
            spec,
        };
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(fault.clone());
        fault
    }

    /// The faults not yet spent, in the order they were added.
    pub(crate) fn faults(&self) -> Vec<Fault> {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Forgets every fault.
    pub(crate) fn clear_faults(&self) {
        self.faults
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The first fault for `method` and `path`, spending one of its calls.
    pub(crate) fn take_fault(&self, method: &str, path: &str) -> Option<FaultSpec> {
        let mut faults = self.faults.lock().unwrap_or_else(PoisonError::into_inner);
        let index = faults.iter().position(|f| f.spec.matches(method, path))?;
        let fault = faults.get_mut(index)?;
        fault.remaining = fault.remaining.saturating_sub(1);
        let spec = fault.spec.clone();
        if fault.remaining == 0 {
            faults.remove(index);
        }
        Some(spec)
    }
}

/// A body as JSON (its value when it parses, its text otherwise, `null` when empty), with
/// the values of [`SECRET_FIELDS`] masked.
fn body_value(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(mut value) => {
            mask(&mut value);
            value
        }
        Err(_) => Value::String(String::from_utf8_lossy(bytes).into_owned()),
    }
}

fn mask(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if SECRET_FIELDS.contains(&key.as_str()) && !child.is_null() {
                    *child = Value::String(MASK.to_owned());
                } else {
                    mask(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cancel_domain::http::{self, Method};

    #[test]
    fn templates_and_methods_match() {
        let spec = |path: &str, method: Option<&str>| FaultSpec {
            path: path.into(),
            method: method.map(Into::into),
            kind: FaultKind::Drop,
            status: None,
            body: None,
            delay_ms: None,
            times: 1,
        };
        assert!(
            spec("/api/i1/orders/{id}/cancel/", None).matches("POST", "/api/i1/orders/7/cancel/")
        );
        assert!(
            !spec("/api/i1/orders/{id}/cancel/", None).matches("POST", "/api/i1/orders//cancel/")
        );
        assert!(!spec("/orders/cancel", Some("GET")).matches("POST", "/orders/cancel"));
        assert!(spec("/orders/cancel", Some("post")).matches("POST", "/orders/cancel"));
        assert!(!spec("/orders/cancel", None).matches("POST", "/orders/cancel/x"));
    }

    #[test]
    fn faults_are_spent_in_order_and_checked() {
        let double = Double::default();
        let spec = FaultSpec {
            path: "/x".into(),
            method: None,
            kind: FaultKind::Status,
            status: Some(503),
            body: None,
            delay_ms: None,
            times: 2,
        };
        assert_eq!(spec.check(), Ok(()));
        double.add_fault(spec.clone());
        assert!(double.take_fault("POST", "/x").is_some());
        assert_eq!(double.faults()[0].remaining, 1);
        assert!(double.take_fault("POST", "/x").is_some());
        assert!(double.take_fault("POST", "/x").is_none());
        let bad = FaultSpec {
            status: Some(99),
            ..spec.clone()
        };
        assert!(matches!(bad.check(), Err(FaultError::Status { .. })));
        let control = FaultSpec {
            path: "/_cancelkit/health".into(),
            ..spec
        };
        assert!(matches!(control.check(), Err(FaultError::Path { .. })));
    }

    #[test]
    fn the_journal_masks_credentials_and_is_bounded() {
        let double = Double::default();
        let request = http::Request::builder()
            .method(Method::POST)
            .uri("/api/v1/auth/login/")
            .header("Authorization", "Token s3cret")
            .header("apiKey", "k3y")
            .body(br#"{"username":"u","password":"pw"}"#.to_vec())
            .unwrap();
        let answer = http::json_response(200, br#"{"key":"t0ken"}"#.to_vec());
        for _ in 0..=JOURNAL_CAPACITY {
            double.record(&request, Some(&answer), false, None);
        }
        let journal = double.journal();
        assert_eq!(journal.len(), JOURNAL_CAPACITY);
        assert_eq!(journal[0].seq, 2);
        let text = serde_json::to_string(&journal[0]).unwrap();
        for secret in ["s3cret", "k3y", "pw\"", "t0ken"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert_eq!(journal[0].body["username"], "u");
    }
}
