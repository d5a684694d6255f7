//! Sections and the table of contents, derived from a note's headings.
//!
//! A section is a heading and the blocks under it. For indexing, a section *owns* the blocks up
//! to the next heading of any level, so a match deep in a `#####` part hits that part (its
//! heading path names the parents) instead of every enclosing section at once; its
//! [`Section::extent`] still spans to the next heading of the same or higher level.
//! The lead section (level 0, slug `""`) owns the blocks before the first heading.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;

use crate::model::{Block, BlockKind, Inline, Note, SectionMeta};
use crate::normalize::{fold_char, nfkc_line};

/// One section of a note.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Unique within the note; `""` for the lead section.
    pub slug: String,
    /// NFKC heading text (the note title for the lead section).
    pub heading: String,
    /// 0 for the lead section, else the heading level 1..=6.
    pub level: u8,
    /// Headings from the outermost ancestor down to this one (lead: empty).
    pub path: Vec<String>,
    pub meta: SectionMeta,
    /// Index of the heading block in `note.blocks` (lead: `None`).
    pub heading_block: Option<usize>,
    /// Blocks this section owns (after its heading, up to the next heading).
    pub own: Range<usize>,
    /// Blocks up to the next heading of the same or higher level.
    pub extent: Range<usize>,
}

impl Section {
    /// The section's own indexable body text (its heading excluded).
    pub fn body_text(&self, note: &Note) -> String {
        let mut out = String::new();
        for block in &note.blocks[self.own.clone()] {
            block.push_text(&mut out);
        }
        out
    }
}

/// A table-of-contents entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    pub slug: String,
    pub children: Vec<TocEntry>,
}

/// Sections in document order (lead first) and the heading tree.
#[derive(Debug, Clone)]
pub struct Outline {
    pub sections: Vec<Section>,
    pub toc: Vec<TocEntry>,
}

/// Builds the outline of `note`.
pub fn outline(note: &Note) -> Outline {
    // (block index, level, heading text, meta, explicit id) of every top-level heading.
    let heads: Vec<(usize, u8, String, SectionMeta, Option<&str>)> = note
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match &b.kind {
            BlockKind::Heading {
                level,
                content,
                meta,
                id,
            } => Some((
                i,
                *level,
                nfkc_line(&Inline::text_of(content)),
                meta.clone(),
                id.as_deref(),
            )),
            _ => None,
        })
        .collect();

    let n = note.blocks.len();
    let mut slugs = Slugs::default();
    slugs.used.insert(String::new());
    // Footnotes are rendered with the id `fn-<label>`: a heading never takes one.
    reserve_footnote_ids(&note.blocks, &mut slugs);
    let first = heads.first().map_or(n, |h| h.0);
    let mut sections = vec![Section {
        slug: String::new(),
        heading: note.meta.title.clone(),
        level: 0,
        path: Vec::new(),
        meta: SectionMeta::default(),
        heading_block: None,
        own: 0..first,
        extent: 0..n,
    }];
    // Open ancestors as (level, heading) pairs.
    let mut stack: Vec<(u8, String)> = Vec::new();
    for (k, (block, level, text, meta, id)) in heads.iter().enumerate() {
        let next = heads.get(k + 1).map_or(n, |h| h.0);
        let extent_end = heads[k + 1..]
            .iter()
            .find(|h| h.1 <= *level)
            .map_or(n, |h| h.0);
        while stack.last().is_some_and(|(l, _)| l >= level) {
            stack.pop();
        }
        stack.push((*level, text.clone()));
        let slug = match id {
            Some(id) => slugs.unique_id(id),
            None => slugs.unique(text),
        };
        sections.push(Section {
            slug,
            heading: text.clone(),
            level: *level,
            path: stack.iter().map(|(_, t)| t.clone()).collect(),
            meta: meta.clone(),
            heading_block: Some(*block),
            own: block + 1..next,
            extent: block + 1..extent_end,
        });
    }
    let toc = toc(&sections[1..]);
    Outline { sections, toc }
}

fn reserve_footnote_ids(blocks: &[Block], slugs: &mut Slugs) {
    for block in blocks {
        match &block.kind {
            BlockKind::FootnoteDef { label, blocks } => {
                slugs.used.insert(format!("fn-{label}"));
                reserve_footnote_ids(blocks, slugs);
            }
            BlockKind::Quote(blocks) => reserve_footnote_ids(blocks, slugs),
            BlockKind::List { items, .. } => {
                for item in items {
                    reserve_footnote_ids(&item.blocks, slugs);
                }
            }
            _ => {}
        }
    }
}

/// Nests headings: a heading is a child of the nearest preceding heading of a lower level, so
/// a skipped level nests one step down and a later higher heading closes the open ones.
fn toc(sections: &[Section]) -> Vec<TocEntry> {
    fn attach(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => attach(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut roots = Vec::new();
    for s in sections {
        attach(
            &mut roots,
            TocEntry {
                level: s.level,
                text: s.heading.clone(),
                slug: s.slug.clone(),
                children: Vec::new(),
            },
        );
    }
    roots
}

/// Slugs given so far in a note, to make each new one unique.
#[derive(Default)]
pub struct Slugs {
    used: HashSet<String>,
    /// By slug base made unique with a suffix already: the suffix to try next. Every smaller
    /// one is taken, so 8,000 headings of the same text take each one look-up, not 4,000.
    next: HashMap<String, usize>,
}

impl Slugs {
    /// A URL-fragment-safe slug that keeps Chinese (and any other letters), made unique with
    /// `-1`, `-2`, … in document order.
    pub fn unique(&mut self, text: &str) -> String {
        self.claim(slug_base(text))
    }

    /// The slug of a heading with the explicit id `id` (`## Install {#install}`): the id as
    /// written (links name it so; a fragment is case-sensitive), or, when an earlier section
    /// or a footnote took it, the id made unique as [`Slugs::unique`] makes a heading's slug:
    /// the first to claim a slug keeps it, so no slug given before changes.
    pub fn unique_id(&mut self, id: &str) -> String {
        self.claim(id.to_string())
    }

    /// `base`, or `base-1`, `base-2`, … when taken.
    fn claim(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let next = self.next.entry(base.clone()).or_insert(1);
        loop {
            let slug = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(slug.clone()) {
                return slug;
            }
        }
    }
}

/// Slugs stop growing at this many bytes: plenty for an anchor, and it keeps URLs sane.
const SLUG_MAX: usize = 120;

/// The slug of a heading `text` before it is made unique: its [`slugify`], or `section` when
/// that is empty.
pub fn slug_base(text: &str) -> String {
    or_section(slugify(text))
}

/// [`slug_base`] of a `text` that [`nfkc_line`] leaves as it is (as it does the headings of a
/// parsed note), without normalizing it again: a tenth of the cost.
pub fn normalized_slug_base(text: &str) -> String {
    or_section(slugify_normalized(text))
}

fn or_section(base: String) -> String {
    if base.is_empty() {
        "section".to_string()
    } else {
        base
    }
}

/// Letters, digits and `_`: what a slug keeps. Han is looked up by range, not in the table
/// `char::is_alphanumeric` searches.
fn is_slug_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_alphanumeric()
    }
}

/// Lowercases letters, keeps letters, digits, `-` and `_`, turns whitespace and other
/// separators into single dashes, and drops the rest.
pub fn slugify(text: &str) -> String {
    slugify_normalized(&nfkc_line(text))
}

/// [`slugify`] of a `text` that [`nfkc_line`] leaves as it is.
fn slugify_normalized(text: &str) -> String {
    // Rarely longer than the text (a dash per separator it drops), and one allocation instead
    // of the three or four that growing from empty takes: search works slugs out per hit.
    let mut out = String::with_capacity(text.len().min(SLUG_MAX));
    let mut dash = false;
    for c in text.chars() {
        if is_slug_char(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(fold_char(c));
        } else if c.is_whitespace() || matches!(c, '-' | '/' | '.' | '·' | ':' | '|' | '+') {
            dash = true;
        }
        if out.len() >= SLUG_MAX {
            break;
        }
    }
    out
}

/// All blocks of a note as (block, slug if heading) pairs, for renderers.
pub fn heading_slugs(outline: &Outline, blocks: &[Block]) -> Vec<Option<String>> {
    let mut slugs = vec![None; blocks.len()];
    for s in &outline.sections {
        if let Some(b) = s.heading_block {
            slugs[b] = Some(s.slug.clone());
        }
    }
    slugs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{parse_note, FormatChoice};

    #[test]
    fn slug_characters_are_the_alphanumeric_ones_and_underscore() {
        let by_table = |c: char| c.is_alphanumeric() || c == '_';
        let samples = ('\0'..='\u{FFFF}').chain('\u{20000}'..='\u{2A6DF}');
        let differ: Vec<char> = samples
            .filter(|&c| is_slug_char(c) != by_table(c))
            .collect();
        assert_eq!(differ, []);
    }

    #[test]
    fn slugs_keep_chinese_and_are_unique() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.unique("小总结"), "小总结");
        assert_eq!(slugs.unique("小总结"), "小总结-1");
        assert_eq!(slugs.unique("小总结"), "小总结-2");
        assert_eq!(
            slugify("How CPU Burst affects other pods"),
            "how-cpu-burst-affects-other-pods"
        );
        assert_eq!(
            slugify("KubeCon China 2021 回顾(上)"),
            "kubecon-china-2021-回顾上"
        );
        assert_eq!(slugs.unique("!!!"), "section");
        // A suffix that another heading took already is passed over, as before.
        let mut slugs = Slugs::default();
        let got: Vec<String> = ["a", "a-2", "a", "a", "a-1", "a"]
            .iter()
            .map(|t| slugs.unique(t))
            .collect();
        assert_eq!(got, ["a", "a-2", "a-1", "a-3", "a-1-1", "a-4"]);
    }

    #[test]
    fn skipped_levels_nest_and_higher_headings_close() {
        let note = parse_note(
            "n",
            "## A\n\n##### a1\n\n## B\n\n# End\n",
            FormatChoice::Markdown,
        );
        let o = outline(&note);
        let shape: Vec<(u8, usize)> = o.toc.iter().map(|e| (e.level, e.children.len())).collect();
        assert_eq!(shape, [(2, 1), (2, 0), (1, 0)]);
        assert_eq!(o.sections[2].path, ["A", "a1"]);
        assert_eq!(o.sections[1].extent, 1..2);
        assert_eq!(o.sections[3].extent, 3..3);
        assert_eq!(o.sections[4].extent, 4..4);
        assert_eq!(o.sections[1].own, 1..1);
    }

    #[test]
    fn lead_section_owns_text_before_the_first_heading() {
        let note = parse_note("n", "intro\n\n## A\n\nbody", FormatChoice::Markdown);
        let o = outline(&note);
        assert_eq!(o.sections[0].body_text(&note), "intro");
        assert_eq!(o.sections[1].body_text(&note), "body");
    }
}
