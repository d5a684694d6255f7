//! Scraped catalogue listings: entries closed by `N 码力 | N 页 | size | age` footers.

use super::Parsed;

/// How many listing footers the text holds.
pub fn footer_count(body: &str) -> usize {
    body.matches(" 码力 | ").count()
}

/// Parses a listing `body` whose first byte is at `base` in the original note.
pub fn parse(body: &str, base: usize) -> Parsed {
    super::text::parse(body, base)
}
