//! Order and order-item status: a numeric code as a string (`"50"`) or a name
//! (`"cancellation_waiting"`). Both forms are accepted and written back as they came.

use std::fmt;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The documented Akinon order and order-item statuses (codes 50–600).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum KnownStatus {
    /// `50` `cancellation_waiting`: a cancel was requested and awaits a decision.
    CancellationWaiting,
    /// `100` `canceled` (one L; some clients write `cancelled`).
    Canceled,
    /// `200` `waiting`: placed, not processed.
    Waiting,
    /// `300` `payment_waiting`.
    PaymentWaiting,
    /// `350` `confirmation_waiting`.
    ConfirmationWaiting,
    /// `400` `approved`.
    Approved,
    /// `450` `preparing`: being packed.
    Preparing,
    /// `500` `shipped`.
    Shipped,
    /// `510` `shipped_and_informed`.
    ShippedAndInformed,
    /// `520` `ready_for_pickup`.
    ReadyForPickup,
    /// `540` `attempted_delivery`.
    AttemptedDelivery,
    /// `544` `review_started` (meaning for cancels not documented).
    ReviewStarted,
    /// `545` `review_waiting` (meaning for cancels not documented).
    ReviewWaiting,
    /// `546` `waiting_for_payment` (trade-in flow; meaning for cancels not documented).
    WaitingForPayment,
    /// `547` `paid` (trade-in flow; meaning for cancels not documented).
    Paid,
    /// `550` `delivered`.
    Delivered,
    /// `600` `refunded` (shown as "returned" in storefronts).
    Refunded,
}

const TABLE: [(KnownStatus, &str, &str); 17] = [
    (
        KnownStatus::CancellationWaiting,
        "50",
        "cancellation_waiting",
    ),
    (KnownStatus::Canceled, "100", "canceled"),
    (KnownStatus::Waiting, "200", "waiting"),
    (KnownStatus::PaymentWaiting, "300", "payment_waiting"),
    (
        KnownStatus::ConfirmationWaiting,
        "350",
        "confirmation_waiting",
    ),
    (KnownStatus::Approved, "400", "approved"),
    (KnownStatus::Preparing, "450", "preparing"),
    (KnownStatus::Shipped, "500", "shipped"),
    (
        KnownStatus::ShippedAndInformed,
        "510",
        "shipped_and_informed",
    ),
    (KnownStatus::ReadyForPickup, "520", "ready_for_pickup"),
    (KnownStatus::AttemptedDelivery, "540", "attempted_delivery"),
    (KnownStatus::ReviewStarted, "544", "review_started"),
    (KnownStatus::ReviewWaiting, "545", "review_waiting"),
    (KnownStatus::WaitingForPayment, "546", "waiting_for_payment"),
    (KnownStatus::Paid, "547", "paid"),
    (KnownStatus::Delivered, "550", "delivered"),
    (KnownStatus::Refunded, "600", "refunded"),
];

impl KnownStatus {
    /// Every documented status, in code order.
    pub const ALL: [Self; 17] = [
        Self::CancellationWaiting,
        Self::Canceled,
        Self::Waiting,
        Self::PaymentWaiting,
        Self::ConfirmationWaiting,
        Self::Approved,
        Self::Preparing,
        Self::Shipped,
        Self::ShippedAndInformed,
        Self::ReadyForPickup,
        Self::AttemptedDelivery,
        Self::ReviewStarted,
        Self::ReviewWaiting,
        Self::WaitingForPayment,
        Self::Paid,
        Self::Delivered,
        Self::Refunded,
    ];

    fn row(self) -> (&'static str, &'static str) {
        TABLE
            .iter()
            .find(|(s, _, _)| *s == self)
            .map_or(("", ""), |(_, code, name)| (*code, *name))
    }

    /// The numeric code as Akinon writes it (`"50"`).
    pub fn code(self) -> &'static str {
        self.row().0
    }

    /// The name as Akinon writes it (`"cancellation_waiting"`).
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// The status with this code (`"100"`).
    pub fn from_code(code: &str) -> Option<Self> {
        TABLE
            .iter()
            .find(|(_, c, _)| *c == code)
            .map(|(s, _, _)| *s)
    }

    /// The status with this name (`"canceled"`; the spelling `"cancelled"` is accepted too).
    pub fn from_name(name: &str) -> Option<Self> {
        if name == "cancelled" {
            return Some(Self::Canceled);
        }
        TABLE
            .iter()
            .find(|(_, _, n)| *n == name)
            .map(|(s, _, _)| *s)
    }

    /// Whether the meaning of this status for a cancel is not documented (544–547): a cancel
    /// is refused until it is.
    pub fn is_unclear_for_cancel(self) -> bool {
        matches!(
            self,
            Self::ReviewStarted | Self::ReviewWaiting | Self::WaitingForPayment | Self::Paid
        )
    }
}

/// Which of the two spellings a status came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(
    clippy::exhaustive_enums,
    reason = "a status is written as its code or as its name: the two spellings there are"
)]
pub enum StatusForm {
    /// The numeric code as a string (`"50"`): webhooks, the integration API.
    Code,
    /// The name (`"cancellation_waiting"`): the sales-channel OpenAPI.
    Name,
}

/// An order or order-item `status`, kept exactly as sent.
///
/// JSON: a string, either the code (`"50"`) or the name (`"cancellation_waiting"`). An
/// undocumented value is kept (and written back) too; [`known`](Self::known) is then `None`
/// and strict validation flags it.
///
/// ```
/// use cancel_omnitron::wire::{KnownStatus, OrderStatus, StatusForm};
/// let by_code = OrderStatus::new("50");
/// let by_name = OrderStatus::new("cancellation_waiting");
/// assert_eq!(by_code.known(), Some(KnownStatus::CancellationWaiting));
/// assert_eq!(by_name.known(), by_code.known());
/// assert_eq!((by_code.form(), by_name.form()), (StatusForm::Code, StatusForm::Name));
/// assert_eq!(by_name.as_str(), "cancellation_waiting");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OrderStatus {
    raw: Box<str>,
    known: Option<KnownStatus>,
}

impl OrderStatus {
    /// Reads a status as sent.
    pub fn new(raw: impl Into<String>) -> Self {
        let raw = raw.into().into_boxed_str();
        let known = KnownStatus::from_code(&raw).or_else(|| KnownStatus::from_name(&raw));
        Self { raw, known }
    }

    /// A documented status in the given spelling.
    pub fn from_known(status: KnownStatus, form: StatusForm) -> Self {
        let raw = match form {
            StatusForm::Code => status.code(),
            StatusForm::Name => status.name(),
        };
        Self {
            raw: raw.into(),
            known: Some(status),
        }
    }

    /// The text as sent.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The documented status, if it is one.
    pub fn known(&self) -> Option<KnownStatus> {
        self.known
    }

    /// The spelling: a code when the text is all digits, a name otherwise.
    pub fn form(&self) -> StatusForm {
        if !self.raw.is_empty() && self.raw.bytes().all(|b| b.is_ascii_digit()) {
            StatusForm::Code
        } else {
            StatusForm::Name
        }
    }
}

impl fmt::Debug for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrderStatus({:?})", self.raw)
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;

        impl Visitor<'_> for V {
            type Value = OrderStatus;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a status code or name as a string (\"50\", \"cancellation_waiting\")")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<OrderStatus, E> {
                Ok(OrderStatus::new(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OrderStatus, E> {
                Err(E::invalid_type(Unexpected::Unsigned(v), &self))
            }
        }

        deserializer.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_and_unknowns() {
        for s in KnownStatus::ALL {
            assert_eq!(KnownStatus::from_code(s.code()), Some(s));
            assert_eq!(KnownStatus::from_name(s.name()), Some(s));
            assert_eq!(
                OrderStatus::from_known(s, StatusForm::Name).known(),
                Some(s)
            );
        }
        assert_eq!(
            OrderStatus::new("cancelled").known(),
            Some(KnownStatus::Canceled)
        );
        assert_eq!(OrderStatus::new("cancelled").as_str(), "cancelled");
        let unknown = OrderStatus::new("700");
        assert_eq!((unknown.known(), unknown.form()), (None, StatusForm::Code));
        assert!(serde_json::from_str::<OrderStatus>("50").is_err());
    }
}
