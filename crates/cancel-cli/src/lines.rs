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
pub(crate) fn next_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<Line>> {
    buf.clear();
    let mut total = 0usize;
    let mut seen_any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(seen_any.then(|| finish(buf, total, max)));
        }
        seen_any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if total.saturating_add(take) <= max {
            buf.extend_from_slice(chunk.get(..take).unwrap_or_default());
        }
        total = total.saturating_add(take);
        reader.consume(if done { take + 1 } else { take });
        if done {
            return Ok(Some(finish(buf, total, max)));
        }
    }
}

fn finish(buf: &mut Vec<u8>, total: usize, max: usize) -> Line {
    if total > max {
        buf.clear();
        Line::TooLong(total)
    } else {
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Line::Doc
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
}
