//! Strict JSON reading shared by every dialect.
//!
//! [`parse`] checks size, nesting depth and duplicate keys (which serde would otherwise
//! resolve as "last one wins" inside maps) and reads the typed value; every error carries
//! its wire path.
//!
//! Valid documents take a fast path: a byte-level pass over the structure (depth and
//! duplicate keys, no allocation for objects of up to 16 keys) and a plain
//! `serde_json` read. Anything that pass cannot vouch for (a key with an escape, a
//! repeated key, too deep, too large) and any document the plain read refuses is read
//! again the precise way, [`scan`] and then a `serde_path_to_error` read, so errors are
//! exactly those of that slow path.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

use crate::error::{classify_serde_message, ErrorKind, PayloadError, PayloadErrors};

/// Bounds on what a document may cost to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[allow(
    clippy::exhaustive_structs,
    reason = "two numbers, built by literal from `Limits::DEFAULT`"
)]
pub struct Limits {
    /// Largest accepted document, in bytes (default 4 MiB).
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects (default 64).
    pub max_depth: usize,
}

impl Limits {
    /// The documented defaults: 4 MiB, depth 64.
    pub const DEFAULT: Self = Self {
        max_bytes: 4 * 1024 * 1024,
        max_depth: 64,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Reads `bytes` as a `T` under `limits`, rejecting duplicate keys.
///
/// # Errors
///
/// A [`PayloadErrors`] with one entry: kind `syntax` for bytes that are not JSON or pass
/// the limits, `duplicate` for a repeated key, or the kind of the first typed error.
///
/// ```
/// use cancel_domain::{json, ErrorKind};
/// #[derive(serde::Deserialize)]
/// struct Body { #[serde(rename = "orderId")] _order_id: String }
/// let err = json::parse::<Body>(br#"{"orderId":"1","orderId":"2"}"#, &json::Limits::DEFAULT)
///     .err()
///     .unwrap();
/// assert!(err.has("orderId", ErrorKind::Duplicate));
/// ```
pub fn parse<T: DeserializeOwned>(bytes: &[u8], limits: &Limits) -> Result<T, PayloadErrors> {
    if bytes.len() <= limits.max_bytes && structure_is_plain(bytes, limits.max_depth) {
        if let Ok(value) = read_plain(bytes) {
            return Ok(value);
        }
    }
    scan(bytes, limits)?;
    read_tracked(bytes)
}

/// A wire type whose reading checks its own keys: its `Deserialize` refuses a modelled key
/// given twice (any error will do), and after reading it can tell whether it met any key
/// it does not model.
///
/// For such a value, a successful read with no unmodelled key anywhere proves there was
/// no repeated key, so [`parse_strict`] skips the byte-level pass that [`parse`] needs.
pub trait StrictKeys {
    /// Whether every object in this value was read with modelled keys only (no unknown
    /// field kept, no free-form map or JSON value) and nests at most `max_depth` deep
    /// (the root object is depth 1).
    fn keys_all_modelled(&self, max_depth: usize) -> bool;
}

/// [`parse`] for a [`StrictKeys`] type: the same result, and for the common document (only
/// modelled keys) one pass over the bytes instead of two.
///
/// # Errors
///
/// As [`parse`].
pub fn parse_strict<T: DeserializeOwned + StrictKeys>(
    bytes: &[u8],
    limits: &Limits,
) -> Result<T, PayloadErrors> {
    if bytes.len() <= limits.max_bytes {
        if let Ok(value) = read_plain::<T>(bytes) {
            // Unknown keys (which the typed read keeps without checking for repeats) or
            // free-form values: fall back to the byte-level pass.
            if value.keys_all_modelled(limits.max_depth)
                || structure_is_plain(bytes, limits.max_depth)
            {
                return Ok(value);
            }
        }
    }
    scan(bytes, limits)?;
    read_tracked(bytes)
}

/// Reads `bytes` as a `T` without the duplicate-key and depth scan (serde_json's own
/// recursion limit of 128 still applies). For callers that already ran [`scan`].
///
/// # Errors
///
/// The first typed error, with its wire path.
pub fn parse_unscanned<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, PayloadErrors> {
    match read_plain(bytes) {
        Ok(value) => Ok(value),
        Err(_) => read_tracked(bytes),
    }
}

/// A plain `serde_json` read (no path tracking): the fast path, whose error is discarded.
fn read_plain<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = T::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Reads `bytes` as a `T` (which may borrow from them) the path-tracking way only, without
/// the duplicate-key and depth scan: for a caller that ran [`scan`] and whose own fast read
/// failed, to report the error with its wire path and kind.
///
/// # Errors
///
/// The first typed error, with its wire path (see [`error_of`]).
pub fn parse_tracked<'de, T: de::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, PayloadErrors> {
    read_tracked(bytes)
}

/// The path-tracking read: the same result as [`read_plain`], with the wire path of an error.
fn read_tracked<'de, T: de::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, PayloadErrors> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = render_path(e.path());
        let inner = e.into_inner();
        from_serde_json(path, &inner)
    })?;
    de.end().map_err(|e| from_serde_json(String::new(), &e))?;
    Ok(value)
}

/// Reads a `T` from an already parsed JSON value (paths included).
///
/// # Errors
///
/// The first typed error, with its wire path.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, PayloadErrors> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = render_path(e.path());
        let inner = e.into_inner();
        from_serde_json(path, &inner)
    })
}

/// Serializes `value` as compact JSON into `out`.
///
/// # Errors
///
/// Only if a `Serialize` impl fails, which the models of this workspace never do.
pub fn write<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
    serde_json::to_writer(out, value)
}

fn render_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// The payload error of a serde_json error met at `path` (the wire path a
/// `serde_path_to_error` read reports): kind `syntax` for bytes that are not JSON, else the
/// kind the message names (see [`ErrorKind`]), the offending value redacted. A missing field
/// is reported at its own path (`orderId`, not the object holding it), once: a path that
/// already ends with the field's name (serde reports a missing field of a flattened struct
/// there) is kept. Every reader of the workspace classifies its errors with this one function.
///
/// ```
/// use cancel_domain::{json, ErrorKind};
/// let e = serde_json::from_str::<(u8,)>("[true]").unwrap_err();
/// let errors = json::error_of("items[0]".to_owned(), &e);
/// assert_eq!(errors.0[0].kind, ErrorKind::Type);
/// assert_eq!(errors.0[0].message, "invalid type: boolean, expected u8");
/// ```
pub fn error_of(path: String, e: &serde_json::Error) -> PayloadErrors {
    from_serde_json(path, e)
}

fn from_serde_json(path: String, e: &serde_json::Error) -> PayloadErrors {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            PayloadErrors::one(path, ErrorKind::Syntax, e.to_string())
        }
        Category::Data => {
            let (kind, message) = classify_serde_message(&e.to_string());
            // "missing field `uid`" names the absent field: point the path at it (once).
            let path = match (kind, missing_field_name(&message)) {
                (ErrorKind::Missing, Some(name)) if !ends_with_field(&path, name) => {
                    crate::path::field(&path, name)
                }
                _ => path,
            };
            PayloadErrors::one(path, kind, message)
        }
    }
}

/// Whether the last field of `path` is `name`.
fn ends_with_field(path: &str, name: &str) -> bool {
    path.rsplit('.').next() == Some(name)
}

fn missing_field_name(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// Objects with more keys than this get a hash set for the duplicate check in
/// [`structure_is_plain`]; smaller ones are searched linearly.
const LINEAR_KEYS: usize = 16;

/// One open array or object in [`structure_is_plain`].
#[derive(Clone, Copy)]
struct Frame {
    /// Whether this is an object (else an array).
    object: bool,
    /// In an object: whether the next string is a key.
    expect_key: bool,
    /// Whether this object's keys are in a hash set (more than [`LINEAR_KEYS`] keys).
    wide: bool,
    /// Where this object's keys start in the shared key stack.
    keys_from: usize,
}

/// The stacks of [`structure_is_plain`], kept per thread so that checking a small
/// document allocates nothing.
#[derive(Default)]
struct Stacks {
    /// The open arrays and objects, innermost last.
    frames: Vec<Frame>,
    /// The keys of the open (not wide) objects, as `(start, end)` offsets into the bytes.
    keys: Vec<(usize, usize)>,
}

thread_local! {
    static STACKS: std::cell::RefCell<Stacks> = std::cell::RefCell::default();
}

/// Whether `bytes`, *if* it is well-formed JSON, nests no deeper than `max_depth` and
/// repeats no key inside an object, judged from the bytes alone.
///
/// `true` is a promise only for well-formed JSON (the caller's typed read checks the
/// syntax); `false` means "not vouched for": too deep, a repeated key, a key written with
/// an escape (whose decoded text could repeat another key), or bytes this pass does not
/// follow. Same depth semantics as [`scan`]: `max_depth` levels are fine, one more is not.
fn structure_is_plain(bytes: &[u8], max_depth: usize) -> bool {
    STACKS.with(|stacks| match stacks.try_borrow_mut() {
        Ok(mut stacks) => {
            let Stacks { frames, keys } = &mut *stacks;
            frames.clear();
            keys.clear();
            walk(bytes, max_depth, frames, keys)
        }
        // Not reentrant; never happens, but a fresh pair of stacks is always correct.
        Err(_) => walk(bytes, max_depth, &mut Vec::new(), &mut Vec::new()),
    })
}

fn walk(
    bytes: &[u8],
    max_depth: usize,
    frames: &mut Vec<Frame>,
    keys: &mut Vec<(usize, usize)>,
) -> bool {
    // The key sets of the open wide objects, innermost last.
    let mut wide: Vec<std::collections::HashSet<&[u8]>> = Vec::new();
    let same = |(s1, e1): (usize, usize), (s2, e2): (usize, usize)| {
        e1 - s1 == e2 - s2 && bytes.get(s1..e1) == bytes.get(s2..e2)
    };
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match b {
            b'"' => {
                let start = i;
                let Some((end, escaped)) = string_end(bytes, start) else {
                    return false;
                };
                i = end + 1;
                let Some(frame) = frames.last_mut() else {
                    continue;
                };
                if !frame.expect_key {
                    continue;
                }
                frame.expect_key = false;
                if escaped {
                    return false;
                }
                let key = (start, end);
                if frame.wide {
                    let inserted = match (wide.last_mut(), bytes.get(start..end)) {
                        (Some(set), Some(text)) => set.insert(text),
                        _ => false,
                    };
                    if !inserted {
                        return false;
                    }
                    continue;
                }
                let mine = keys.get(frame.keys_from..).unwrap_or_default();
                if mine.iter().any(|&k| same(k, key)) {
                    return false;
                }
                if mine.len() >= LINEAR_KEYS {
                    let mut set = std::collections::HashSet::new();
                    for &(s, e) in mine.iter().chain([&key]) {
                        set.insert(bytes.get(s..e).unwrap_or_default());
                    }
                    keys.truncate(frame.keys_from);
                    frame.wide = true;
                    wide.push(set);
                } else {
                    keys.push(key);
                }
            }
            b'{' | b'[' => {
                if frames.len() >= max_depth {
                    return false;
                }
                frames.push(Frame {
                    object: b == b'{',
                    expect_key: b == b'{',
                    wide: false,
                    keys_from: keys.len(),
                });
            }
            b'}' | b']' => {
                let Some(frame) = frames.pop() else {
                    return false;
                };
                if frame.wide {
                    wide.pop();
                } else if frame.object {
                    keys.truncate(frame.keys_from);
                }
            }
            b',' => {
                if let Some(frame) = frames.last_mut() {
                    frame.expect_key = frame.object;
                }
            }
            _ => {}
        }
    }
    frames.is_empty()
}

/// The index of the closing quote of the string whose text starts at `from`, and whether
/// the string has an escape.
///
/// `memchr2` finds the next quote or backslash (vectorised on long strings).
fn string_end(bytes: &[u8], from: usize) -> Option<(usize, bool)> {
    let mut i = from;
    let mut escaped = false;
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        match bytes.get(i)? {
            b'"' => return Some((i, escaped)),
            // A backslash: skip it and the character it escapes.
            _ => {
                escaped = true;
                i += 2;
            }
        }
    }
}

/// Checks syntax, size, depth and duplicate keys without building anything.
///
/// # Errors
///
/// The first problem found, kind `syntax` or `duplicate`.
pub fn scan(bytes: &[u8], limits: &Limits) -> Result<(), PayloadErrors> {
    if bytes.len() > limits.max_bytes {
        return Err(PayloadErrors::one(
            "",
            ErrorKind::Syntax,
            // "at least": callers that stop reading past the limit (the CLI keeps at most
            // `max_bytes + 1` bytes) pass only the start of the document.
            format!(
                "document is at least {} bytes, over the limit of {} bytes",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    let mut found: Option<PayloadError> = None;
    let mut path = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = Scan {
        depth: 0,
        limits,
        path: &mut path,
        found: &mut found,
    };
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    match (result, found) {
        (_, Some(problem)) => Err(problem.into()),
        (Err(e), None) => Err(from_serde_json(String::new(), &e)),
        (Ok(()), None) => Ok(()),
    }
}

#[derive(Debug)]
enum Segment<'de> {
    Key(Cow<'de, str>),
    Index(usize),
}

fn render_segments(path: &[Segment<'_>]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
        }
    }
    out
}

struct Scan<'a, 'de> {
    depth: usize,
    limits: &'a Limits,
    path: &'a mut Vec<Segment<'de>>,
    found: &'a mut Option<PayloadError>,
}

impl Scan<'_, '_> {
    fn enter<E: de::Error>(&mut self) -> Result<(), E> {
        if self.depth >= self.limits.max_depth {
            *self.found = Some(PayloadError::new(
                render_segments(self.path),
                ErrorKind::Syntax,
                format!("nesting deeper than the limit of {}", self.limits.max_depth),
            ));
            return Err(E::custom("depth limit"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Scan<'_, 'de> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.enter()?;
        let mut i = 0;
        loop {
            self.path.push(Segment::Index(i));
            let seed = Scan {
                depth: self.depth + 1,
                limits: self.limits,
                path: self.path,
                found: self.found,
            };
            let next = seq.next_element_seed(seed)?;
            self.path.pop();
            if next.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.enter()?;
        let mut seen: BTreeSet<Cow<'de, str>> = BTreeSet::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if seen.contains(&key) {
                self.path.push(Segment::Key(key));
                *self.found = Some(PayloadError::new(
                    render_segments(self.path),
                    ErrorKind::Duplicate,
                    "key appears more than once in the same object",
                ));
                return Err(de::Error::custom("duplicate key"));
            }
            seen.insert(key.clone());
            self.path.push(Segment::Key(key));
            let seed = Scan {
                depth: self.depth + 1,
                limits: self.limits,
                path: self.path,
                found: self.found,
            };
            map.next_value_seed(seed)?;
            self.path.pop();
        }
        Ok(())
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Line {
        quantity: crate::Quantity,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        #[serde(rename = "orderItems")]
        order_items: Vec<Line>,
    }

    fn err(bytes: &str) -> PayloadError {
        parse::<Body>(bytes.as_bytes(), &Limits::DEFAULT)
            .unwrap_err()
            .0
            .remove(0)
    }

    #[test]
    fn typed_errors_carry_wire_paths_and_kinds() {
        let e = err(r#"{"orderItems":[{"quantity":1},{"quantity":0}]}"#);
        assert_eq!(
            (e.path.as_str(), e.kind),
            ("orderItems[1].quantity", ErrorKind::Range)
        );
        let e = err(r#"{"orderItems":[{"quantity":"2"}]}"#);
        assert_eq!(
            (e.path.as_str(), e.kind),
            ("orderItems[0].quantity", ErrorKind::Type)
        );
        let e = err(r#"{"orderItems":[{"quantity":1.5}]}"#);
        assert_eq!(e.kind, ErrorKind::Type);
        let e = err(r#"{"orderItems":[{"quantity":-1}]}"#);
        assert_eq!(e.kind, ErrorKind::Range);
        let e = err(r#"{"orderItems":[{}]}"#);
        assert_eq!(
            (e.path.as_str(), e.kind),
            ("orderItems[0].quantity", ErrorKind::Missing)
        );
    }

    #[test]
    fn duplicate_keys_are_errors_even_inside_free_maps() {
        let e = err(r#"{"orderItems":[{"quantity":1,"quantity":2}]}"#);
        assert_eq!(
            (e.path.as_str(), e.kind),
            ("orderItems[0].quantity", ErrorKind::Duplicate)
        );
        let e =
            parse::<serde_json::Value>(br#"{"a":{"x":1,"x":1}}"#, &Limits::DEFAULT).unwrap_err();
        assert!(e.has("a.x", ErrorKind::Duplicate));
    }

    #[test]
    fn syntax_and_limits() {
        assert_eq!(err("{\"orderItems\":[],}").kind, ErrorKind::Syntax);
        assert_eq!(err("").kind, ErrorKind::Syntax);
        assert_eq!(err("{\"orderItems\":[]} x").kind, ErrorKind::Syntax);
        assert_eq!(err("\u{feff}{\"orderItems\":[]}").kind, ErrorKind::Syntax);
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = parse::<serde_json::Value>(deep.as_bytes(), &Limits::DEFAULT).unwrap_err();
        assert_eq!(e.0[0].kind, ErrorKind::Syntax);
        let small = Limits {
            max_bytes: 4,
            max_depth: 64,
        };
        assert_eq!(
            parse::<serde_json::Value>(b"[1,2,3]", &small)
                .unwrap_err()
                .0[0]
                .kind,
            ErrorKind::Syntax
        );
    }

    /// The precise path alone, as `parse` was before the fast path.
    fn slow<T: DeserializeOwned>(bytes: &[u8], limits: &Limits) -> Result<T, PayloadErrors> {
        scan(bytes, limits)?;
        read_tracked(bytes)
    }

    fn same_as_slow(doc: &[u8], limits: &Limits) {
        let quick = parse::<serde_json::Value>(doc, limits);
        let precise = slow::<serde_json::Value>(doc, limits);
        assert_eq!(quick, precise, "{}", String::from_utf8_lossy(doc));
        let quick = parse::<Body>(doc, limits).map_err(|e| e.0);
        let precise = slow::<Body>(doc, limits).map_err(|e| e.0);
        assert_eq!(format!("{quick:?}"), format!("{precise:?}"));
    }

    #[test]
    fn fast_path_agrees_with_the_precise_one() {
        let limits = Limits {
            max_bytes: 1 << 20,
            max_depth: 3,
        };
        for doc in [
            r#"{"a":1,"b":{"a":2}}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a":1,"\u0061":2}"#,
            r#"{"\u0061":1}"#,
            r#"{"a":{"b":1,"b":1}}"#,
            r#"{"a":[{"b":1},{"b":1}],"b":2}"#,
            r#"[[["x"]]]"#,
            r#"[[[["x"]]]]"#,
            r#"{"a":"}\"{","a":1}"#,
            r#"{"a":"\\","b":"\\\"","a":0}"#,
            r#"{"orderItems":[{"quantity":1,"x":{"y":[1,2]}}]}"#,
            r#"{"orderItems":[{"quantity":1}],"orderItems":[]}"#,
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":1}}"#,
            "",
            "\"",
            "{\"a",
        ] {
            same_as_slow(doc.as_bytes(), &limits);
        }
        // Objects above the linear-search size switch to a set.
        let keys: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        let wide = format!("{{{}}}", keys.join(","));
        same_as_slow(wide.as_bytes(), &limits);
        let repeated = format!("{{{},\"k39\":0}}", keys.join(","));
        assert!(parse::<serde_json::Value>(repeated.as_bytes(), &limits)
            .unwrap_err()
            .has("k39", ErrorKind::Duplicate));
        same_as_slow(repeated.as_bytes(), &limits);
    }

    mod equivalence {
        use super::*;
        use proptest::prelude::*;

        fn value() -> impl Strategy<Value = String> {
            let key = prop::sample::select(vec![
                r#""a""#,
                r#""b""#,
                r#""\u0061""#,
                r#""a\"""#,
                r#""orderItems""#,
                r#""quantity""#,
            ]);
            let leaf = prop_oneof![
                Just("1".to_owned()),
                Just("-0.5e3".to_owned()),
                Just("null".to_owned()),
                Just(r#""x\"}{""#.to_owned()),
                Just(r#""[\\""#.to_owned()),
            ];
            leaf.prop_recursive(5, 40, 5, move |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5)
                        .prop_map(|items| format!("[{}]", items.join(","))),
                    prop::collection::vec((key.clone(), inner), 0..5).prop_map(|entries| {
                        let fields: Vec<String> = entries
                            .into_iter()
                            .map(|(k, v)| format!("{k} : {v}"))
                            .collect();
                        format!("{{{}}}", fields.join(","))
                    }),
                ]
            })
        }

        proptest! {
            #[test]
            fn parse_equals_scan_then_tracked_read(
                doc in value(),
                cut in 0usize..64,
                mutate in any::<bool>(),
                depth in 1usize..6,
            ) {
                let mut bytes = doc.into_bytes();
                if mutate && !bytes.is_empty() {
                    let at = cut % bytes.len();
                    bytes.remove(at);
                }
                same_as_slow(&bytes, &Limits { max_bytes: 1 << 20, max_depth: depth });
            }
        }
    }
}
