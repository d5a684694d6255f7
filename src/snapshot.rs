//! Index snapshots: `exportIndex()` bytes that `Library.load` restores without re-tokenizing.
//!
//! Layout (all integers little-endian; `varint` is unsigned LEB128):
//!
//! ```text
//! header   magic b"RCPDXIDX" | version u32 | flags u32 | payload length u64 | checksum u64
//!          (XXH3-64 of the payload)
//! payload  options | notes | terms
//!   notes  count, then per note: id, format u8, source text (optional: 0, or 1 and the
//!          text; left out by `exportIndex({ sources: false })`), summary (meta, sections,
//!          warnings), section count, then per section its doc (the next doc id, in order):
//!          4 field lengths, 4 field texts
//!   terms  count, sorted by text, front-coded (shared prefix length, suffix); per term:
//!          posting count, byte length, then the postings as the index holds them in memory
//!          (see `index::postings`): per posting varint(doc delta << 1 | once), where `once`
//!          means one occurrence in the body; otherwise a field mask u8 and a count u8 per
//!          set bit
//! ```
//!
//! Version 4 (this one) writes each note's section texts right after its source, which they
//! mostly repeat: within gzip's 32 KiB window, so a gzipped snapshot stores them as
//! back-references (the handbook's: 1.81 -> 1.46 MB; version 3 had all docs after all notes);
//! a note's source may be left out (2.8 MB raw, 1.21 MB gzipped without them).
//! Version 3 checks the payload with XXH3-64, which wasm computes 16 bytes at a time
//! (CRC-32, in version 2, was a tenth of loading a snapshot there). Version 2 stored postings in
//! the in-memory encoding, so loading checks and copies each list instead of re-encoding it;
//! version 1 had a mask and varint counts on every posting.
//!
//! Decoding checks every length and id against what remains, so truncated, corrupt, foreign
//! or future-version bytes fail with a typed error and never a half-loaded library.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, ErrorKind, Result};
use crate::index::{postings, Doc, Index, Posting, FIELDS};
use crate::library::{
    shared_headings, ExportOptions, Lender, Library, LibraryOptions, SectionInfo, SectionRef,
    Sections, Source, Stored, Summary,
};
use crate::model::{Format, MetaValue, NoteMeta, SectionMeta, Warning, META_NESTING};

/// The first eight bytes of every snapshot.
pub const MAGIC: &[u8; 8] = b"RCPDXIDX";
/// The format version this build writes and reads.
pub const VERSION: u32 = 4;
const HEADER_LEN: usize = 8 + 4 + 4 + 8 + 8;

/// Serializes the library, with the lent sources from `lender`.
pub(crate) fn export(
    lib: &Library,
    lender: Lender<'_>,
    options: &ExportOptions,
) -> Result<Vec<u8>> {
    let mut w = Writer::default();
    w.varint(u64::from(lib.options.trusted_html));
    // Notes, and the renumbering of their docs into a dense 0..n range.
    let mut renumber: HashMap<u32, u32> = HashMap::new();
    w.varint(lib.order.len() as u64);
    for id in &lib.order {
        let stored = &lib.notes[id];
        w.str(id);
        w.u8(match stored.summary.format {
            Format::Markdown => 0,
            Format::Text => 1,
            Format::Listing => 2,
        });
        let source = match stored.text {
            Source::Absent => None,
            _ if !options.sources => None,
            _ => Some(stored.source(id, lender)?),
        };
        w.opt(source.as_deref());
        w.summary(
            &stored.summary,
            &stored.summary.sections.to_vec(lib.headings_of(stored)),
        );
        w.varint(stored.docs.len() as u64);
        for d in stored.docs.clone() {
            renumber.insert(d, renumber.len() as u32);
            let doc = lib.index.doc(d).expect("stored docs are live");
            for len in doc.lens {
                w.varint(u64::from(len));
            }
            for text in doc.fields() {
                w.str(text);
            }
        }
    }
    // A posting of a removed doc is left only by a crafted snapshot whose postings name a term
    // its texts do not hold (removal finds a doc's postings by analysing its texts): it is
    // not written, nor a term that has only such postings.
    let live = |p: &Posting| renumber.contains_key(&p.doc);
    let mut terms: Vec<(String, u32)> = (0..lib.index.term_count() as u32)
        .filter(|&id| lib.index.postings(id).any(|p| live(&p)))
        .map(|id| (lib.index.term_text(id), id))
        .collect();
    terms.sort_unstable();
    w.varint(terms.len() as u64);
    let mut prev = String::new();
    let mut encoded = Vec::new();
    for (text, id) in terms {
        let shared = common_prefix(&prev, &text);
        w.varint(shared as u64);
        w.str(&text[shared..]);
        let mut postings: Vec<Posting> = lib
            .index
            .postings(id)
            .filter_map(|p| {
                Some(Posting {
                    doc: *renumber.get(&p.doc)?,
                    tf: p.tf,
                })
            })
            .collect();
        postings.sort_unstable_by_key(|p| p.doc);
        w.varint(postings.len() as u64);
        encoded.clear();
        postings::encode_all(&postings, &mut encoded);
        w.varint(encoded.len() as u64);
        w.buf.extend_from_slice(&encoded);
        prev = text;
    }
    let payload = w.buf;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Restores a library from [`export`] bytes.
pub fn load(bytes: &[u8]) -> Result<Library> {
    if bytes.len() < 8 || &bytes[..8] != MAGIC {
        return Err(Error::new(
            ErrorKind::SnapshotForeign,
            "these bytes are not a recapdex index snapshot (wrong magic bytes)",
        ));
    }
    if bytes.len() < HEADER_LEN {
        return Err(Error::corrupt("header is truncated"));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if version != VERSION {
        return Err(Error::new(
            ErrorKind::SnapshotVersion,
            format!(
                "snapshot format version {version} is not supported by this build (it reads version {VERSION}); rebuild the snapshot with this version"
            ),
        ));
    }
    let len = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
    let sum = u64::from_le_bytes(bytes[24..32].try_into().expect("8 bytes"));
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != len {
        return Err(Error::corrupt(format!(
            "payload is {} bytes, header says {len}",
            payload.len()
        )));
    }
    if checksum(payload) != sum {
        return Err(Error::corrupt("checksum mismatch"));
    }
    let mut r = Reader {
        buf: payload,
        pos: 0,
    };
    let lib = read_library(&mut r)?;
    if r.pos != payload.len() {
        return Err(Error::corrupt("trailing bytes after the index"));
    }
    Ok(lib)
}

fn read_library(r: &mut Reader<'_>) -> Result<Library> {
    let options = LibraryOptions {
        trusted_html: r.varint()? != 0,
    };
    let mut lib = Library::new(options);
    let mut index = Index::new();
    let note_count = r.count(2)?;
    let mut doc_count = 0u32;
    let mut notes = Vec::with_capacity(note_count);
    for _ in 0..note_count {
        let id = r.string()?;
        let format = match r.u8()? {
            0 => Format::Markdown,
            1 => Format::Text,
            2 => Format::Listing,
            other => return Err(Error::corrupt(format!("unknown note format {other}"))),
        };
        let text = match r.opt()? {
            Some(text) => Source::Kept(text),
            None => Source::Absent,
        };
        let (mut summary, infos) = r.summary(format)?;
        let sections = r.count(1)?;
        if sections != infos.len() {
            return Err(Error::corrupt("section and document counts differ"));
        }
        for _ in 0..sections {
            r.doc(&mut index)?;
        }
        let first = doc_count;
        doc_count += sections as u32;
        let title = &summary.meta.title;
        summary.sections = Sections::new(
            &infos.iter().map(SectionRef::from).collect::<Vec<_>>(),
            shared_headings(&index, title, &(first..doc_count)),
        );
        lib.order.push(id.clone());
        notes.push((id, summary, text, first..doc_count));
    }
    index.live = doc_count;
    let term_count = r.count(3)?;
    index.reserve_terms(term_count);
    // The previous term, then this one: front coding shares a prefix with it.
    let mut text = String::new();
    let mut words = Vec::new();
    for i in 0..term_count {
        let shared = r.count(0)?;
        let suffix = r.str()?;
        if shared > text.len() || !text.is_char_boundary(shared) {
            return Err(Error::corrupt("term prefix"));
        }
        // Sharing the prefix, the new term sorts after the old one exactly when its suffix
        // sorts after the old one's. Strictly ascending, no term comes twice, so each gets a
        // fresh id with an empty list.
        if i > 0 && suffix <= &text[shared..] {
            return Err(Error::corrupt("terms out of order"));
        }
        text.truncate(shared);
        text.push_str(suffix);
        let n = r.count(1)?;
        let id = index.insert_term(&text);
        if index.is_word(id) {
            words.push((text.clone(), id));
        }
        let len = r.count(0)?;
        let bytes = r.bytes(len)?;
        let last = postings::check_encoded(bytes, n, doc_count).map_err(Error::corrupt)?;
        index.set_encoded_postings(id, bytes, n as u32, last);
    }
    index.set_sorted_words(words);
    lib.next_seq = notes.len() as u64;
    for (seq, (id, summary, text, docs)) in notes.into_iter().enumerate() {
        if lib.notes.contains_key(&id) {
            return Err(Error::corrupt(format!("note id {id:?} appears twice")));
        }
        lib.owners.add(&id, seq as u64, docs.clone());
        lib.notes
            .insert(id, Box::new(Stored::new(summary, docs, text, seq as u64)));
    }
    lib.index = index;
    Ok(lib)
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

#[derive(Default)]
struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    fn varint(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(byte);
                return;
            }
            self.buf.push(byte | 0x80);
        }
    }

    fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }

    fn strs(&mut self, list: &[String]) {
        self.varint(list.len() as u64);
        for s in list {
            self.str(s);
        }
    }

    fn meta_value(&mut self, v: &MetaValue) {
        match v {
            MetaValue::Null => self.u8(0),
            MetaValue::Bool(b) => self.u8(if *b { 2 } else { 1 }),
            MetaValue::Int(i) => {
                self.u8(3);
                self.buf.extend_from_slice(&i.to_le_bytes());
            }
            MetaValue::Float(f) => {
                self.u8(4);
                self.buf.extend_from_slice(&f.to_le_bytes());
            }
            MetaValue::Str(s) => {
                self.u8(5);
                self.str(s);
            }
            MetaValue::List(items) => {
                self.u8(6);
                self.varint(items.len() as u64);
                for item in items {
                    self.meta_value(item);
                }
            }
            MetaValue::Map(map) => {
                self.u8(7);
                self.map(map.iter().map(|(k, v)| (k.as_str(), v)));
            }
        }
    }

    fn map<'m>(&mut self, map: impl ExactSizeIterator<Item = (&'m str, &'m MetaValue)>) {
        self.varint(map.len() as u64);
        for (k, v) in map {
            self.str(k);
            self.meta_value(v);
        }
    }

    fn summary(&mut self, s: &Summary, sections: &[SectionInfo]) {
        let m = &s.meta;
        self.str(&m.title);
        self.opt(m.date.as_deref());
        self.opt(m.lastmod.as_deref());
        self.strs(&m.authors);
        self.strs(&m.tags);
        self.strs(&m.categories);
        self.opt(m.description.as_deref());
        self.u8(u8::from(m.draft));
        self.str(&m.excerpt);
        debug_assert!(m.extra.is_empty(), "a summary keeps its extra keys apart");
        self.map(s.extra.iter().map(|(k, v)| (&**k, v)));
        self.varint(sections.len() as u64);
        for sec in sections {
            self.str(&sec.slug);
            self.str(&sec.heading);
            self.u8(sec.level);
            self.strs(&sec.path);
            self.opt(sec.meta.speaker.as_deref());
            self.opt(sec.meta.org.as_deref());
            match sec.meta.pages {
                Some(p) => {
                    self.u8(1);
                    self.varint(u64::from(p));
                }
                None => self.u8(0),
            }
            self.opt(sec.meta.size.as_deref());
        }
        self.varint(s.warnings.len() as u64);
        for w in &s.warnings {
            self.str(w.code);
            self.str(&w.message);
        }
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    #[inline]
    fn u8(&mut self) -> Result<u8> {
        let b = *self
            .buf
            .get(self.pos)
            .ok_or_else(|| Error::corrupt("unexpected end of data"))?;
        self.pos += 1;
        Ok(b)
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| Error::corrupt("unexpected end of data"))?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    #[inline(always)]
    fn varint(&mut self) -> Result<u64> {
        // Most varints here (deltas, lengths, counts) fit in one byte.
        if let Some(&b) = self.buf.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(u64::from(b));
            }
        }
        self.varint_slow()
    }

    fn varint_slow(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Error::corrupt("varint too long"))
    }

    /// A count of items that each take at least `min_bytes`: bounded by what remains, so a
    /// corrupt count cannot make us allocate gigabytes.
    #[inline(always)]
    fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let n = self.varint()?;
        let remaining = (self.buf.len() - self.pos) as u64;
        if min_bytes > 0 && n > remaining / min_bytes as u64 {
            return Err(Error::corrupt("a count exceeds the data"));
        }
        usize::try_from(n).map_err(|_| Error::corrupt("count"))
    }

    #[inline]
    fn str(&mut self) -> Result<&'a str> {
        let n = self.count(1)?;
        simdutf8::basic::from_utf8(self.bytes(n)?).map_err(|_| Error::corrupt("invalid utf-8 text"))
    }

    fn string(&mut self) -> Result<String> {
        self.str().map(str::to_string)
    }

    fn opt(&mut self) -> Result<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(Error::corrupt("optional flag")),
        }
    }

    fn strs(&mut self) -> Result<Vec<String>> {
        let n = self.count(1)?;
        (0..n).map(|_| self.string()).collect()
    }

    fn meta_value(&mut self, depth: usize) -> Result<MetaValue> {
        if depth > META_NESTING {
            return Err(Error::corrupt("metadata nested too deeply"));
        }
        Ok(match self.u8()? {
            0 => MetaValue::Null,
            1 => MetaValue::Bool(false),
            2 => MetaValue::Bool(true),
            3 => MetaValue::Int(i64::from_le_bytes(self.bytes(8)?.try_into().expect("8"))),
            4 => MetaValue::Float(f64::from_le_bytes(self.bytes(8)?.try_into().expect("8"))),
            5 => MetaValue::Str(self.string()?),
            6 => {
                let n = self.count(1)?;
                MetaValue::List(
                    (0..n)
                        .map(|_| self.meta_value(depth + 1))
                        .collect::<Result<_>>()?,
                )
            }
            7 => MetaValue::Map(self.map(depth + 1)?),
            t => return Err(Error::corrupt(format!("metadata tag {t}"))),
        })
    }

    fn map(&mut self, depth: usize) -> Result<BTreeMap<String, MetaValue>> {
        let n = self.count(2)?;
        let mut map = BTreeMap::new();
        for _ in 0..n {
            let k = self.string()?;
            let v = self.meta_value(depth)?;
            map.insert(k, v);
        }
        Ok(map)
    }

    /// One document: its field lengths, then its field texts.
    fn doc(&mut self, index: &mut Index) -> Result<()> {
        let mut lens = [0u32; FIELDS];
        for len in &mut lens {
            *len = u32::try_from(self.varint()?).map_err(|_| Error::corrupt("field length"))?;
        }
        let mut fields: [&str; FIELDS] = Default::default();
        for f in &mut fields {
            *f = self.str()?;
        }
        for (sum, len) in index.len_sum.iter_mut().zip(lens) {
            *sum += u64::from(len);
        }
        index.docs.push(Some(Doc::new(fields, lens)));
        Ok(())
    }

    /// A note's summary, and its sections: [`Sections`] are made once the note's documents,
    /// which hold most headings, are read.
    fn summary(&mut self, format: Format) -> Result<(Summary, Vec<SectionInfo>)> {
        let meta = NoteMeta {
            title: self.string()?,
            date: self.opt()?,
            lastmod: self.opt()?,
            authors: self.strs()?,
            tags: self.strs()?,
            categories: self.strs()?,
            description: self.opt()?,
            draft: self.u8()? != 0,
            excerpt: self.string()?,
            extra: self.map(0)?,
        };
        let n = self.count(6)?;
        let mut sections = Vec::with_capacity(n);
        for _ in 0..n {
            sections.push(SectionInfo {
                slug: self.string()?,
                heading: self.string()?,
                level: self.u8()?,
                path: self.strs()?,
                meta: SectionMeta {
                    speaker: self.opt()?,
                    org: self.opt()?,
                    pages: match self.u8()? {
                        0 => None,
                        _ => Some(
                            u32::try_from(self.varint()?).map_err(|_| Error::corrupt("pages"))?,
                        ),
                    },
                    size: self.opt()?,
                },
            });
        }
        let n = self.count(2)?;
        let mut warnings = Vec::with_capacity(n);
        for _ in 0..n {
            let code = warning_code(self.str()?);
            warnings.push(Warning {
                code,
                message: self.string()?,
            });
        }
        let summary = Summary::new(format, meta, Sections::default(), warnings);
        Ok((summary, sections))
    }
}

/// Warning codes are `&'static str`; map a stored code back to a known one.
fn warning_code(code: &str) -> &'static str {
    match code {
        "front_matter_invalid" => "front_matter_invalid",
        "note_truncated" => "note_truncated",
        _ => "warning",
    }
}

/// The payload checksum: XXH3-64 (SIMD on wasm32 with simd128, SSE2 on x86-64).
pub fn checksum(payload: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{AddOptions, SearchOptions};

    fn sample() -> Library {
        let mut lib = Library::default();
        let opts = AddOptions::default();
        lib.add_note(
            "a",
            "---\ntitle: 回顾\ntags: [云原生]\nextra: {nested: [1, 2.5, true]}\n---\n## Scheduling\n\n调度器的数据拷贝优化。",
            &opts,
        )
        .unwrap();
        lib.add_note(
            "b",
            "Talk Title - Jane Doe, Acme\n正文内容在这里。\n",
            &opts,
        )
        .unwrap();
        lib
    }

    #[test]
    fn the_checksum_is_xxh3_64() {
        // XXH3-64 with seed 0 as the reference implementation computes it (python-xxhash,
        // which wraps it, gives the same three values).
        assert_eq!(checksum(b""), 0x2D06_8005_38D3_94C2);
        assert_eq!(checksum(b"a"), 0xE6C6_32B6_1E96_4E1F);
        // Long enough for the striped (SIMD) path.
        let long: Vec<u8> = (0..1000u32).map(|i| (i * 97 + 13) as u8).collect();
        assert_eq!(checksum(&long), 0x96C4_1554_C60D_0B60);
    }

    /// What a note keeps, a snapshot loads: front matter nested as deep as allowed comes back,
    /// and deeper front matter is skipped when the note is added (it made snapshots that
    /// exported and then failed to load as corrupt).
    #[test]
    fn front_matter_at_the_nesting_limit_round_trips() {
        for (levels, kept) in [(META_NESTING, true), (META_NESTING + 1, false)] {
            let value = format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
            let mut lib = Library::default();
            let text = format!("---\nx: {value}\n---\n## A\n\ntext\n");
            lib.add_note("n", &text, &AddOptions::default()).unwrap();
            let back = load(&lib.export_index()).unwrap();
            let info = back.note("n").unwrap();
            assert_eq!(info.meta.extra.contains_key("x"), kept, "{levels} levels");
            assert_eq!(info.warnings.is_empty(), kept, "{levels} levels");
        }
    }

    #[test]
    fn round_trip_keeps_notes_and_results() {
        let lib = sample();
        let bytes = lib.export_index();
        let back = load(&bytes).unwrap();
        assert_eq!(back.note_ids(), lib.note_ids());
        for q in ["数据拷贝", "scheduling", "jane", "tag:云原生"] {
            let a = lib.search(q, &SearchOptions::default()).unwrap();
            let b = back.search(q, &SearchOptions::default()).unwrap();
            assert_eq!(format!("{:?}", a.hits), format!("{:?}", b.hits), "{q}");
        }
        assert_eq!(
            back.render("a").unwrap().html,
            lib.render("a").unwrap().html
        );
        assert_eq!(
            format!("{:?}", back.note("a")),
            format!("{:?}", lib.note("a"))
        );
        let extra = back.note("a").unwrap().meta.extra;
        assert!(
            matches!(extra.get("extra"), Some(MetaValue::Map(m)) if m.contains_key("nested")),
            "{extra:?}"
        );
        assert_eq!(back.export_index(), bytes, "export is deterministic");
    }

    #[test]
    fn damaged_bytes_give_typed_errors() {
        let bytes = sample().export_index();
        let code = |b: &[u8]| load(b).err().map(|e| e.code());
        assert_eq!(code(b"PK\x03\x04 not ours"), Some("snapshot_foreign"));
        assert_eq!(code(&bytes[..20]), Some("snapshot_corrupt"));
        assert_eq!(code(&bytes[..bytes.len() - 1]), Some("snapshot_corrupt"));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x55;
        assert_eq!(code(&flipped), Some("snapshot_corrupt"));
        let mut future = bytes.clone();
        future[8] = 99;
        assert_eq!(code(&future), Some("snapshot_version"));
    }

    /// The checksum catches damage in transit; the decoder must also stand crafted bytes that
    /// carry a valid one: every byte of the payload changed, resealed, loads or fails with a
    /// typed error, never a panic, and what loads can be searched, rendered, changed and
    /// exported again.
    #[test]
    fn resealed_damage_never_panics() {
        let bytes = sample().export_index();
        let mut failed = 0;
        for at in HEADER_LEN..bytes.len() {
            for flip in [0x01, 0x80, 0xFF] {
                let mut b = bytes.clone();
                b[at] ^= flip;
                let sum = checksum(&b[HEADER_LEN..]);
                b[24..32].copy_from_slice(&sum.to_le_bytes());
                match load(&b) {
                    Ok(lib) => {
                        for q in ["数据拷贝", "scheduling", "jane", "tag:云原生"] {
                            let _ = lib.search(q, &SearchOptions::default());
                        }
                        for id in lib.note_ids() {
                            let _ = lib.render(&id);
                        }
                        for id in lib.note_ids() {
                            let mut changed = load(&b).unwrap();
                            changed.remove_note(&id).unwrap();
                            let _ = changed.add_note(
                                "c",
                                "## 新\n\n调度 scheduling。",
                                &AddOptions::default(),
                            );
                            for q in ["数据拷贝", "scheduling", "调度"] {
                                let _ = changed.search(q, &SearchOptions::default());
                            }
                            load(&changed.export_index()).unwrap();
                        }
                    }
                    Err(e) => {
                        assert_eq!(e.code(), "snapshot_corrupt", "byte {at} ^ {flip:#x}");
                        failed += 1;
                    }
                }
            }
        }
        assert!(failed > 0);
    }

    /// A snapshot naming one note twice (checksum and all) is refused: loaded, the second
    /// note's summary would answer for the first's documents.
    #[test]
    fn a_note_id_twice_is_refused() {
        let mut lib = Library::default();
        let opts = AddOptions::default();
        lib.add_note(
            "zzid0001",
            "# 调度\n\n调度器。\n\n## 一\n\n甲。\n\n## 二\n\n乙。\n",
            &opts,
        )
        .unwrap();
        lib.add_note("zzid0002", "# 网络\n\n网络插件。\n", &opts)
            .unwrap();
        let mut bytes = lib.export_index();
        let at = bytes
            .windows(8)
            .position(|w| w == b"zzid0002")
            .expect("the id is stored");
        bytes[at..at + 8].copy_from_slice(b"zzid0001");
        let sum = checksum(&bytes[HEADER_LEN..]);
        bytes[24..32].copy_from_slice(&sum.to_le_bytes());
        let err = load(&bytes).err().expect("refused");
        assert_eq!(err.code(), "snapshot_corrupt");
        assert!(err.message().contains("\"zzid0001\""), "{err}");
    }

    #[test]
    fn every_truncation_fails_cleanly() {
        let bytes = sample().export_index();
        for cut in 0..bytes.len() {
            assert!(load(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
