//! Plain-text notes: structure inferred line by line.

use super::Parsed;
use crate::model::{Block, BlockKind, Inline};

/// Parses a plain-text `body` whose first byte is at `base` in the original note.
pub fn parse(body: &str, base: usize) -> Parsed {
    let mut blocks = Vec::new();
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let start = base + pos;
        pos += line.len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        blocks.push(Block::new(
            BlockKind::Paragraph(vec![Inline::Text(t.to_string())]),
            start..base + pos,
        ));
    }
    Parsed {
        blocks,
        title: None,
        more_at: None,
    }
}
