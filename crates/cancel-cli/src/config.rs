//! Loading the policy (TOML) and orders (JSON) files.

use std::path::Path;

use cancel_kit::domain::{Policy, StoreError, Vendor, ORDERS_FILE_LIMITS};

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
        .and_then(|store| built_in_vendor_ids(path).map(|()| store))
        .map_err(|e| Failure::usage(format!("cannot load orders {}: {e}", path.display())))
}

/// Checks that the `vendor_ids` of an orders file the library has read name only vendors
/// `cancelkit` has. The library keeps any vendor's ids (a vendor crate of someone else's
/// may use them); here another name is a misspelling, which would leave the order unfound
/// at that vendor: it is refused as the five-vendor model refused it, at the map, with the
/// names it could be.
pub(crate) fn built_in_vendor_ids(path: &Path) -> Result<(), StoreError> {
    let Ok(bytes) = std::fs::read(path) else {
        // The library read it a moment ago; a file gone since is its reader's to report.
        return Ok(());
    };
    // The limits the library read the file with (an orders file may be far larger than a
    // payload).
    cancel_kit::domain::json::parse::<OrdersVendorIds>(&bytes, &ORDERS_FILE_LIMITS)
        .map(|_| ())
        .map_err(StoreError::Invalid)
}

/// The vendor-id maps of an orders file, keyed by the vendors `cancelkit` has.
#[derive(serde::Deserialize)]
#[allow(
    dead_code,
    reason = "read only to refuse the keys that are not built-in vendors"
)]
struct OrdersVendorIds {
    orders: Vec<OrderVendorIds>,
}

#[derive(serde::Deserialize)]
#[allow(
    dead_code,
    reason = "read only to refuse the keys that are not built-in vendors"
)]
struct OrderVendorIds {
    #[serde(default)]
    vendor_ids: std::collections::BTreeMap<BuiltInVendor, serde::de::IgnoredAny>,
    #[serde(default)]
    lines: Vec<LineVendorIds>,
}

#[derive(serde::Deserialize)]
#[allow(
    dead_code,
    reason = "read only to refuse the keys that are not built-in vendors"
)]
struct LineVendorIds {
    #[serde(default)]
    vendor_ids: std::collections::BTreeMap<BuiltInVendor, serde::de::IgnoredAny>,
}
