//! Reading bytes into wire types: one fast pass, and a precise second pass only on failure.
//!
//! The fast pass is `serde_json::from_slice` straight into the borrowed wire types, after a
//! byte-level nesting check. Duplicate keys are refused inside the wire types' own visitors
//! (and inside [`Kept`] for free-form JSON), so the fast pass alone enforces the
//! whole contract of `cancel_domain::json::parse` (size, depth, duplicates, syntax, types).
//! When it fails, the document is read again with `cancel_domain::json::scan` and
//! `cancel_domain::json::parse_tracked` to report the problem with its wire path and kind
//! (classified by the domain's one classifier, `cancel_domain::json::error_of`).

use std::cell::Cell;

use cancel_domain::wire::Kept;
use cancel_domain::{json::Limits, path, ErrorKind, PayloadErrors};
use serde::de::{self, DeserializeSeed};
use serde::Deserialize;

/// The custom serde error of a repeated key.
pub(crate) fn duplicate_key<E: de::Error>(key: &str) -> E {
    E::custom(path::kinded(
        ErrorKind::Duplicate,
        format_args!("key {key:?} appears more than once in the same object"),
    ))
}

/// Reads `bytes` as a `T`, borrowing text from `bytes` where it has no escapes.
///
/// `typed_depth` is, for wire types whose own nesting is bounded, the deepest nesting at
/// which the type holds free-form JSON ([`CheckedValue`]); free-form values then get the
/// rest of `limits.max_depth` as their budget and no byte-level prescan is needed. `None`
/// (recursive types such as `errorModel`): the bytes are prescanned for nesting.
pub(crate) fn read<'a, T: Deserialize<'a>>(
    bytes: &'a [u8],
    limits: &Limits,
    typed_depth: Option<usize>,
) -> Result<T, PayloadErrors> {
    if bytes.len() > limits.max_bytes {
        return slow(bytes, limits);
    }
    let budget = match typed_depth {
        Some(depth) => limits.max_depth.saturating_sub(depth),
        None if nesting_exceeds(bytes, limits.max_depth) => return slow(bytes, limits),
        None => usize::MAX,
    };
    match with_budget(budget, || serde_json::from_slice::<T>(bytes)) {
        Ok(value) => Ok(value),
        Err(_) => slow(bytes, limits),
    }
}

thread_local! {
    /// How deep free-form values may nest in the read under way (see [`read`]).
    static FREE_DEPTH: Cell<usize> = const { Cell::new(usize::MAX) };
}

fn with_budget<R>(budget: usize, f: impl FnOnce() -> R) -> R {
    let before = FREE_DEPTH.with(|d| d.replace(budget));
    let out = f();
    FREE_DEPTH.with(|d| d.set(before));
    out
}

/// Whether arrays and objects nest deeper than `max` (strings are skipped, escapes honoured).
///
/// Same semantics as `cancel_domain::json::scan`: `max` levels are fine, `max + 1` are not.
pub(crate) fn nesting_exceeds(bytes: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// The second, slower pass: the domain's scan (size, depth, duplicates, syntax, with exact
/// paths), then its path-tracking read, which reports the first typed problem with its path
/// and kind. A fast pass that failed only on a conservative depth budget succeeds here.
fn slow<'a, T: Deserialize<'a>>(bytes: &'a [u8], limits: &Limits) -> Result<T, PayloadErrors> {
    cancel_domain::json::scan(bytes, limits)?;
    with_budget(usize::MAX, || cancel_domain::json::parse_tracked(bytes))
}

/// Reads any JSON value as a [`Kept`] (its exact text), refusing duplicate keys (the kept
/// value does) and nesting beyond the budget of the read under way.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CheckedValue;

impl<'de> DeserializeSeed<'de> for CheckedValue {
    type Value = Kept;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Kept, D::Error> {
        let kept = Kept::deserialize(deserializer)?;
        let left = FREE_DEPTH.with(Cell::get);
        if left < usize::MAX
            && matches!(kept.get().as_bytes().first(), Some(b'{' | b'['))
            && nesting_exceeds(kept.get().as_bytes(), left)
        {
            return Err(de::Error::custom(path::kinded(
                ErrorKind::Syntax,
                "nesting deeper than the limit",
            )));
        }
        Ok(kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_check_matches_the_domain_scanner() {
        for depth in [1usize, 5, 63, 64, 65, 100] {
            let doc = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let ours = nesting_exceeds(doc.as_bytes(), 64);
            let theirs = cancel_domain::json::scan(doc.as_bytes(), &Limits::DEFAULT).is_err();
            assert_eq!(ours, theirs, "depth {depth}");
        }
        assert!(!nesting_exceeds(br#"{"a":"[[[[[[\"[[[["}"#, 2));
        assert!(nesting_exceeds(br#"{"a":{"b":{}}}"#, 2));
    }

    #[test]
    fn checked_values_refuse_duplicates() {
        // The same key in different objects is no duplicate.
        assert!(read::<Wrapped>(br#"{"x":{"b":{"b":1}}}"#, &Limits::DEFAULT, Some(0)).is_ok());
        // The fast pass: `CheckedValue` itself refuses the repeated key, as a duplicate.
        let e = serde_json::from_slice::<Wrapped>(br#"{"x":{"b":1,"b":2}}"#).unwrap_err();
        let errors = cancel_domain::json::error_of(String::new(), &e);
        assert_eq!(errors.0[0].kind, ErrorKind::Duplicate, "{e}");
        assert!(
            errors.0[0]
                .message
                .starts_with(r#"key "b" appears more than once"#),
            "{errors:?}"
        );
        // Through `read`: one error, of kind duplicate, at the repeated key.
        let errors =
            read::<Wrapped>(br#"{"x":{"b":1,"b":2}}"#, &Limits::DEFAULT, Some(0)).unwrap_err();
        assert_eq!(errors.0.len(), 1, "{errors:?}");
        assert_eq!(errors.0[0].kind, ErrorKind::Duplicate, "{errors:?}");
        assert_eq!(errors.0[0].path, "x.b", "{errors:?}");
    }

    #[test]
    fn free_values_get_the_rest_of_the_depth_budget() {
        let limits = Limits {
            max_bytes: 1 << 20,
            max_depth: 4,
        };
        // The free value is the whole document (typed depth 0): 4 levels pass, 5 do not.
        assert!(read::<Wrapped>(br#"{"x":[[[1]]]}"#, &limits, Some(0)).is_ok());
        let err = read::<Wrapped>(br#"{"x":[[[[1]]]]}"#, &limits, Some(0)).unwrap_err();
        assert_eq!(err.0[0].kind, ErrorKind::Syntax);
        // A conservative typed depth is only a fast-path budget: the exact scan decides.
        assert!(read::<Wrapped>(br#"{"x":[[[1]]]}"#, &limits, Some(3)).is_ok());
    }

    #[derive(Debug)]
    struct Wrapped;

    impl<'de> Deserialize<'de> for Wrapped {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            CheckedValue.deserialize(d).map(|_| Wrapped)
        }
    }
}
