//! The end-of-run summary of a streaming conversion's reports: each distinct entry once,
//! with the number of lines it applied to and the first of those line numbers.
//!
//! Entries are told apart with the item numbers of their paths left out: a path segment
//! made of digits only (an array index, `scope.lines[3].product`, or an id used as a key,
//! `reasons.1003777`) reads `*`, so that a stream of orders of many items sums up in a
//! few lines (`dropped scope.lines[*].product`). The `--report` file has every entry as is.
//!
//! Each worker thread keeps a [`Summary`] of the lines it converted; the run merges them at
//! the end. Counts and first lines do not depend on how the lines were split between
//! threads, and entries are listed in the order they first appeared in the input.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use cancel_kit::domain::{ReportEntry, ReportText};

/// Line numbers listed per entry.
pub(super) const FIRST_LINES: usize = 5;

/// Distinct entries tallied per thread; further distinct entries (entries carrying
/// per-document values can be many) are only counted, so memory stays bounded.
const MAX_DISTINCT: usize = 1000;

/// Up to this many distinct entries, an entry is looked up by comparing it with each.
const SCAN_DISTINCT: usize = 16;

/// Whether `entry` falls under `tally` (an entry with its paths normalized, see
/// [`normalized`]). Texts that are the same static text are not compared byte by byte
/// (most paths and notes are constants of the translation).
fn same(tally: &Tally, entry: &ReportEntry) -> bool {
    let (wild, tally) = (tally.wild, &tally.entry);
    fn text(a: &ReportText, b: &ReportText) -> bool {
        match (a, b) {
            (Cow::Borrowed(x), Cow::Borrowed(y))
                if x.len() == y.len() && std::ptr::eq(x.as_ptr(), y.as_ptr()) =>
            {
                true
            }
            _ => a == b,
        }
    }
    fn field(a: Option<&ReportText>, b: Option<&ReportText>, eq: fn(&str, &str) -> bool) -> bool {
        match (a, b) {
            (Some(x), Some(y)) => eq(x, y),
            (None, None) => true,
            _ => false,
        }
    }
    fn exact(a: &str, b: &str) -> bool {
        (a.len() == b.len() && std::ptr::eq(a.as_ptr(), b.as_ptr())) || a == b
    }
    tally.action == entry.action
        && text(&tally.note, &entry.note)
        && field(tally.policy_key.as_ref(), entry.policy_key.as_ref(), exact)
        && field(tally.from.as_ref(), entry.from.as_ref(), exact)
        && field(tally.to.as_ref(), entry.to.as_ref(), exact)
        && paths(tally.source.as_ref(), entry.source.as_ref(), wild)
        && paths(tally.target.as_ref(), entry.target.as_ref(), wild)
}

/// Whether `path` normalizes to `pattern` (both absent counts as a match). Without a `*`
/// in the tally's paths (`wild`), that is plain equality: a path with a segment of digits
/// would normalize to a text with a `*`.
fn paths(pattern: Option<&ReportText>, path: Option<&ReportText>, wild: bool) -> bool {
    match (pattern, path) {
        (None, None) => true,
        (Some(pattern), Some(path)) => {
            (pattern.len() == path.len() && std::ptr::eq(pattern.as_ptr(), path.as_ptr()))
                || if wild {
                    path_matches(pattern.as_bytes(), path.as_bytes())
                } else {
                    pattern == path
                }
        }
        _ => false,
    }
}

/// Whether `normalized(path) == pattern` for a normalized `pattern`, without building the
/// normalized text: equal bytes are skipped at once, and a `*` of the pattern takes a
/// segment of digits of the path.
fn path_matches(pattern: &[u8], path: &[u8]) -> bool {
    let (mut i, mut j) = (0, 0);
    loop {
        let (rest_pattern, rest_path) = (
            pattern.get(i..).unwrap_or_default(),
            path.get(j..).unwrap_or_default(),
        );
        let common = rest_pattern
            .iter()
            .zip(rest_path)
            .take_while(|(a, b)| a == b)
            .count();
        i += common;
        j += common;
        match (pattern.get(i), path.get(j)) {
            (None, None) => return true,
            (Some(b'*'), Some(d)) if d.is_ascii_digit() && starts_segment(path, j) => {
                let end = digits_end(path, j);
                if !ends_segment(path, end) {
                    return false;
                }
                i += 1;
                j = end;
            }
            _ => return false,
        }
    }
}

fn starts_segment(path: &[u8], at: usize) -> bool {
    at == 0 || matches!(path.get(at - 1), Some(b'.' | b'['))
}

fn ends_segment(path: &[u8], at: usize) -> bool {
    matches!(path.get(at), None | Some(b'.' | b']'))
}

fn digits_end(path: &[u8], from: usize) -> usize {
    path.get(from..).map_or(from, |rest| {
        from + rest.iter().take_while(|b| b.is_ascii_digit()).count()
    })
}

/// `path` with each segment of digits only (after `.` or `[`, or at the start, and up to
/// `.`, `]` or the end) written `*`.
fn normalize_path(path: &ReportText) -> ReportText {
    let bytes = path.as_bytes();
    let mut out: Option<String> = None;
    let mut j = 0;
    let mut copied = 0;
    while j < bytes.len() {
        if bytes.get(j).is_some_and(u8::is_ascii_digit) && starts_segment(bytes, j) {
            let end = digits_end(bytes, j);
            if ends_segment(bytes, end) {
                let text = out.get_or_insert_with(|| String::with_capacity(path.len()));
                text.push_str(path.get(copied..j).unwrap_or_default());
                text.push('*');
                copied = end;
            }
            j = end;
        } else {
            j += 1;
        }
    }
    match out {
        None => path.clone(),
        Some(mut text) => {
            text.push_str(path.get(copied..).unwrap_or_default());
            Cow::Owned(text)
        }
    }
}

/// `entry` with its paths normalized: the form it is tallied and listed under.
fn normalized(entry: &ReportEntry) -> ReportEntry {
    ReportEntry {
        source: entry.source.as_ref().map(normalize_path),
        target: entry.target.as_ref().map(normalize_path),
        ..entry.clone()
    }
}

/// One distinct entry.
#[derive(Debug)]
struct Tally {
    /// The entry, its paths normalized.
    entry: ReportEntry,
    /// Whether those paths hold a `*`.
    wild: bool,
    /// Lines it applied to (an entry twice in one document counts once).
    lines: usize,
    /// The first [`FIRST_LINES`] of them, ascending.
    first: Vec<usize>,
    /// Where it first appeared: (line, position in that line's report).
    seen: (usize, usize),
    /// The last line counted (line numbers start at 1).
    last: usize,
    /// The tally of the entry that followed this one last time (`usize::MAX`: none yet).
    next: usize,
}

/// Report entries of the lines converted so far.
#[derive(Debug)]
pub(super) struct Summary {
    tallies: Vec<Tally>,
    index: BTreeMap<ReportEntry, usize>,
    /// The tally of the first entry of the last document: with [`Tally::next`], the
    /// guess for each entry (consecutive documents of a stream mostly have the same
    /// entries in the same order), checked before any search.
    first: usize,
    /// Lines converted, and those with at least one entry.
    converted: usize,
    reported: usize,
    /// Entries beyond [`MAX_DISTINCT`]: occurrences.
    unlisted: usize,
}

impl Default for Summary {
    fn default() -> Self {
        Self {
            tallies: Vec::new(),
            index: BTreeMap::new(),
            first: usize::MAX,
            converted: 0,
            reported: 0,
            unlisted: 0,
        }
    }
}

impl Summary {
    /// Records the report entries of converted line `line` (in increasing line order).
    pub(super) fn add(&mut self, line: usize, entries: &[ReportEntry]) {
        self.converted += 1;
        if entries.is_empty() {
            return;
        }
        self.reported += 1;
        // The tally of the entry before (none for the first entry).
        let mut before: Option<usize> = None;
        for (position, entry) in entries.iter().enumerate() {
            let hint = match before {
                None => self.first,
                Some(b) => self.tallies.get(b).map_or(usize::MAX, |t| t.next),
            };
            let slot = match self.tallies.get(hint) {
                Some(tally) if same(tally, entry) => Some(hint),
                _ => self.slot(line, position, entry),
            };
            let Some(t) = slot else {
                self.unlisted += 1;
                continue;
            };
            match before {
                None => self.first = t,
                Some(b) => {
                    if let Some(tally) = self.tallies.get_mut(b) {
                        tally.next = t;
                    }
                }
            }
            before = Some(t);
            if let Some(tally) = self.tallies.get_mut(t) {
                if tally.last != line {
                    tally.last = line;
                    tally.lines += 1;
                    if tally.first.len() < FIRST_LINES {
                        tally.first.push(line);
                    }
                }
            }
        }
    }

    /// The tally of `entry`, created when new (`None` when the table is full).
    fn slot(&mut self, line: usize, position: usize, entry: &ReportEntry) -> Option<usize> {
        // A few distinct entries (the common case) are found faster by looking at each
        // than through the ordered index.
        if self.tallies.len() <= SCAN_DISTINCT {
            if let Some(t) = self.tallies.iter().position(|t| same(t, entry)) {
                return Some(t);
            }
        }
        let entry = normalized(entry);
        if let Some(&t) = self.index.get(&entry) {
            return Some(t);
        }
        if self.tallies.len() >= MAX_DISTINCT {
            return None;
        }
        let t = self.tallies.len();
        self.index.insert(entry.clone(), t);
        let wild = [&entry.source, &entry.target]
            .into_iter()
            .flatten()
            .any(|path| path.contains('*'));
        self.tallies.push(Tally {
            wild,
            entry,
            lines: 0,
            first: Vec::with_capacity(FIRST_LINES),
            seen: (line, position),
            last: 0,
            next: usize::MAX,
        });
        Some(t)
    }

    /// Adds the tallies of another thread's lines.
    pub(super) fn merge(&mut self, other: Summary) {
        self.converted += other.converted;
        self.reported += other.reported;
        self.unlisted += other.unlisted;
        for tally in other.tallies {
            match self.index.get(&tally.entry) {
                Some(&t) => {
                    if let Some(mine) = self.tallies.get_mut(t) {
                        mine.lines += tally.lines;
                        mine.first.extend(tally.first);
                        mine.first.sort_unstable();
                        mine.first.truncate(FIRST_LINES);
                        mine.seen = mine.seen.min(tally.seen);
                    }
                }
                None if self.tallies.len() < MAX_DISTINCT => {
                    self.index.insert(tally.entry.clone(), self.tallies.len());
                    self.tallies.push(tally);
                }
                None => self.unlisted += tally.lines,
            }
        }
    }

    /// Writes the summary (nothing when no line had an entry):
    ///
    /// ```text
    /// report: 3 of 4 converted lines have entries (every line's entries: --report FILE)
    /// report: 3 lines (1, 2, 4): dropped requester.channel: no place at Kibo
    /// ```
    pub(super) fn write(mut self, err: &mut impl Write) -> std::io::Result<()> {
        if self.reported == 0 {
            return Ok(());
        }
        self.tallies.sort_by_key(|t| t.seen);
        let mut text = Vec::with_capacity(4096);
        let mut number = itoa::Buffer::new();
        text.extend_from_slice(b"report: ");
        text.extend_from_slice(number.format(self.reported).as_bytes());
        text.extend_from_slice(b" of ");
        text.extend_from_slice(number.format(self.converted).as_bytes());
        text.extend_from_slice(
            b" converted lines have entries (every line's entries: --report FILE)\n",
        );
        let mut entry = Vec::new();
        for tally in &self.tallies {
            let mut prefix = Vec::with_capacity(64);
            prefix.extend_from_slice(b"report: ");
            prefix.extend_from_slice(number.format(tally.lines).as_bytes());
            prefix.extend_from_slice(if tally.lines == 1 {
                b" line ("
            } else {
                b" lines ("
            });
            for (i, n) in tally.first.iter().enumerate() {
                if i > 0 {
                    prefix.extend_from_slice(b", ");
                }
                prefix.extend_from_slice(number.format(*n).as_bytes());
            }
            if tally.lines > tally.first.len() {
                prefix.extend_from_slice(b", ...");
            }
            prefix.extend_from_slice(b"): ");
            entry.clear();
            tally.entry.write_human(&mut entry);
            // An entry whose text holds a line break (a source key can) gets the prefix on
            // each of its lines.
            for part in super::human_lines(&entry) {
                text.extend_from_slice(&prefix);
                text.extend_from_slice(part);
                text.push(b'\n');
            }
        }
        if self.unlisted > 0 {
            text.extend_from_slice(b"report: ");
            text.extend_from_slice(number.format(self.unlisted).as_bytes());
            text.extend_from_slice(b" more entries not listed (over ");
            text.extend_from_slice(number.format(MAX_DISTINCT).as_bytes());
            text.extend_from_slice(b" distinct ones; every line's entries: --report FILE)\n");
        }
        err.write_all(&text)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use cancel_kit::domain::TranslationReport;

    #[test]
    fn digit_segments_are_normalized_and_matched_alike() {
        let cases = [
            ("scope.lines[3].product", "scope.lines[*].product"),
            ("reasons.1003777", "reasons.*"),
            ("12.a[0][15]", "*.a[*][*]"),
            ("lines[3x].v2.a1", "lines[3x].v2.a1"),
            ("extensions.chatbot.foo", "extensions.chatbot.foo"),
            ("a.12b.3", "a.12b.*"),
            ("", ""),
        ];
        for (path, want) in cases {
            let text: ReportText = Cow::Owned(path.to_owned());
            assert_eq!(normalize_path(&text), want, "{path}");
            assert!(path_matches(want.as_bytes(), path.as_bytes()), "{path}");
            for (other, other_want) in cases {
                assert_eq!(
                    path_matches(other_want.as_bytes(), path.as_bytes()),
                    other_want == want,
                    "{other} against {path}"
                );
            }
        }
    }

    #[test]
    fn counts_lines_once_and_keeps_the_first_ones_across_threads() {
        let mut doc = TranslationReport::new();
        doc.dropped(format!("scope.lines[{}].product", 0), "by pk only")
            .dropped(format!("scope.lines[{}].product", 1), "by pk only")
            .dropped("initiator", "no place");
        let mut one = Summary::default();
        let mut halves = [Summary::default(), Summary::default()];
        for line in 1..=9 {
            let entries: &[ReportEntry] = if line % 3 == 0 { &[] } else { &doc.entries };
            one.add(line, entries);
            halves[usize::from(line > 4)].add(line, entries);
        }
        let [mut merged, second] = halves;
        merged.merge(second);
        for summary in [one, merged] {
            let mut text = Vec::new();
            summary.write(&mut text).unwrap();
            assert_eq!(
                String::from_utf8(text).unwrap(),
                "report: 6 of 9 converted lines have entries (every line's entries: --report FILE)\n\
                 report: 6 lines (1, 2, 4, 5, 7, ...): dropped scope.lines[*].product: by pk only\n\
                 report: 6 lines (1, 2, 4, 5, 7, ...): dropped initiator: no place\n"
            );
        }
    }
}
