//! Loading the policy (TOML) and orders (JSON) files.

use std::path::Path;

use cancel_kit::domain::Policy;

use crate::exit::Failure;

/// Reads a policy file, or the default policy when none is given.
pub(crate) fn policy(path: Option<&Path>) -> Result<Policy, Failure> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read policy {}: {e}", path.display())))?;
    toml::from_str(&text)
        .map_err(|e| Failure::usage(format!("invalid policy {}: {e}", path.display())))
}

/// An order directory over an orders file.
pub(crate) fn directory(path: &Path) -> Result<cancel_kit::domain::InMemoryOrderStore, Failure> {
    cancel_kit::domain::InMemoryOrderStore::from_file(path)
        .map_err(|e| Failure::usage(format!("cannot load orders {}: {e}", path.display())))
}
