//! Building wire paths (`orderItems[2].quantity`) and kinded custom serde messages.

use crate::error::ErrorKind;

/// `base.name`, or `name` at the root.
///
/// ```
/// assert_eq!(cancel_domain::path::field("", "orderId"), "orderId");
/// assert_eq!(cancel_domain::path::field("orderItems[0]", "quantity"), "orderItems[0].quantity");
/// ```
pub fn field(base: &str, name: &str) -> String {
    if base.is_empty() || base == crate::error::ROOT {
        name.to_owned()
    } else {
        // Pushed, not `format!`ed: translations build these per item on the hot path.
        let mut path = String::with_capacity(base.len() + 1 + name.len());
        path.push_str(base);
        path.push('.');
        path.push_str(name);
        path
    }
}

/// `base[i]`.
///
/// ```
/// assert_eq!(cancel_domain::path::index("orderItems", 2), "orderItems[2]");
/// ```
pub fn index(base: &str, i: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(i);
    let mut path = String::with_capacity(base.len() + digits.len() + 2);
    path.push_str(base);
    path.push('[');
    path.push_str(digits);
    path.push(']');
    path
}

/// `snake_case` Rust field name to its `camelCase` JSON name.
///
/// ```
/// assert_eq!(cancel_domain::path::camel_case("disposition_other_reason"), "dispositionOtherReason");
/// ```
pub fn camel_case(rust_name: &str) -> String {
    let mut out = String::with_capacity(rust_name.len());
    let mut upper = false;
    for c in rust_name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The identity mapping, for wire formats whose JSON names equal the Rust names.
pub fn same_name(rust_name: &str) -> String {
    rust_name.to_owned()
}

/// A custom serde error message that carries its [`ErrorKind`] (`"enum: ..."`).
///
/// Use it in hand-written `Deserialize` impls: `de::Error::custom(kinded(ErrorKind::Enum, "..."))`.
pub fn kinded(kind: ErrorKind, message: impl std::fmt::Display) -> String {
    format!("{kind}: {message}")
}
