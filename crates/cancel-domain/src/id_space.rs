//! Which order ids may cross from one vendor to another.
//!
//! An order id is named in an *id space* ([`CancelRequest::id_space`](crate::CancelRequest),
//! [`CancelOutcome::id_space`](crate::CancelOutcome)): canonical (`None`) or a vendor's.
//! Most vendors name orders by the order number the shopper and every other system see, so
//! such an id may be written as another vendor's order id as it is. Akinon names orders by
//! its database key (`pk`), which no other system knows: an Akinon pk never becomes another
//! vendor's order id; the order is looked up instead, or the translation is refused.

use crate::{Order, OrderRef, TranslateError, Vendor};

/// Whether `vendor`'s order ids are its own keys rather than order numbers other systems
/// share (Akinon's integer `pk`). A vendor outside cancel-kit is taken to name orders by
/// their numbers, as four of the five built-in vendors do.
pub fn ids_are_private(vendor: Vendor) -> bool {
    match vendor {
        Vendor::Omnitron => true,
        Vendor::Chatbot | Vendor::Mozu | Vendor::Unicommerce | Vendor::Occ | Vendor::Other(_) => {
            false
        }
    }
}

/// The order id `target` uses for the order named `order` in `id_space`.
///
/// - An id already in `target`'s space is used as it is.
/// - A looked-up order that carries the same name gives its id at `target`.
/// - Otherwise an order number is used as it is, and a private id (an Akinon pk) is refused
///   with [`TranslateError::NeedsLookup`].
///
/// ```
/// use cancel_domain::{id_space::order_id_for, OrderRef, Vendor};
/// let pk = OrderRef::new("5423");
/// assert_eq!(order_id_for(Vendor::Omnitron, &pk, Some(Vendor::Omnitron), None).unwrap(), "5423");
/// assert!(order_id_for(Vendor::Occ, &pk, Some(Vendor::Omnitron), None).is_err());
/// let number = OrderRef::new("o30412");
/// assert_eq!(order_id_for(Vendor::Occ, &number, Some(Vendor::Chatbot), None).unwrap(), "o30412");
/// ```
///
/// # Errors
///
/// [`TranslateError::NeedsLookup`] for a private id and no looked-up order.
pub fn order_id_for<'a>(
    target: Vendor,
    order: &'a OrderRef,
    id_space: Option<Vendor>,
    looked_up: Option<&'a Order>,
) -> Result<&'a str, TranslateError> {
    if id_space == Some(target) {
        return Ok(order.as_str());
    }
    if let Some(found) = looked_up.filter(|o| o.is_named(order.as_str(), id_space)) {
        return Ok(found.id_at(target));
    }
    match id_space {
        Some(source) if ids_are_private(source) => Err(TranslateError::NeedsLookup {
            what: format!(
                "order {order} is named by its {source} key, which {target} does not know; \
                 the order's {target} id comes from the order directory"
            ),
        }),
        _ => Ok(order.as_str()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_looked_up_order_gives_the_target_id() {
        let order: Order = serde_json::from_str(
            r#"{"id":"C-1","vendor_ids":{"omnitron":"5423","occ":"o30412"},"lines":[]}"#,
        )
        .unwrap();
        let pk = OrderRef::new("5423");
        let id = order_id_for(Vendor::Occ, &pk, Some(Vendor::Omnitron), Some(&order));
        assert_eq!(id.ok(), Some("o30412"));
        // A looked-up order of another name is not used.
        let other = OrderRef::new("5424");
        let id = order_id_for(Vendor::Occ, &other, Some(Vendor::Omnitron), Some(&order));
        assert!(matches!(id, Err(TranslateError::NeedsLookup { .. })));
    }

    #[test]
    fn order_numbers_cross_as_they_are() {
        let number = OrderRef::new("100045");
        for source in [
            None,
            Some(Vendor::Chatbot),
            Some(Vendor::Mozu),
            Some(Vendor::Occ),
        ] {
            let id = order_id_for(Vendor::Unicommerce, &number, source, None);
            assert_eq!(id.ok(), Some("100045"));
        }
    }
}
