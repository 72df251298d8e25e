//! Reading NDJSON lines with a size limit, without holding an oversized line in memory.

use std::io::BufRead;

/// One NDJSON line.
#[derive(Debug)]
pub(crate) enum Line {
    /// A line within the limit (without its newline).
    Doc,
    /// A line over the limit, skipped; its length in bytes.
    TooLong(usize),
}

/// Reads the next line into `buf` (cleared first). `None` at end of input.
#[cfg(test)]
pub(crate) fn next_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<Line>> {
    buf.clear();
    append_line(reader, buf, max)
}

/// Reads the next line and appends it to `buf` (without its newline; nothing is appended
/// for a line over the limit). `None` at end of input.
///
/// The newline is searched with `memchr` in the reader's buffer; at most `max + 1` bytes
/// of a line are kept, the rest of an oversized line is skipped.
pub(crate) fn append_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<Line>> {
    let start = buf.len();
    let cap = max.saturating_add(1);
    let mut read_any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        read_any = true;
        let room = cap.saturating_sub(buf.len() - start);
        let window = available
            .get(..room.min(available.len()))
            .unwrap_or_default();
        if let Some(i) = memchr::memchr(b'\n', window) {
            buf.extend_from_slice(window.get(..=i).unwrap_or_default());
            reader.consume(i + 1);
            break;
        }
        let taken = window.len();
        buf.extend_from_slice(window);
        reader.consume(taken);
        if buf.len() - start >= cap {
            break;
        }
    }
    if !read_any {
        return Ok(None);
    }
    let line_len = buf.len() - start;
    // Only this line's bytes (after `start`) may be trimmed.
    let ends_with = |buf: &Vec<u8>, byte: u8| buf.len() > start && buf.last() == Some(&byte);
    if ends_with(buf, b'\n') {
        buf.pop();
        if ends_with(buf, b'\r') {
            buf.pop();
        }
        return Ok(Some(Line::Doc));
    }
    if line_len <= max {
        // The last line, without a newline.
        if ends_with(buf, b'\r') {
            buf.pop();
        }
        return Ok(Some(Line::Doc));
    }
    // Over the limit: count and skip the rest of the line.
    let mut total = line_len;
    buf.truncate(start);
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(Some(Line::TooLong(total)));
        }
        match memchr::memchr(b'\n', chunk) {
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
    fn appending_trims_only_the_new_line() {
        let data = b"ab\r\r\n\n\r\ncd";
        let mut reader = std::io::BufReader::with_capacity(2, &data[..]);
        let mut buf = Vec::new();
        let mut ends = Vec::new();
        while let Some(Line::Doc) = append_line(&mut reader, &mut buf, 10).unwrap() {
            ends.push(buf.len());
        }
        assert_eq!(buf, b"ab\rcd");
        assert_eq!(ends, [3, 3, 3, 5]);
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
