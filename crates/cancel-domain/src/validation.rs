//! `validator` interoperability (feature `validator`): a service that validates with
//! validator (axum-valid, actix-web-validator) accepts the wire types as they are, and
//! their errors carry wire paths.

use std::borrow::Cow;

/// Implements `validator::Validate` for a wire type with the crate's own check (a function
/// or closure of `&Type` returning `Result<_, PayloadErrors>`), whose errors become field
/// errors keyed by wire path. Every vendor crate
/// declares its request body with it (feature `validator`). Attributes before the type
/// go on the `impl` (the vendor crates pass their `doc(cfg(...))` badge this way).
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Body { id: String }
/// fn check(body: &Body) -> Result<(), cancel_domain::PayloadErrors> {
///     match body.id.is_empty() {
///         true => Err(cancel_domain::PayloadErrors::one("id", cancel_domain::ErrorKind::Range, "empty")),
///         false => Ok(()),
///     }
/// }
/// cancel_domain::impl_validate!(Body, check);
///
/// use validator::Validate;
/// assert!(Body { id: "1".into() }.validate().is_ok());
/// assert_eq!(Body { id: "".into() }.validate().unwrap_err().field_errors()["id"][0].code, "range");
/// ```
#[macro_export]
#[cfg_attr(docsrs, doc(cfg(feature = "validator")))]
macro_rules! impl_validate {
    ($(#[$attr:meta])* $ty:ty, $check:expr) => {
        $(#[$attr])*
        impl $crate::validator::Validate for $ty {
            fn validate(&self) -> ::core::result::Result<(), $crate::validator::ValidationErrors> {
                ($check)(self)
                    .map(|_| ())
                    .map_err($crate::validator::ValidationErrors::from)
            }
        }
    };
}

use crate::{ErrorKind, PayloadError, PayloadErrors};

#[cfg_attr(docsrs, doc(cfg(feature = "validator")))]
impl PayloadErrors {
    /// Builds errors from `validator`'s tree, mapping Rust field names to wire names.
    ///
    /// `base` is the wire path of the validated value (`""` for the root); `wire_name`
    /// maps a Rust field name to its JSON name (see [`crate::path::camel_case`]).
    /// A validation code that spells an [`ErrorKind`] is used as the kind; `length` and
    /// `range` become [`ErrorKind::Range`], `required` [`ErrorKind::Missing`], any other
    /// code [`ErrorKind::Rule`].
    pub fn from_validator(
        errors: &validator::ValidationErrors,
        base: &str,
        wire_name: &dyn Fn(&str) -> String,
    ) -> Self {
        let mut out = Vec::new();
        collect_validation(errors, base, wire_name, &mut out);
        Self(out)
    }
}

/// Each error becomes a field error keyed by its wire path (`orderItems[0].quantity`),
/// with the kind as its code (`range`, `missing`...) and the message.
///
/// ```
/// use cancel_domain::{ErrorKind, PayloadErrors};
/// let errors = PayloadErrors::one("orderItems[0].quantity", ErrorKind::Range, "must be at least 1");
/// let validation = validator::ValidationErrors::from(errors);
/// let fields = validation.field_errors();
/// assert_eq!(fields["orderItems[0].quantity"][0].code, "range");
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "validator")))]
impl From<PayloadErrors> for validator::ValidationErrors {
    fn from(errors: PayloadErrors) -> Self {
        let mut out = validator::ValidationErrors::new();
        for PayloadError {
            path,
            kind,
            message,
        } in errors.0
        {
            let mut error = validator::ValidationError::new("");
            error.code = Cow::Owned(kind.to_string());
            error.message = Some(Cow::Owned(message));
            if let validator::ValidationErrorsKind::Field(list) = out
                .errors_mut()
                .entry(Cow::Owned(path))
                .or_insert_with(|| validator::ValidationErrorsKind::Field(Vec::new()))
            {
                list.push(error);
            }
        }
        out
    }
}

fn collect_validation(
    errors: &validator::ValidationErrors,
    base: &str,
    wire_name: &dyn Fn(&str) -> String,
    out: &mut Vec<PayloadError>,
) {
    use validator::ValidationErrorsKind as K;
    for (field, kind) in errors.errors() {
        let path = if field == "__all__" {
            base.to_owned()
        } else {
            crate::path::field(base, &wire_name(field))
        };
        match kind {
            K::Field(list) => {
                for e in list {
                    let kind = kind_of_code(&e.code);
                    let message = e
                        .message
                        .as_deref()
                        .map_or_else(|| describe(e), str::to_owned);
                    out.push(PayloadError::new(path.clone(), kind, message));
                }
            }
            K::Struct(inner) => collect_validation(inner, &path, wire_name, out),
            K::List(items) => {
                for (index, inner) in items {
                    collect_validation(inner, &crate::path::index(&path, *index), wire_name, out);
                }
            }
        }
    }
}

fn kind_of_code(code: &str) -> ErrorKind {
    match code {
        "length" | "range" => ErrorKind::Range,
        "required" => ErrorKind::Missing,
        other => other.parse().unwrap_or(ErrorKind::Rule),
    }
}

fn describe(e: &validator::ValidationError) -> String {
    let min = e.params.get("min").map(ToString::to_string);
    let max = e.params.get("max").map(ToString::to_string);
    match (e.code.as_ref(), min, max) {
        ("length", Some(min), Some(max)) => format!("length must be between {min} and {max}"),
        ("length", Some(min), None) => format!("length must be at least {min}"),
        ("length", None, Some(max)) => format!("length must be at most {max}"),
        ("range", Some(min), Some(max)) => format!("must be between {min} and {max}"),
        ("range", Some(min), None) => format!("must be at least {min}"),
        ("range", None, Some(max)) => format!("must be at most {max}"),
        (code, _, _) => format!("failed the `{code}` check"),
    }
}
