//! To and from the core: requests, responses, errors, and the status mapping.

mod error;
mod request;
mod response;

pub use error::{error_from_core, error_status, error_to_core};
pub(crate) use request::{request_from_core, request_to_core};
pub use response::{response_from_core, response_to_core};

use cancel_domain::{
    Buckets, CancelRejection, LineRef, Order, OrderLine, OrderPhase, OrderRef, TranslateContext,
    TranslateError, Vendor,
};

use crate::wire::{parse_pk_text, ItemPk, KnownStatus, OrderPk, OrderStatus};

/// Where the units of an item in a given Akinon status sit among the core buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnitBucket {
    /// Not shipped, not cancelled (200, 300, 350, 400).
    Open,
    /// Committed to fulfillment (450 preparing).
    Allocated,
    /// Open, with a cancel requested and waiting (50).
    CancellationRequested,
    /// Cancelled (100).
    Cancelled,
    /// Left the merchant's hands (500, 510, 520, 540).
    Shipped,
    /// Delivered (550).
    Delivered,
    /// Returned and refunded (600).
    Returned,
}

impl UnitBucket {
    /// The buckets of `units` units in this state (the §2.3 invariants hold).
    ///
    /// ```
    /// use cancel_omnitron::UnitBucket;
    /// let b = UnitBucket::Returned.buckets(1);
    /// assert!(b.is_consistent());
    /// assert_eq!((b.shipped, b.returned, b.open()), (1, 1, 0));
    /// ```
    pub fn buckets(self, units: u32) -> Buckets {
        let ordered = Buckets {
            ordered: units,
            ..Buckets::default()
        };
        match self {
            Self::Open | Self::CancellationRequested => ordered,
            Self::Allocated => Buckets {
                allocated: units,
                ..ordered
            },
            Self::Cancelled => Buckets {
                cancelled: units,
                ..ordered
            },
            Self::Shipped => Buckets {
                shipped: units,
                ..ordered
            },
            Self::Delivered => Buckets {
                shipped: units,
                delivered: units,
                ..ordered
            },
            Self::Returned => Buckets {
                shipped: units,
                delivered: units,
                return_requested: units,
                returned: units,
                ..ordered
            },
        }
    }
}

/// The core view of an Akinon status ([state rules](cancel_domain::rules) §2.4, Akinon rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CoreStatus {
    /// The order phase, when the status is an order's.
    pub phase: OrderPhase,
    /// Where an item's units sit, when the status is an item's.
    pub bucket: UnitBucket,
}

/// Maps a documented status to the core phase and buckets.
///
/// | Akinon | phase | item units |
/// |---|---|---|
/// | 50 cancellation_waiting | `cancellation_requested` | open, cancel requested |
/// | 100 canceled | `cancelled` | cancelled |
/// | 200 waiting, 400 approved | `active` | open |
/// | 300 payment_waiting, 350 confirmation_waiting | `awaiting_confirmation` | open |
/// | 450 preparing | `active` | allocated |
/// | 500, 510, 520, 540 | `active` | shipped |
/// | 550 delivered | `closed` | delivered |
/// | 600 refunded | `closed` | returned |
///
/// # Errors
///
/// 544 review_started, 545 review_waiting, 546 waiting_for_payment and 547 paid: their
/// meaning for a cancel is not documented, so a cancel is refused until it is:
/// [`CancelRejection::UnknownVendorState`].
pub fn known_status_to_core(status: KnownStatus) -> Result<CoreStatus, CancelRejection> {
    use KnownStatus as K;
    use OrderPhase as P;
    use UnitBucket as B;
    let (phase, bucket) = match status {
        K::CancellationWaiting => (P::CancellationRequested, B::CancellationRequested),
        K::Canceled => (P::Cancelled, B::Cancelled),
        K::Waiting | K::Approved => (P::Active, B::Open),
        K::PaymentWaiting | K::ConfirmationWaiting => (P::AwaitingConfirmation, B::Open),
        K::Preparing => (P::Active, B::Allocated),
        K::Shipped | K::ShippedAndInformed | K::ReadyForPickup | K::AttemptedDelivery => {
            (P::Active, B::Shipped)
        }
        K::Delivered => (P::Closed, B::Delivered),
        K::Refunded => (P::Closed, B::Returned),
        K::ReviewStarted | K::ReviewWaiting | K::WaitingForPayment | K::Paid => {
            return Err(CancelRejection::UnknownVendorState {
                vendor: Vendor::Omnitron,
                value: status.code().to_owned(),
            })
        }
    };
    Ok(CoreStatus { phase, bucket })
}

/// Maps a status as sent (code or name) to the core phase and buckets.
///
/// ```
/// use cancel_domain::{CancelRejection, OrderPhase};
/// use cancel_omnitron::{status_to_core, wire::OrderStatus};
/// assert_eq!(status_to_core(&OrderStatus::new("50")).unwrap().phase, OrderPhase::CancellationRequested);
/// assert_eq!(status_to_core(&OrderStatus::new("canceled")).unwrap().phase, OrderPhase::Cancelled);
/// assert!(matches!(
///     status_to_core(&OrderStatus::new("545")),
///     Err(CancelRejection::UnknownVendorState { .. })
/// ));
/// ```
///
/// # Errors
///
/// [`CancelRejection::UnknownVendorState`] for 544–547 and for undocumented values (kept
/// as sent in `value`).
pub fn status_to_core(status: &OrderStatus) -> Result<CoreStatus, CancelRejection> {
    match status.known() {
        Some(known) => known_status_to_core(known),
        None => Err(CancelRejection::UnknownVendorState {
            vendor: Vendor::Omnitron,
            value: status.as_str().to_owned(),
        }),
    }
}

const PK_EXPECTED: &str = "an integer pk from 1 to 2^63-1 written in decimal";

/// Reads an id as an Akinon pk, or says why it does not fit.
pub(crate) fn fit_pk(field: &str, text: &str) -> Result<u64, TranslateError> {
    parse_pk_text(text).map_err(|_| TranslateError::IdDoesNotFit {
        field: field.to_owned(),
        target: Vendor::Omnitron,
        expected: PK_EXPECTED.to_owned(),
        value: text.to_owned(),
    })
}

fn not_fit(field: &str, text: &str) -> TranslateError {
    TranslateError::IdDoesNotFit {
        field: field.to_owned(),
        target: Vendor::Omnitron,
        expected: PK_EXPECTED.to_owned(),
        value: text.to_owned(),
    }
}

/// Akinon pks for a core payload's ids: the ids themselves when they are Akinon's
/// (`id_space` omnitron), else the looked-up order's per-vendor ids.
pub(crate) struct Ids<'a> {
    order_ref: &'a OrderRef,
    id_space: Option<Vendor>,
    order: Option<&'a Order>,
}

impl<'a> Ids<'a> {
    pub(crate) fn new(
        order_ref: &'a OrderRef,
        id_space: Option<Vendor>,
        ctx: &TranslateContext<'a>,
    ) -> Self {
        let order = ctx
            .order
            .filter(|o| o.is_named(order_ref.as_str(), id_space));
        Self {
            order_ref,
            id_space,
            order,
        }
    }

    fn direct(&self) -> bool {
        self.id_space == Some(Vendor::Omnitron)
    }

    fn space(&self) -> String {
        self.id_space
            .map_or_else(|| "canonical".to_owned(), |v| v.to_string())
    }

    /// The looked-up order, when it names the same order.
    pub(crate) fn order(&self) -> Option<&'a Order> {
        self.order
    }

    /// The order pk (`order`, and the path's `order_id`).
    pub(crate) fn order_pk(&self, field: &str) -> Result<OrderPk, TranslateError> {
        let text = if self.direct() {
            self.order_ref.as_str()
        } else if let Some(order) = self.order {
            order.id_at(Vendor::Omnitron)
        } else {
            return Err(TranslateError::NeedsLookup {
                what: format!(
                    "Akinon names orders by integer pk, and order {} is given in {} ids",
                    self.order_ref,
                    self.space()
                ),
            });
        };
        let n = fit_pk(field, text)?;
        OrderPk::new(n).ok_or_else(|| not_fit(field, text))
    }

    /// The looked-up line named `line` (in the payload's id space).
    pub(crate) fn line(&self, line: &LineRef) -> Option<&'a OrderLine> {
        self.order?.line(line.as_str(), self.id_space)
    }

    /// An item pk for a core line id.
    pub(crate) fn item_pk(&self, line: &LineRef, field: &str) -> Result<ItemPk, TranslateError> {
        let text = if self.direct() {
            line.as_str()
        } else if let Some(order) = self.order {
            match order.line(line.as_str(), self.id_space) {
                Some(l) => l.id_at(Vendor::Omnitron),
                None => {
                    return Err(TranslateError::NeedsLookup {
                        what: format!(
                            "line {line} is not on the looked-up order {}, so its Akinon item pk is unknown",
                            order.id
                        ),
                    })
                }
            }
        } else {
            return Err(TranslateError::NeedsLookup {
                what: format!(
                    "Akinon names order items by integer pk, and line {line} of order {} is given in {} ids",
                    self.order_ref,
                    self.space()
                ),
            });
        };
        let n = fit_pk(field, text)?;
        ItemPk::new(n).ok_or_else(|| not_fit(field, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_status_maps_or_refuses() {
        for s in KnownStatus::ALL {
            match known_status_to_core(s) {
                Ok(core) => {
                    assert!(!s.is_unclear_for_cancel(), "{s:?}");
                    assert!(core.bucket.buckets(2).is_consistent(), "{s:?}");
                }
                Err(CancelRejection::UnknownVendorState { value, .. }) => {
                    assert!(s.is_unclear_for_cancel(), "{s:?}");
                    assert_eq!(value, s.code());
                }
                Err(other) => panic!("{other:?}"),
            }
        }
        assert_eq!(
            status_to_core(&OrderStatus::new("600")).unwrap(),
            CoreStatus {
                phase: OrderPhase::Closed,
                bucket: UnitBucket::Returned
            }
        );
        assert_eq!(
            status_to_core(&OrderStatus::new("450")).unwrap().bucket,
            UnitBucket::Allocated
        );
        assert_eq!(
            status_to_core(&OrderStatus::new("payment_waiting"))
                .unwrap()
                .phase,
            OrderPhase::AwaitingConfirmation
        );
        assert_eq!(
            status_to_core(&OrderStatus::new("999")),
            Err(CancelRejection::UnknownVendorState {
                vendor: Vendor::Omnitron,
                value: "999".into()
            })
        );
    }
}
