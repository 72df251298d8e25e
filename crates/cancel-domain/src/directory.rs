//! Lookups the translator needs: find an order by any vendor's order id.

use std::sync::Arc;

use async_trait::async_trait;

use crate::{Order, Vendor};

/// A lookup failed for a reason other than "not found".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("order lookup failed: {message}")]
#[non_exhaustive]
pub struct LookupError {
    /// What went wrong.
    pub message: String,
}

impl LookupError {
    /// A lookup that failed: `message` says what went wrong.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
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

    /// [`find_order`](Self::find_order), shared: a directory that keeps its orders in
    /// memory hands out a reference-counted order instead of a deep copy (the translator
    /// looks an order up for every document it converts). The default wraps `find_order`.
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use cancel_domain::{InMemoryOrderStore, OrderDirectory, Vendor};
    /// let store = InMemoryOrderStore::from_json(br#"{"orders":[
    ///   {"id":"1001","vendor_ids":{"mozu":"5501"},"lines":[{"id":"L1","quantities":{"ordered":1}}]}
    /// ]}"#).unwrap();
    /// let a = store.find_order_shared("5501", Some(Vendor::Mozu)).await.unwrap().unwrap();
    /// let b = store.find_order_shared("1001", None).await.unwrap().unwrap();
    /// assert!(std::sync::Arc::ptr_eq(&a, &b)); // the same order, not two copies
    /// # });
    /// ```
    ///
    /// # Errors
    ///
    /// As [`find_order`](Self::find_order).
    async fn find_order_shared(
        &self,
        id: &str,
        id_space: Option<Vendor>,
    ) -> Result<Option<Arc<Order>>, LookupError> {
        Ok(self.find_order(id, id_space).await?.map(Arc::new))
    }
}
