//! Reading NDJSON lines with a size limit, without holding an oversized line in memory.

use std::io::{BufRead, Read};

/// One NDJSON line.
#[derive(Debug)]
pub(crate) enum Line {
    /// A line within the limit (without its newline).
    Doc,
    /// A line over the limit, skipped; its length in bytes.
    TooLong(usize),
}

/// Reads the next line into `buf` (cleared first). `None` at end of input.
///
/// The newline is searched with the standard library's word-at-a-time `read_until`; at
/// most `max + 1` bytes of a line are kept, the rest of an oversized line is skipped.
pub(crate) fn next_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<Line>> {
    buf.clear();
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let read = reader.by_ref().take(cap).read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(Some(Line::Doc));
    }
    if buf.len() <= max {
        // The last line, without a newline.
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(Some(Line::Doc));
    }
    // Over the limit: count and skip the rest of the line.
    let mut total = buf.len();
    buf.clear();
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(Some(Line::TooLong(total)));
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                total = total.saturating_add(i);
                reader.consume(i + 1);
                return Ok(Some(Line::TooLong(total)));
            }
            None => {
                let len = chunk.len();
                total = total.saturating_add(len);
                reader.consume(len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_and_skips_oversized_ones() {
        let data = b"{\"a\":1}\n0123456789abcdef\n\n{\"b\":2}";
        let mut reader = std::io::BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        let mut seen = Vec::new();
        while let Some(line) = next_line(&mut reader, &mut buf, 10).unwrap() {
            seen.push(match line {
                Line::Doc => String::from_utf8(buf.clone()).unwrap(),
                Line::TooLong(n) => format!("too long {n}"),
            });
        }
        assert_eq!(seen, ["{\"a\":1}", "too long 16", "", "{\"b\":2}"]);
    }

    #[test]
    fn limits_are_exact_and_carriage_returns_are_dropped() {
        let data = b"0123456789\r\n0123456789A\n012345678\r\n0123456789\r";
        for capacity in [1, 3, 64] {
            let mut reader = std::io::BufReader::with_capacity(capacity, &data[..]);
            let mut buf = Vec::new();
            let mut seen = Vec::new();
            while let Some(line) = next_line(&mut reader, &mut buf, 10).unwrap() {
                seen.push(match line {
                    Line::Doc => String::from_utf8(buf.clone()).unwrap(),
                    Line::TooLong(n) => format!("too long {n}"),
                });
            }
            // The CR counts towards the limit of a line; it is not part of the document.
            assert_eq!(
                seen,
                ["too long 11", "too long 11", "012345678", "too long 11"]
            );
        }
    }
}
