//! Loading the policy (TOML) and orders (JSON) files.

use std::path::Path;

use cancel_kit::domain::{Policy, Vendor};

use crate::exit::Failure;

/// Reads a policy file, or the default policy when none is given.
///
/// The library takes a section of any vendor (a vendor crate of someone else's may read it);
/// `cancelkit` has only the five built in, so another name is a misspelling, refused at the
/// key with the names it could be.
pub(crate) fn policy(path: Option<&Path>) -> Result<Policy, Failure> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read policy {}: {e}", path.display())))?;
    let invalid =
        |e: toml::de::Error| Failure::usage(format!("invalid policy {}: {e}", path.display()));
    let policy: Policy = toml::from_str(&text).map_err(invalid)?;
    toml::from_str::<BuiltInSections>(&text).map_err(invalid)?;
    Ok(policy)
}

/// The `[vendor.X]` sections of a policy file, keyed by the vendors `cancelkit` has.
#[derive(serde::Deserialize)]
struct BuiltInSections {
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "read only to refuse the keys that are not built-in vendors"
    )]
    vendor: std::collections::BTreeMap<BuiltInVendor, serde::de::IgnoredAny>,
}

/// A built-in vendor's name; any other is serde's `unknown variant` error, which names the
/// five.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct BuiltInVendor(Vendor);

impl<'de> serde::Deserialize<'de> for BuiltInVendor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        match name.parse::<Vendor>() {
            Ok(vendor) if vendor.is_built_in() => Ok(Self(vendor)),
            _ => Err(serde::de::Error::unknown_variant(
                &name,
                &Vendor::BUILT_IN_NAMES,
            )),
        }
    }
}

/// An order directory over an orders file.
pub(crate) fn directory(path: &Path) -> Result<cancel_kit::domain::InMemoryOrderStore, Failure> {
    cancel_kit::domain::InMemoryOrderStore::from_file(path)
        .map_err(|e| Failure::usage(format!("cannot load orders {}: {e}", path.display())))
}
