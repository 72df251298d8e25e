//! Loading the policy (TOML) and orders (JSON) files.

use std::path::Path;

use cancel_kit::domain::{OrdersFile, Policy};

use crate::exit::Failure;

/// Reads a policy file, or the default policy when none is given.
pub(crate) fn policy(path: Option<&Path>) -> Result<Policy, Failure> {
    let Some(path) = path else { return Ok(Policy::default()) };
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read policy {}: {e}", path.display())))?;
    toml::from_str(&text).map_err(|e| Failure::usage(format!("invalid policy {}: {e}", path.display())))
}

/// Reads an orders file (`{"orders": [ ... ]}` of core orders).
pub(crate) fn orders(path: &Path) -> Result<OrdersFile, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::usage(format!("cannot read orders {}: {e}", path.display())))?;
    let limits = cancel_kit::domain::json::Limits { max_bytes: usize::MAX, max_depth: 64 };
    cancel_kit::domain::json::parse(&bytes, &limits)
        .map_err(|e| Failure::usage(format!("invalid orders file {}: {e}", path.display())))
}

/// An order directory over an orders file.
pub(crate) fn directory(path: &Path) -> Result<OrdersDirectory, Failure> {
    Ok(OrdersDirectory(orders(path)?))
}

/// A read-only directory over an orders file.
#[derive(Debug)]
pub(crate) struct OrdersDirectory(OrdersFile);

#[async_trait::async_trait]
impl cancel_kit::domain::OrderDirectory for OrdersDirectory {
    async fn find_order(
        &self,
        id: &str,
        id_space: Option<cancel_kit::domain::Vendor>,
    ) -> Result<Option<cancel_kit::domain::Order>, cancel_kit::domain::LookupError> {
        Ok(self.0.orders.iter().find(|o| o.is_named(id, id_space)).cloned())
    }
}
