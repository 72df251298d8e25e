//! Every error of a document, not only the first: the slow path of validation.
//!
//! A typed parse stops at the first problem. Once a document is known to be invalid,
//! [`every_error`] keeps going: it reads the document into an exact tree (key order,
//! repeated keys and number text as sent), puts a stand-in value where the parse stopped,
//! and validates again, until the document reads or nothing more can be repaired. What the
//! stand-ins cause is never reported; only errors at values that were sent are.
//!
//! This needs no knowledge of the vendor's types: it drives the same validation that
//! answered "invalid", so every error it reports is one that validation would report for
//! that value on its own, with the same path, kind and wording.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::{ErrorKind, PayloadError, PayloadErrors};

/// At most this many errors are collected from one document (a compiler's limit: the
/// first screenful is what a reader fixes first).
pub const MAX_ERRORS: usize = 100;

/// Stand-ins tried in turn where a value is missing or unreadable: a string that is
/// non-empty and numeric, a positive integer, an object, an array, a boolean.
const STAND_INS: &[StandIn] = &[
    StandIn::Digits,
    StandIn::Integer,
    StandIn::Object,
    StandIn::Array,
    StandIn::True,
];

/// One shape of stand-in value, written with a number `n` where it has one (a small one
/// per place while searching, a large one to tell what the stand-ins caused).
#[derive(Debug, Clone, Copy)]
enum StandIn {
    Digits,
    Integer,
    Object,
    Array,
    True,
}

impl StandIn {
    fn json(self, n: usize) -> String {
        match self {
            Self::Digits => format!("\"{n}\""),
            Self::Integer => n.to_string(),
            Self::Object => "{}".to_owned(),
            Self::Array => "[]".to_owned(),
            Self::True => "true".to_owned(),
        }
    }
}

/// Bounds the work on a hostile document: each round is one validation of the whole
/// document, and the rounds together read at most `MAX_ROUNDS` documents or
/// `MAX_BYTES_READ` bytes, whichever comes first.
const MAX_ROUNDS: usize = 2 * MAX_ERRORS;
const MAX_BYTES_READ: usize = 16 << 20;

/// Validates `bytes` with `validate` and, when it reports errors, finds the others too.
///
/// `validate` is one validation of a whole body: `Ok` with the strict-only findings, or
/// `Err` with what made it invalid (typically the first error of a typed parse, or every
/// broken rule of a body that parsed). A valid document costs exactly one call. An invalid
/// one costs a call per error found (and per stand-in tried), within a bounded budget (a
/// few hundred calls, or 16 MiB read in all). Errors come back in document order, at most
/// [`MAX_ERRORS`]. A body that is not JSON (kind `syntax`) gets its one
/// error as `validate` gave it.
///
/// ```
/// use cancel_domain::{wire::every_error, ErrorKind, PayloadError, PayloadErrors};
///
/// // A validation that stops at the first field that is not a positive integer.
/// fn first_error(bytes: &[u8]) -> Result<Vec<PayloadError>, PayloadErrors> {
///     let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
///     for key in ["a", "b", "c"] {
///         match value.get(key) {
///             None => return Err(PayloadErrors(vec![PayloadError::new(key, ErrorKind::Missing, "missing")])),
///             Some(v) if v.as_u64().unwrap_or(0) == 0 => {
///                 return Err(PayloadErrors(vec![PayloadError::new(key, ErrorKind::Type, "not a positive integer")]))
///             }
///             Some(_) => {}
///         }
///     }
///     Ok(Vec::new())
/// }
///
/// let errors = every_error(br#"{"a": "x", "c": 0}"#, first_error).unwrap_err();
/// let found: Vec<_> = errors.0.iter().map(|e| (e.path.as_str(), e.kind)).collect();
/// assert_eq!(found, [("a", ErrorKind::Type), ("c", ErrorKind::Type), ("b", ErrorKind::Missing)]);
/// ```
///
/// # Errors
///
/// Every error found, when the body is invalid.
pub fn every_error<F>(bytes: &[u8], mut validate: F) -> Result<Vec<PayloadError>, PayloadErrors>
where
    F: FnMut(&[u8]) -> Result<Vec<PayloadError>, PayloadErrors>,
{
    match validate(bytes) {
        Ok(findings) => Ok(findings),
        Err(first) => Err(collect(bytes, first, &mut validate)),
    }
}

/// The slow path: the document is known to be invalid.
fn collect<F>(bytes: &[u8], first: PayloadErrors, validate: &mut F) -> PayloadErrors
where
    F: FnMut(&[u8]) -> Result<Vec<PayloadError>, PayloadErrors>,
{
    if first.0.iter().any(|e| e.kind == ErrorKind::Syntax) {
        return first;
    }
    let Some(mut tree) = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| serde_json::from_str::<&RawValue>(text).ok())
        .and_then(|raw| Node::read(raw).ok())
    else {
        return first;
    };
    let mut search = Search::default();
    let first_count = first.0.len();
    let mut errors = first.0;
    let mut buffer = Vec::with_capacity(bytes.len() + 16);
    let sent = tree.clone();
    // Half the budget finds errors, the rest confirms them.
    let rounds = MAX_ROUNDS.min(MAX_BYTES_READ / bytes.len().max(1)).max(2);
    let mut used = 0;
    while used < rounds / 2 {
        used += 1;
        if !search.take(errors, &mut tree) || search.reported.len() >= MAX_ERRORS {
            break;
        }
        buffer.clear();
        tree.write(&mut buffer);
        errors = match validate(&buffer) {
            Ok(_) => break,
            Err(errors) => errors.0,
        };
    }
    let checks = rounds.saturating_sub(used);
    let mut reported = search.confirmed(&sent, &tree, first_count, checks, validate);
    reported.truncate(MAX_ERRORS);
    // Document order: where each path sits in the repaired document (a missing field
    // sits where its stand-in was put, at the end of its object).
    reported.sort_by_cached_key(|error| tree.position(&segments(&error.path)));
    PayloadErrors(reported)
}

/// What the search has reported and where it has put stand-ins.
#[derive(Default)]
struct Search {
    reported: Vec<PayloadError>,
    /// Paths holding a stand-in, with the index of the stand-in they hold.
    stand_ins: Vec<(Vec<Segment>, usize)>,
}

impl Search {
    /// Reports the new errors of one round and repairs the tree past them. `false` when
    /// nothing could be repaired (the search is over).
    fn take(&mut self, errors: Vec<PayloadError>, tree: &mut Node) -> bool {
        let mut repaired = false;
        for error in errors {
            let path = segments(&error.path);
            // An error at the root once a stand-in is in place may be the stand-in's doing
            // with its path lost (serde's tagged and flattened types report at the root).
            let caused_by_stand_in = self
                .stand_ins
                .iter()
                .any(|(stand_in, _)| path.starts_with(stand_in) || path.is_empty());
            if !caused_by_stand_in && !self.reported.contains(&error) {
                self.reported.push(error.clone());
            }
            repaired |= self.repair(&error, path, tree);
        }
        repaired
    }

    /// Puts the next stand-in at `path` (or drops a repeated key). `false` when there is
    /// no next stand-in or the path does not lead anywhere.
    fn repair(&mut self, error: &PayloadError, path: Vec<Segment>, tree: &mut Node) -> bool {
        if error.kind == ErrorKind::Rule || error.kind == ErrorKind::UnknownField {
            // Broken rules are found once the document reads; nothing to repair.
            return false;
        }
        if path.is_empty() {
            // The body as a whole is wrong (an array, a string...): nothing to go on.
            return false;
        }
        // A repeated key: drop the repeat. A repeated value (an id listed twice) gets a
        // stand-in like any other value.
        if error.kind == ErrorKind::Duplicate && tree.drop_repeated_key(&path) {
            return true;
        }
        let (ordinal, next) = match self.stand_ins.iter_mut().position(|(p, _)| *p == path) {
            Some(ordinal) => {
                let Some((_, index)) = self.stand_ins.get_mut(ordinal) else {
                    return false;
                };
                *index += 1;
                (ordinal, *index)
            }
            None => {
                self.stand_ins.push((path.clone(), 0));
                (self.stand_ins.len() - 1, 0)
            }
        };
        let Some(stand_in) = STAND_INS.get(next) else {
            return false;
        };
        // A number of its own for each place, so that two stand-ins never repeat a value.
        tree.put(&path, &stand_in.json(ordinal + 1))
    }

    /// The reported errors that are the document's own. An error found once stand-ins
    /// were in place may be theirs (a rule that compares values, such as "item 1 has no
    /// reason" when `1` is a stand-in): it is kept only if validation reports it again
    /// with every other stand-in given another value and its own place as it was sent.
    /// `checks` bounds the validations this costs; an error left unchecked is dropped.
    fn confirmed<F>(
        self,
        sent: &Node,
        repaired: &Node,
        first_count: usize,
        mut checks: usize,
        validate: &mut F,
    ) -> Vec<PayloadError>
    where
        F: FnMut(&[u8]) -> Result<Vec<PayloadError>, PayloadErrors>,
    {
        let mut varied = repaired.clone();
        for (ordinal, (path, index)) in self.stand_ins.iter().enumerate() {
            if let Some(stand_in) = STAND_INS.get(*index) {
                varied.put(path, &stand_in.json(1000 + ordinal));
            }
        }
        let mut bytes = Vec::new();
        let mut kept = Vec::with_capacity(self.reported.len());
        for (i, error) in self.reported.into_iter().enumerate() {
            if i < first_count {
                kept.push(error);
                continue;
            }
            if checks == 0 {
                break;
            }
            checks -= 1;
            let path = segments(&error.path);
            let mut check = varied.clone();
            if self.stand_ins.iter().any(|(p, _)| *p == path) {
                check.restore(&path, sent);
            }
            bytes.clear();
            check.write(&mut bytes);
            let again = validate(&bytes).err().map(|e| e.0).unwrap_or_default();
            if again
                .iter()
                .any(|a| a.path == error.path && a.kind == error.kind)
            {
                kept.push(error);
            }
        }
        kept
    }
}

/// One step of a wire path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// `orderItems[2].quantity` → `orderItems`, `2`, `quantity`; `$` → nothing.
fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    if path == crate::error::ROOT {
        return out;
    }
    for part in path.split('.') {
        let (key, indexes) = part
            .split_once('[')
            .map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            out.push(Segment::Key(key.to_owned()));
        }
        for index in indexes.split('[') {
            if let Some(Ok(i)) = index.strip_suffix(']').map(str::parse) {
                out.push(Segment::Index(i));
            }
        }
    }
    out
}

/// A JSON document as sent: objects keep key order and repeated keys, scalars their text.
#[derive(Debug, Clone)]
enum Node {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Scalar(Box<RawValue>),
}

impl Node {
    fn read(raw: &RawValue) -> Result<Self, serde_json::Error> {
        let text = raw.get();
        Ok(match text.as_bytes().first() {
            Some(b'{') => {
                let Members(members) = serde_json::from_str(text)?;
                let mut object = Vec::with_capacity(members.len());
                for (key, value) in members {
                    object.push((key, Self::read(value)?));
                }
                Self::Object(object)
            }
            Some(b'[') => {
                let items: Vec<&RawValue> = serde_json::from_str(text)?;
                Self::Array(
                    items
                        .into_iter()
                        .map(Self::read)
                        .collect::<Result<_, _>>()?,
                )
            }
            _ => Self::Scalar(raw.to_owned()),
        })
    }

    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Self::Scalar(raw) => out.extend_from_slice(raw.get().as_bytes()),
            Self::Array(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    item.write(out);
                }
                out.push(b']');
            }
            Self::Object(members) => {
                out.push(b'{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    // Writing a string into a Vec cannot fail.
                    let _ = serde_json::to_writer(&mut *out, key);
                    out.push(b':');
                    value.write(out);
                }
                out.push(b'}');
            }
        }
    }

    /// The node at `path` (the first of repeated keys, as serde reads them).
    fn get_mut(&mut self, path: &[Segment]) -> Option<&mut Self> {
        let Some((first, rest)) = path.split_first() else {
            return Some(self);
        };
        let child = match (self, first) {
            (Self::Object(members), Segment::Key(key)) => {
                members.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            (Self::Array(items), Segment::Index(i)) => items.get_mut(*i),
            _ => None,
        }?;
        child.get_mut(rest)
    }

    /// The node at `path`, if there is one.
    fn get(&self, path: &[Segment]) -> Option<&Self> {
        let Some((first, rest)) = path.split_first() else {
            return Some(self);
        };
        let child = match (self, first) {
            (Self::Object(members), Segment::Key(key)) => {
                members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            (Self::Array(items), Segment::Index(i)) => items.get(*i),
            _ => None,
        }?;
        child.get(rest)
    }

    /// Puts back at `path` what `sent` has there: its value, or nothing.
    fn restore(&mut self, path: &[Segment], sent: &Self) {
        match sent.get(path) {
            Some(value) => {
                if let Some(node) = self.get_mut(path) {
                    *node = value.clone();
                }
            }
            None => {
                if let Some((Segment::Key(key), parent)) = path.split_last() {
                    if let Some(Self::Object(members)) = self.get_mut(parent) {
                        members.retain(|(k, _)| k != key);
                    }
                }
            }
        }
    }

    /// Replaces the value at `path` with `stand_in`, or adds it to its object when absent.
    fn put(&mut self, path: &[Segment], stand_in: &str) -> bool {
        let Ok(value) = RawValue::from_string(stand_in.to_owned()) else {
            return false;
        };
        let value = match Self::read(&value) {
            Ok(node) => node,
            Err(_) => return false,
        };
        if let Some(node) = self.get_mut(path) {
            *node = value;
            return true;
        }
        let Some((Segment::Key(key), parent)) = path.split_last() else {
            return false;
        };
        match self.get_mut(parent) {
            Some(Self::Object(members)) => {
                members.push((key.clone(), value));
                true
            }
            _ => false,
        }
    }

    /// Drops the last of two or more members named like the end of `path`.
    fn drop_repeated_key(&mut self, path: &[Segment]) -> bool {
        let Some((Segment::Key(key), parent)) = path.split_last() else {
            return false;
        };
        let Some(Self::Object(members)) = self.get_mut(parent) else {
            return false;
        };
        let named: Vec<usize> = members
            .iter()
            .enumerate()
            .filter_map(|(i, (k, _))| (k == key).then_some(i))
            .collect();
        match named.as_slice() {
            [_, .., last] => {
                members.remove(*last);
                true
            }
            _ => false,
        }
    }

    /// Where `path` sits in the document: the number of nodes before it in document order
    /// (the deepest node of `path` that exists, for a path that leads nowhere).
    fn position(&self, path: &[Segment]) -> usize {
        let Some((first, rest)) = path.split_first() else {
            return 0;
        };
        let mut before = 1;
        match (self, first) {
            (Self::Object(members), Segment::Key(key)) => {
                for (k, value) in members {
                    if k == key {
                        return before + value.position(rest);
                    }
                    before += value.size();
                }
            }
            (Self::Array(items), Segment::Index(i)) => {
                for (index, item) in items.iter().enumerate() {
                    if index == *i {
                        return before + item.position(rest);
                    }
                    before += item.size();
                }
            }
            _ => {}
        }
        before
    }

    /// The number of nodes in this subtree.
    fn size(&self) -> usize {
        match self {
            Self::Scalar(_) => 1,
            Self::Array(items) => 1 + items.iter().map(Self::size).sum::<usize>(),
            Self::Object(members) => 1 + members.iter().map(|(_, v)| v.size()).sum::<usize>(),
        }
    }
}

/// An object's members in order, repeated keys included.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry::<String, &RawValue>()? {
                    members.push(entry);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(path: &str, kind: ErrorKind) -> PayloadErrors {
        PayloadErrors(vec![PayloadError::new(path, kind, "x")])
    }

    #[test]
    fn paths_split_into_keys_and_indexes() {
        assert_eq!(
            segments("items[2].qty"),
            [
                Segment::Key("items".into()),
                Segment::Index(2),
                Segment::Key("qty".into())
            ]
        );
        assert_eq!(segments("$"), []);
        assert_eq!(
            segments("m[0][1]"),
            [
                Segment::Key("m".into()),
                Segment::Index(0),
                Segment::Index(1)
            ]
        );
    }

    #[test]
    fn the_tree_writes_back_what_it_read() {
        let text =
            r#"{"b":1e400,"a":[1,{"x":"\u00e9"}],"b":340282366920938463463374607431768211455}"#;
        let raw: &RawValue = serde_json::from_str(text).unwrap();
        let mut out = Vec::new();
        Node::read(raw).unwrap().write(&mut out);
        assert_eq!(std::str::from_utf8(&out).unwrap(), text);
    }

    #[test]
    fn a_syntax_error_is_returned_alone() {
        let errors = every_error(b"{", |_| Err(err("$", ErrorKind::Syntax))).unwrap_err();
        assert_eq!(errors.0.len(), 1);
    }

    #[test]
    fn a_repeated_key_is_reported_once_and_dropped() {
        let mut calls = 0;
        let errors = every_error(br#"{"a":1,"a":2,"b":"x"}"#, |bytes| {
            calls += 1;
            let text = std::str::from_utf8(bytes).unwrap();
            if text.matches("\"a\"").count() > 1 {
                Err(err("a", ErrorKind::Duplicate))
            } else if text.contains("\"x\"") {
                Err(err("b", ErrorKind::Type))
            } else {
                Ok(Vec::new())
            }
        })
        .unwrap_err();
        let found: Vec<_> = errors.0.iter().map(|e| (e.path.as_str(), e.kind)).collect();
        assert_eq!(found, [("a", ErrorKind::Duplicate), ("b", ErrorKind::Type)]);
        // Two rounds to find `b`'s error and repair it, one to confirm it.
        assert_eq!(calls, 4);
    }

    #[test]
    fn a_rule_broken_by_a_stand_in_value_is_not_reported() {
        // `items` must hold distinct positive integers, each with an entry in `names`
        // (reported at `names.<n>`, a path made of the value).
        let check = |bytes: &[u8]| {
            let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            let items = value["items"].as_array().unwrap();
            let mut errors = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if !item.is_u64() {
                    return Err(err(&format!("items[{i}]"), ErrorKind::Type));
                }
                if items[..i].contains(item) {
                    return Err(err(&format!("items[{i}]"), ErrorKind::Duplicate));
                }
            }
            for item in items {
                if value["names"].get(item.to_string()).is_none() {
                    errors.push(PayloadError::new(
                        format!("names.{item}"),
                        ErrorKind::Missing,
                        "x",
                    ));
                }
            }
            if errors.is_empty() {
                Ok(Vec::new())
            } else {
                Err(PayloadErrors(errors))
            }
        };
        let errors = every_error(br#"{"items":[5,5,"x",7],"names":{"5":"a"}}"#, check).unwrap_err();
        let found: Vec<_> = errors.0.iter().map(|e| (e.path.as_str(), e.kind)).collect();
        assert_eq!(
            found,
            [
                ("items[1]", ErrorKind::Duplicate),
                ("items[2]", ErrorKind::Type),
                ("names.7", ErrorKind::Missing),
            ]
        );
    }

    #[test]
    fn what_a_stand_in_causes_is_not_reported() {
        // `o` must be an object with a string `k`; missing `o` gets `"1"`, 1, then `{}`,
        // whose missing `k` is the stand-in's doing.
        let errors = every_error(br#"{"z":true}"#, |bytes| {
            let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            match value.get("o") {
                None => Err(err("o", ErrorKind::Missing)),
                Some(o) if !o.is_object() => Err(err("o", ErrorKind::Type)),
                Some(o) if o.get("k").is_none() => Err(err("o.k", ErrorKind::Missing)),
                Some(_) => Ok(Vec::new()),
            }
        })
        .unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].path, "o");
    }

    #[test]
    fn an_unrepairable_value_ends_the_search() {
        let mut calls = 0;
        let errors = every_error(br#"{"a":"x"}"#, |_| {
            calls += 1;
            Err(err("a", ErrorKind::Enum))
        })
        .unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(calls, 1 + STAND_INS.len());
    }

    #[test]
    fn broken_rules_are_reported_together_without_repairs() {
        let mut calls = 0;
        let errors = every_error(br#"{"a":1,"b":2}"#, |_| {
            calls += 1;
            Err(PayloadErrors(vec![
                PayloadError::new("b", ErrorKind::Rule, "x"),
                PayloadError::new("a", ErrorKind::Rule, "y"),
            ]))
        })
        .unwrap_err();
        let paths: Vec<_> = errors.0.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a", "b"]);
        assert_eq!(calls, 1);
    }
}
