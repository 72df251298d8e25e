//! What every vendor client shares: options, bounded retries, the order lookup and the
//! reading of an answer's class. Each vendor crate's `client` module builds on it.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use crate::http::HeaderValue;
use crate::json::Limits;
use crate::{
    CancelOutcome, CancelRequest, ErrorKind, GatewayError, HttpRequest, HttpResponse,
    HttpTransport, Order, OrderDirectory, OutcomeStatus, PayloadErrors, TranslateError, Translated,
    TranslationReport, TransportError, TransportErrorKind,
};

/// The header that carries the core request's idempotency key (the `Idempotency-Key` of the
/// IETF HTTP API draft, which `cancelkit serve` honours). It is sent only when the request
/// has a key; a timed-out attempt is retried only when the request has a key *and* the
/// target is known to honour the header ([`ClientOptions::with_key_honoured`]).
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// How a client sends: the timeout of one attempt, the retries, the limits of answers.
///
/// Retries are bounded and happen only where a retry cannot cancel twice: after a
/// connection failure (the request never left) always, after a timeout only when the core
/// request carries an idempotency key (sent as [`IDEMPOTENCY_KEY_HEADER`]) and the target
/// honours it (`key_honoured`, off by default: Kibo, OCC and Akinon document no such header,
/// and a repeated cancel there would come back "already cancelled" for a cancel that went
/// through), never after an answer. The wait before a retry starts at `retry_delay` and doubles; it is slept on a
/// short-lived helper thread, so the clients need no particular async runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientOptions {
    /// The longest wait for one attempt's whole answer (default 10 s).
    pub timeout: Duration,
    /// Attempts after the first one, for the failures above (default 2).
    pub max_retries: u32,
    /// The wait before the first retry, doubled before each next one (default 200 ms).
    pub retry_delay: Duration,
    /// Size and depth limits for reading answers (default [`Limits::DEFAULT`]).
    pub limits: Limits,
    /// Whether the target honours [`IDEMPOTENCY_KEY_HEADER`], so that a timed-out attempt
    /// with a key may be sent again (default false; `cancelkit serve` honours it).
    pub key_honoured: bool,
}

impl ClientOptions {
    /// The translation context a client uses: `policy`, these options' limits, and the
    /// looked-up `order` when there is one.
    pub fn context<'a>(
        &self,
        policy: &'a crate::Policy,
        order: Option<&'a crate::Order>,
    ) -> crate::TranslateContext<'a> {
        crate::TranslateContext {
            limits: self.limits,
            ..crate::TranslateContext::new(policy)
        }
        .with_order(order)
    }
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            max_retries: 2,
            retry_delay: Duration::from_millis(200),
            limits: Limits::DEFAULT,
            key_honoured: false,
        }
    }
}

impl ClientOptions {
    /// With another timeout per attempt.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// With another number of retries (0: one attempt only).
    #[must_use]
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// With another first retry delay.
    #[must_use]
    pub fn with_retry_delay(mut self, retry_delay: Duration) -> Self {
        self.retry_delay = retry_delay;
        self
    }

    /// Says whether the target honours [`IDEMPOTENCY_KEY_HEADER`] (then a timed-out attempt
    /// of a request with a key is retried).
    #[must_use]
    pub fn with_key_honoured(mut self, key_honoured: bool) -> Self {
        self.key_honoured = key_honoured;
        self
    }

    /// With other limits for answers.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// Whether a failed attempt may be sent again without risking a second cancel.
pub fn may_retry(error: &TransportError, replay_safe: bool) -> bool {
    match error.kind {
        TransportErrorKind::Connect => true,
        TransportErrorKind::Timeout => replay_safe,
        TransportErrorKind::Other => false,
    }
}

/// Sends `request` with the bounded retries of [`ClientOptions`]; `replay_safe` says
/// whether the request carries an idempotency key, and a timed-out attempt is repeated only
/// when it does and the options say the target honours it.
pub async fn send(
    transport: &dyn HttpTransport,
    base_url: &str,
    request: HttpRequest,
    options: &ClientOptions,
    replay_safe: bool,
) -> Result<HttpResponse, TransportError> {
    let mut retries_left = options.max_retries;
    let mut delay = options.retry_delay;
    loop {
        if retries_left == 0 {
            return transport.send(base_url, request, options.timeout).await;
        }
        match transport
            .send(base_url, request.clone(), options.timeout)
            .await
        {
            Err(error) if may_retry(&error, replay_safe && options.key_honoured) => {
                retries_left -= 1;
                sleep(delay).await;
                delay = delay.saturating_mul(2);
            }
            answer => return answer,
        }
    }
}

/// Adds the idempotency key header when the core request has a key; returns whether a
/// timed-out attempt may be retried.
///
/// # Errors
///
/// [`TranslateError::Invalid`] when the key is not a valid header value.
pub fn add_idempotency_key(
    core: &CancelRequest,
    http: &mut HttpRequest,
) -> Result<bool, TranslateError> {
    match &core.idempotency_key {
        Some(key) => {
            let value = HeaderValue::from_str(key.as_str()).map_err(|_| {
                TranslateError::Invalid(PayloadErrors::one(
                    "$",
                    ErrorKind::Rule,
                    "the idempotency key is not a valid HTTP header value",
                ))
            })?;
            http.headers_mut().insert(IDEMPOTENCY_KEY_HEADER, value);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// A credential as a header value that `Debug` does not print.
///
/// # Errors
///
/// [`GatewayError::Transport`] ([`TransportErrorKind::Other`], as a transport refuses a
/// header that is not valid HTTP) when `value` cannot travel in a header; the message names
/// the header, never the value.
pub fn credential(name: &str, value: &str) -> Result<HeaderValue, GatewayError> {
    crate::http::sensitive_value(value).ok_or_else(|| {
        GatewayError::Transport(TransportError {
            kind: TransportErrorKind::Other,
            message: format!("the value of header {name} is not valid HTTP"),
        })
    })
}

/// Looks the request's order up when a directory is configured.
pub async fn look_up(
    directory: Option<&dyn OrderDirectory>,
    request: &CancelRequest,
) -> Result<Option<Order>, GatewayError> {
    let Some(directory) = directory else {
        return Ok(None);
    };
    directory
        .find_order(request.order.as_str(), request.id_space)
        .await
        .map_err(|e| {
            GatewayError::InvalidRequest(TranslateError::NeedsLookup {
                what: format!("the order could not be looked up ({e})"),
            })
        })
}

/// Whether `status` is a success (2xx).
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// An answer that could not be read as the vendor's body.
pub fn unreadable(status: u16, error: TranslateError) -> GatewayError {
    let errors = match error {
        TranslateError::Invalid(errors) => errors,
        other => PayloadErrors::one("$", ErrorKind::Rule, other.to_string()),
    };
    GatewayError::UnreadableResponse { status, errors }
}

/// An answer that is not one the vendor documents (a 5xx page of a proxy, a redirect...).
pub fn not_an_answer(status: u16, vendor: &str) -> GatewayError {
    GatewayError::UnreadableResponse {
        status,
        errors: PayloadErrors::one(
            "$",
            ErrorKind::Syntax,
            format!("HTTP {status} with a body that is not a {vendor} answer"),
        ),
    }
}

/// A success answer read into the core: a whole refusal told in a success body becomes
/// [`GatewayError::Refused`] (its rejection, else the first line's); anything else is the
/// outcome.
pub fn settle(
    status: u16,
    inbound: Translated<CancelOutcome>,
) -> Result<Translated<CancelOutcome>, GatewayError> {
    let outcome = &inbound.value;
    if outcome.status == OutcomeStatus::Rejected {
        let rejection = outcome
            .rejection
            .as_ref()
            .or_else(|| outcome.lines.iter().find_map(|l| l.error.as_ref()));
        if let Some(rejection) = rejection {
            return Err(GatewayError::Refused {
                status,
                rejection: rejection.clone(),
            });
        }
    }
    Ok(inbound)
}

/// The outbound translation's report followed by the inbound one's.
pub fn with_outbound(
    outbound: TranslationReport,
    mut answer: Translated<CancelOutcome>,
) -> Translated<CancelOutcome> {
    let mut report = outbound;
    report.extend(std::mem::take(&mut answer.report));
    answer.report = report;
    answer
}

/// Waits `delay` without an async runtime: a helper thread wakes the task.
fn sleep(delay: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now() + delay,
        waker: None,
    }
}

struct Sleep {
    deadline: Instant,
    waker: Option<Arc<Mutex<Waker>>>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let now = Instant::now();
        if now >= self.deadline {
            return Poll::Ready(());
        }
        match &self.waker {
            Some(shared) => {
                let mut waker = shared.lock().unwrap_or_else(PoisonError::into_inner);
                if !waker.will_wake(cx.waker()) {
                    waker.clone_from(cx.waker());
                }
            }
            None => {
                let shared = Arc::new(Mutex::new(cx.waker().clone()));
                let wait = self.deadline - now;
                let for_thread = Arc::clone(&shared);
                let spawned = std::thread::Builder::new()
                    .name("cancel-kit-retry".to_owned())
                    .spawn(move || {
                        std::thread::sleep(wait);
                        for_thread
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .wake_by_ref();
                    });
                if spawned.is_err() {
                    // No thread to wait on: retry at once rather than never.
                    return Poll::Ready(());
                }
                self.waker = Some(shared);
            }
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failures_that_cannot_cancel_twice_are_retried() {
        let error = |kind| TransportError {
            kind,
            message: String::new(),
        };
        assert!(may_retry(&error(TransportErrorKind::Connect), false));
        assert!(!may_retry(&error(TransportErrorKind::Timeout), false));
        assert!(may_retry(&error(TransportErrorKind::Timeout), true));
        assert!(!may_retry(&error(TransportErrorKind::Other), true));
    }

    #[test]
    fn defaults() {
        let options = ClientOptions::default();
        assert_eq!(options.timeout, Duration::from_secs(10));
        assert_eq!(options.max_retries, 2);
        let options = options
            .with_timeout(Duration::from_millis(5))
            .with_max_retries(0);
        assert_eq!(options.timeout, Duration::from_millis(5));
        assert_eq!(options.max_retries, 0);
    }
}
