//! Lookups the translator needs: find an order by any vendor's order id.

use async_trait::async_trait;

use crate::{Order, Vendor};

/// A lookup failed for a reason other than "not found".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("order lookup failed: {message}")]
pub struct LookupError {
    /// What went wrong.
    pub message: String,
}

/// Finds orders for translations that need facts the payload does not carry
/// (the lines of a whole-order cancel, an Akinon pk for an order number...).
#[async_trait]
pub trait OrderDirectory: Send + Sync {
    /// The order named `id` in `id_space` (`None`: canonical ids).
    ///
    /// # Errors
    ///
    /// [`LookupError`] when the directory cannot answer; `Ok(None)` when there is no such order.
    async fn find_order(
        &self,
        id: &str,
        id_space: Option<Vendor>,
    ) -> Result<Option<Order>, LookupError>;
}
