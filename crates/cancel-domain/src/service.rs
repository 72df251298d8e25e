//! Evaluate and apply a cancel atomically over an [`OrderStore`], exactly once.

use chrono::{DateTime, Utc};

use crate::rules::{apply_in_place, assess};
use crate::store::{IdempotencyRecord, OrderStore, StoreError};
use crate::{
    CancelOutcome, CancelRejection, CancelRequest, IdempotencyKey, OutcomeStatus, RulesPolicy,
};

/// A cancel could not be answered with an outcome.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// The idempotency key was first used with a different request; nothing was done.
    #[error("idempotency key {key} was already used for a different request")]
    KeyReused {
        /// The key.
        key: IdempotencyKey,
    },
    /// The store failed (not a version conflict: those are retried).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Runs cancels against a store: load, [`evaluate`](crate::rules::evaluate),
/// [`apply`](crate::rules::apply), compare-and-swap save, retried a bounded number of
/// times when another writer got there first.
///
/// - A refusal by the rules is an outcome with status `rejected` (and per-line errors),
///   not an `Err`; so is an unknown order (`order_not_found`) and a conflict that outlives
///   the retries (`concurrent_modification`, safe to retry).
/// - A request with an [`idempotency_key`](CancelRequest::idempotency_key) whose accepted
///   outcome is recorded gets that outcome back with status `replayed` and no second
///   effect; its money and stock effects describe the first, already applied, cancel.
/// - `&self` methods only: share one service across tasks with an [`Arc`](std::sync::Arc).
///
/// Batch mode is per call: pass a [`RulesPolicy`] with
/// [`batch`](RulesPolicy::batch) set to [`BatchMode::BestEffort`](crate::BatchMode) where
/// the endpoint needs per-line errors (Unicommerce).
///
/// ```
/// # tokio_test_shim::block_on(async {
/// use cancel_domain::{CancelReason, CancelRequest, CancelService, InMemoryOrderStore,
///     LineCancel, OutcomeStatus, Quantity, ReasonCode, RulesPolicy};
/// let store = InMemoryOrderStore::from_json(br#"{"orders":[
///   {"id":"1001","lines":[{"id":"L1","quantities":{"ordered":2}}]}]}"#).unwrap();
/// let service = CancelService::new(store);
/// let mut request = CancelRequest::lines(
///     "1001", vec![LineCancel::new("L1", Quantity::new(1))], CancelReason::new(ReasonCode::ChangedMind));
/// request.idempotency_key = Some("k-1".into());
/// let now = chrono::DateTime::UNIX_EPOCH;
/// let first = service.cancel(&request, &RulesPolicy::default(), now).await.unwrap();
/// assert_eq!(first.status, OutcomeStatus::Cancelled);
/// let again = service.cancel(&request, &RulesPolicy::default(), now).await.unwrap();
/// assert_eq!(again.status, OutcomeStatus::Replayed);
/// assert_eq!(service.store().get("1001", None).unwrap().lines[0].quantities.cancelled, 1);
/// # });
/// # mod tokio_test_shim {
/// #     pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #         tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// #     }
/// # }
/// ```
#[derive(Debug)]
pub struct CancelService<S> {
    store: S,
    max_attempts: u32,
}

impl<S: OrderStore> CancelService<S> {
    /// Attempts per request before answering `concurrent_modification`.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 16;

    /// A service over `store`.
    pub fn new(store: S) -> Self {
        Self {
            store,
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// Sets how many times a request is tried when saves conflict (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Gives the store back.
    pub fn into_store(self) -> S {
        self.store
    }

    /// Cancels what `request` asks for, under `policy`, at `now`.
    ///
    /// # Errors
    ///
    /// [`ServiceError::KeyReused`] when the idempotency key belongs to another request,
    /// [`ServiceError::Store`] when the store fails. Every other answer is an outcome.
    pub async fn cancel(
        &self,
        request: &CancelRequest,
        policy: &RulesPolicy,
        now: DateTime<Utc>,
    ) -> Result<CancelOutcome, ServiceError> {
        for _ in 0..self.max_attempts {
            if let Some(replay) = self.replay(request).await? {
                return Ok(replay);
            }
            let Some(mut order) = self
                .store
                .load(request.order.as_str(), request.id_space)
                .await?
            else {
                return Ok(rejected(request, CancelRejection::OrderNotFound));
            };
            let plan = match assess(&order, request, policy, now) {
                Ok(plan) => plan,
                Err(refusal) => {
                    let mut outcome = refusal.into_outcome(request);
                    outcome.phase = Some(order.phase);
                    return Ok(outcome);
                }
            };
            let Ok(outcome) = apply_in_place(&mut order, &plan) else {
                continue;
            };
            let record = request
                .idempotency_key
                .as_ref()
                .map(|key| IdempotencyRecord {
                    key: key.clone(),
                    order: order.id.clone(),
                    request: request.clone(),
                    outcome: outcome.clone(),
                    recorded_at: now,
                });
            match self.store.save(&order, record.as_ref()).await {
                Ok(_) => return Ok(outcome),
                // Someone else saved first (or recorded this key): read again.
                Err(StoreError::Conflict { .. } | StoreError::KeyRecorded { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(rejected(request, CancelRejection::ConcurrentModification))
    }

    /// The recorded outcome of the request's key, as a replay.
    async fn replay(&self, request: &CancelRequest) -> Result<Option<CancelOutcome>, ServiceError> {
        let Some(key) = &request.idempotency_key else {
            return Ok(None);
        };
        let Some(record) = self.store.recorded(key).await? else {
            return Ok(None);
        };
        if record.request != *request {
            return Err(ServiceError::KeyReused { key: key.clone() });
        }
        let mut outcome = record.outcome;
        outcome.status = OutcomeStatus::Replayed;
        Ok(Some(outcome))
    }
}

fn rejected(request: &CancelRequest, rejection: CancelRejection) -> CancelOutcome {
    let mut outcome = CancelOutcome::rejected(request.order.clone(), rejection);
    outcome.id_space = request.id_space;
    outcome
}
