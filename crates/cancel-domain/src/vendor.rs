//! The vendors cancel-kit speaks, and the dialect names of the CLI.

use serde::{Deserialize, Serialize};

/// A vendor API with its own cancel dialect: one of the five built in, or one whose crate
/// lives outside cancel-kit ([`Vendor::other`]).
///
/// Spelled in `snake_case` everywhere (CLI, policy file, core JSON): `chatbot`, `mozu`,
/// `unicommerce`, `occ`, `omnitron`, or the other vendor's [`VendorName`]. The set is open: a
/// sixth vendor crate names itself with [`Vendor::other`] and needs no change here; match
/// with a wildcard arm.
///
/// ```
/// use cancel_domain::Vendor;
/// const SHOPIFY: Vendor = Vendor::other("shopify").unwrap();
/// assert_eq!(SHOPIFY.to_string(), "shopify");
/// assert_eq!("shopify".parse::<Vendor>(), Ok(SHOPIFY));
/// // A built-in name is always its variant.
/// assert_eq!(Vendor::other("mozu"), Some(Vendor::Mozu));
/// assert_eq!(serde_json::to_string(&Vendor::Occ).unwrap(), r#""occ""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Vendor {
    /// The chatbot e-commerce integration (`POST /api/rest/v1/ecom/integrations/cancelOrder`).
    Chatbot,
    /// Kibo / Mozu Order Management, translated API (`POST /api/v2/order/action/cancel`).
    Mozu,
    /// Unicommerce (Uniware) marketplace order cancel (`POST /orders/cancel`).
    Unicommerce,
    /// Oracle Commerce Cloud `cancelOrder`.
    Occ,
    /// Akinon Omnitron (`POST /api/i1/orders/{order_id}/cancel/`).
    Omnitron,
    /// A vendor whose crate lives outside cancel-kit, by its name (never a built-in name:
    /// see [`Vendor::other`]).
    Other(VendorName),
}

/// A dialect name as the CLI takes it: a vendor, or `core` for the canonical JSON.
///
/// Open like [`Vendor`]: `DialectId::from(vendor)` names any vendor's dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum DialectId {
    /// The canonical JSON of `cancel-domain`.
    Core,
    /// See [`Vendor::Chatbot`].
    Chatbot,
    /// See [`Vendor::Mozu`].
    Mozu,
    /// See [`Vendor::Unicommerce`].
    Unicommerce,
    /// See [`Vendor::Occ`].
    Occ,
    /// See [`Vendor::Omnitron`].
    Omnitron,
    /// See [`Vendor::Other`].
    Other(VendorName),
}

/// The name of a vendor whose crate lives outside cancel-kit: `snake_case` ASCII (a lowercase
/// letter, then lowercase letters, digits and `_`), at most [`VendorName::MAX_LEN`] bytes,
/// and neither `core` nor a built-in vendor's name.
///
/// Held inline, so [`Vendor`] and [`DialectId`] stay `Copy` and no name is ever leaked or
/// interned.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VendorName {
    // ASCII, zero-padded: byte order is the names' order.
    bytes: [u8; VendorName::MAX_LEN],
    len: u8,
}

/// A vendor or dialect name that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a vendor name: {problem}")]
#[non_exhaustive]
pub struct VendorNameError {
    /// The name as given.
    pub name: String,
    /// What is wrong with it.
    pub problem: &'static str,
}

const BUILT_IN_NAMES: [(&str, Vendor); 5] = [
    ("chatbot", Vendor::Chatbot),
    ("mozu", Vendor::Mozu),
    ("unicommerce", Vendor::Unicommerce),
    ("occ", Vendor::Occ),
    ("omnitron", Vendor::Omnitron),
];

impl VendorName {
    /// The longest name, in bytes.
    pub const MAX_LEN: usize = 31;

    /// What is wrong with `name` as an outside vendor's name, if anything (`const`, so a
    /// `const` [`Vendor::other`] is checked at compile time).
    const fn problem(name: &str) -> Option<&'static str> {
        let bytes = name.as_bytes();
        if bytes.len() > Self::MAX_LEN {
            return Some("it is longer than 31 bytes");
        }
        let Some((first, mut rest)) = bytes.split_first() else {
            return Some("it is empty");
        };
        if !first.is_ascii_lowercase() {
            return Some("it must start with a lowercase ASCII letter");
        }
        while let Some((b, tail)) = rest.split_first() {
            if !(b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_') {
                return Some("only lowercase ASCII letters, digits and `_` may follow");
            }
            rest = tail;
        }
        if const_eq(bytes, b"core") {
            return Some("`core` names the canonical dialect");
        }
        None
    }

    /// `name`, already known to have no [`problem`](Self::problem) (so at most `MAX_LEN`).
    const fn new_unchecked(name: &str) -> Self {
        let mut bytes = [0; Self::MAX_LEN];
        let mut len = 0;
        let mut to: &mut [u8] = &mut bytes;
        let mut from = name.as_bytes();
        while let (Some((slot, to_rest)), Some((b, from_rest))) =
            (to.split_first_mut(), from.split_first())
        {
            *slot = *b;
            len += 1;
            to = to_rest;
            from = from_rest;
        }
        Self { bytes, len }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        let name = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        // Built only from checked ASCII, so always UTF-8.
        std::str::from_utf8(name).unwrap_or_default()
    }
}

/// Byte equality usable in `const fn`.
const fn const_eq(a: &[u8], b: &[u8]) -> bool {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.split_first(), b.split_first()) {
            (None, None) => return true,
            (Some((x, a_rest)), Some((y, b_rest))) if *x == *y => {
                a = a_rest;
                b = b_rest;
            }
            _ => return false,
        }
    }
}

impl Vendor {
    /// The five vendors built into cancel-kit, in the order of their dialects.
    pub const BUILT_IN: [Vendor; 5] = [
        Vendor::Chatbot,
        Vendor::Mozu,
        Vendor::Unicommerce,
        Vendor::Occ,
        Vendor::Omnitron,
    ];

    /// The names of [`Vendor::BUILT_IN`], in the same order.
    pub const BUILT_IN_NAMES: [&'static str; 5] =
        ["chatbot", "mozu", "unicommerce", "occ", "omnitron"];

    /// The vendor named `name`: a built-in vendor's variant for its name, otherwise
    /// [`Vendor::Other`]; `None` when `name` cannot name a vendor (see [`VendorName`]).
    /// `const`, so a sixth vendor crate declares `const SHOPIFY: Vendor =
    /// Vendor::other("shopify").unwrap();` and a bad name fails the build.
    pub const fn other(name: &'static str) -> Option<Vendor> {
        let mut known: &[(&str, Vendor)] = &BUILT_IN_NAMES;
        while let Some(((known_name, vendor), rest)) = known.split_first() {
            if const_eq(name.as_bytes(), known_name.as_bytes()) {
                return Some(*vendor);
            }
            known = rest;
        }
        match VendorName::problem(name) {
            None => Some(Vendor::Other(VendorName::new_unchecked(name))),
            Some(_) => None,
        }
    }

    /// The vendor's name, as the CLI, the policy file and the core JSON spell it.
    pub fn as_str(&self) -> &str {
        match self {
            Vendor::Chatbot => "chatbot",
            Vendor::Mozu => "mozu",
            Vendor::Unicommerce => "unicommerce",
            Vendor::Occ => "occ",
            Vendor::Omnitron => "omnitron",
            Vendor::Other(name) => name.as_str(),
        }
    }

    /// Whether this is one of the five vendors built into cancel-kit.
    pub fn is_built_in(&self) -> bool {
        !matches!(self, Vendor::Other(_))
    }
}

impl std::str::FromStr for Vendor {
    type Err = VendorNameError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        if let Some((_, vendor)) = BUILT_IN_NAMES.iter().find(|(known, _)| *known == name) {
            return Ok(*vendor);
        }
        match VendorName::problem(name) {
            None => Ok(Vendor::Other(VendorName::new_unchecked(name))),
            Some(problem) => Err(VendorNameError {
                name: name.to_owned(),
                problem,
            }),
        }
    }
}

impl DialectId {
    /// The dialects built into cancel-kit: `core`, then each of [`Vendor::BUILT_IN`].
    pub const BUILT_IN: [DialectId; 6] = [
        DialectId::Core,
        DialectId::Chatbot,
        DialectId::Mozu,
        DialectId::Unicommerce,
        DialectId::Occ,
        DialectId::Omnitron,
    ];

    /// The dialect of `vendor` (`const`, for a [`VendorApi::ID`](crate::VendorApi::ID)).
    pub const fn of(vendor: Vendor) -> Self {
        match vendor {
            Vendor::Chatbot => Self::Chatbot,
            Vendor::Mozu => Self::Mozu,
            Vendor::Unicommerce => Self::Unicommerce,
            Vendor::Occ => Self::Occ,
            Vendor::Omnitron => Self::Omnitron,
            Vendor::Other(name) => Self::Other(name),
        }
    }

    /// The vendor behind this dialect; `None` for `core`.
    pub fn vendor(self) -> Option<Vendor> {
        match self {
            Self::Core => None,
            Self::Chatbot => Some(Vendor::Chatbot),
            Self::Mozu => Some(Vendor::Mozu),
            Self::Unicommerce => Some(Vendor::Unicommerce),
            Self::Occ => Some(Vendor::Occ),
            Self::Omnitron => Some(Vendor::Omnitron),
            Self::Other(name) => Some(Vendor::Other(name)),
        }
    }

    /// The dialect's name: `core` or its vendor's.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Core => "core",
            Self::Chatbot => "chatbot",
            Self::Mozu => "mozu",
            Self::Unicommerce => "unicommerce",
            Self::Occ => "occ",
            Self::Omnitron => "omnitron",
            Self::Other(name) => name.as_str(),
        }
    }
}

impl From<Vendor> for DialectId {
    fn from(v: Vendor) -> Self {
        Self::of(v)
    }
}

impl std::str::FromStr for DialectId {
    type Err = VendorNameError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        if name == "core" {
            return Ok(Self::Core);
        }
        name.parse::<Vendor>().map(Self::from)
    }
}

/// `Display`, `Serialize` and `Deserialize` as the name; the JSON Schema an open string that
/// lists the built-in names as examples.
macro_rules! named {
    ($($ty:ident: $expecting:literal, $schema:tt;)+) => {$(
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visit;

                impl serde::de::Visitor<'_> for Visit {
                    type Value = $ty;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<$ty, E> {
                        // `invalid value`: kind `range`; the name is not quoted back.
                        name.parse()
                            .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(name), &self))
                    }
                }

                deserializer.deserialize_str(Visit)
            }
        }

        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!($schema)
            }
        }
    )+};
}

named! {
    Vendor: "a vendor name (chatbot, mozu, unicommerce, occ, omnitron, or another vendor's: a lowercase ASCII letter, then lowercase letters, digits and `_`, at most 31 bytes)", {
        "description": "A vendor API with its own cancel dialect: one of the five built in (chatbot, mozu, unicommerce, occ, omnitron) or another vendor's snake_case name.",
        "type": "string",
        "pattern": "^[a-z][a-z0-9_]{0,30}$",
        "not": { "const": "core" },
        "examples": ["chatbot", "mozu", "unicommerce", "occ", "omnitron"],
    };
    DialectId: "a dialect name (core, or a vendor's name)", {
        "description": "A dialect: core (the canonical JSON) or a vendor's name.",
        "type": "string",
        "pattern": "^[a-z][a-z0-9_]{0,30}$",
        "examples": ["core", "chatbot", "mozu", "unicommerce", "occ", "omnitron"],
    };
}

impl std::fmt::Debug for VendorName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for VendorName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which payload of a dialect: the request, the success response, or the error body.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[allow(
    clippy::exhaustive_enums,
    reason = "a body is a request, a response or an error: a closed set"
)]
pub enum PayloadKind {
    /// The cancel request body.
    Request,
    /// The success response body.
    Response,
    /// The error (refusal) body.
    Error,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_as_they_are_written() {
        for v in Vendor::BUILT_IN {
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::Value::String(v.to_string())
            );
            assert_eq!(v.to_string().parse::<Vendor>(), Ok(v));
            assert_eq!(DialectId::from(v).to_string(), v.to_string());
            assert_eq!(DialectId::from(v).vendor(), Some(v));
        }
        for (name, v) in BUILT_IN_NAMES {
            assert_eq!(Vendor::other(name), Some(v));
            assert_eq!(v.as_str(), name);
        }
        let names: Vec<_> = Vendor::BUILT_IN.iter().map(Vendor::as_str).collect();
        assert_eq!(names, Vendor::BUILT_IN_NAMES);
        for id in DialectId::BUILT_IN {
            assert_eq!(id.to_string().parse::<DialectId>(), Ok(id));
        }
        assert_eq!(DialectId::Core.to_string(), "core");
    }

    #[test]
    fn an_outside_vendor_is_named_by_a_checked_name() {
        let shopify = Vendor::other("shopify").unwrap();
        assert_eq!(shopify.as_str(), "shopify");
        assert!(!shopify.is_built_in());
        let read: Vendor = serde_json::from_str(r#""shopify""#).unwrap();
        assert_eq!(read, shopify);
        assert_eq!(DialectId::from(shopify).vendor(), Some(shopify));
        let longest = "a23456789_123456789_123456789_1";
        assert_eq!(
            Vendor::other(longest).map(|v| v.to_string()),
            Some(longest.to_owned())
        );
        for bad in [
            "",
            "core",
            "Shopify",
            "9lives",
            "shop-ify",
            "a23456789_123456789_123456789_12",
        ] {
            assert_eq!(Vendor::other(bad), None, "{bad:?}");
            let error = bad.parse::<Vendor>().unwrap_err();
            assert_eq!(error.name, bad);
        }
        assert_eq!("core".parse::<DialectId>(), Ok(DialectId::Core));
        let error = serde_json::from_str::<Vendor>(r#""Shopify""#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid value: string \"Shopify\", expected a vendor name"),
            "{error}"
        );
    }

    #[test]
    fn built_in_vendors_sort_first_in_their_order() {
        let shopify = Vendor::other("shopify").unwrap();
        let aaa = Vendor::other("aaa").unwrap();
        let mut all = vec![shopify, Vendor::Omnitron, aaa, Vendor::Chatbot, Vendor::Occ];
        all.sort();
        assert_eq!(
            all,
            [Vendor::Chatbot, Vendor::Occ, Vendor::Omnitron, aaa, shopify]
        );
    }
}
