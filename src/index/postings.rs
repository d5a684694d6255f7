//! Posting lists, compressed in memory: chains of byte slices in one shared pool.
//!
//! Why: postings are most of an index. As 8-byte structs in a `Vec` per term they took 3.5 MB
//! of the handbook's 13.5 MB, and growing 41,000 vectors cost 86,000 reallocations, a tenth of
//! the build. Here a posting is the varint of its document's distance from the previous one,
//! shifted left by a bit whose set value means the common case (one occurrence, in the body:
//! 79% of the handbook's postings); otherwise a field mask byte and a count byte per field
//! present follow. Most postings take one or two bytes.
//!
//! A list grows by chaining slices of growing size (8 bytes up to 256) carved from 64 KiB
//! blocks, as Lucene's `ByteBlockPool` does: growing never copies, and memory never holds an
//! old and a new copy of anything at once. The last 4 bytes of a full slice hold the offset of
//! the next one. Slices stop growing at 256 bytes because a list's last slice is half empty on
//! average: for the 13.2 MiB of postings of the handbook 20 times, slices of up to 4 KiB took
//! a pool of 18.1 MiB, 512 bytes 16.0 MiB and 256 bytes 15.6 MiB (searching: +0.2% and
//! +0.03% instructions).

use super::{Counts, DocId, Posting};

const BLOCK_BITS: u32 = 16;
const BLOCK: usize = 1 << BLOCK_BITS;
/// Slice sizes by level; a list's first slice is level 0, each next one a level up, until the
/// last level repeats.
const LEVELS: [usize; 6] = [8, 16, 32, 64, 128, 256];
const LINK: usize = 4;
/// The longest encoded posting: a 33-bit varint, a mask and four counts.
const MAX_POSTING: usize = 10;
/// A single occurrence in the body field, the posting that needs no counts.
const BODY_ONCE: Counts = [0, 0, 0, 1];

/// The bytes all lists live in.
#[derive(Debug, Default, Clone)]
pub struct Pool {
    blocks: Vec<Box<[u8]>>,
    /// Bytes used in the last block.
    used: usize,
    /// Bytes in slices of lists that were rewritten (after removals), reclaimed by
    /// [`Pool::compact`].
    garbage: usize,
}

/// One term's postings, in ascending document order.
#[derive(Debug, Default, Clone, Copy)]
pub struct List {
    /// Offset of the first slice in the pool (meaningless while `len` is 0).
    head: u32,
    /// Offset where the next byte goes.
    tail: u32,
    /// Offset of the end of the slice `tail` is in.
    end: u32,
    /// Number of postings.
    len: u32,
    /// The last posting's document: the next one is encoded as its distance from it.
    last: DocId,
    /// Level of the slice `tail` is in.
    level: u8,
}

impl Pool {
    /// Bytes this pool holds.
    pub fn capacity(&self) -> usize {
        self.blocks.len() * BLOCK
    }

    /// Carves `size` bytes (at most a block) and returns their offset.
    fn alloc(&mut self, size: usize) -> u32 {
        if self.blocks.is_empty() || self.used + size > BLOCK {
            self.blocks.push(vec![0; BLOCK].into_boxed_slice());
            self.used = 0;
        }
        let offset = (self.blocks.len() - 1) * BLOCK + self.used;
        self.used += size;
        u32::try_from(offset).expect("posting pool is limited to 4 GiB")
    }

    fn slice(&self, offset: u32, len: usize) -> &[u8] {
        let at = offset as usize & (BLOCK - 1);
        &self.blocks[(offset >> BLOCK_BITS) as usize][at..at + len]
    }

    fn slice_mut(&mut self, offset: u32, len: usize) -> &mut [u8] {
        let at = offset as usize & (BLOCK - 1);
        &mut self.blocks[(offset >> BLOCK_BITS) as usize][at..at + len]
    }

    /// Rewrites every list into a fresh pool when more than half of this one is garbage.
    pub fn compact(&mut self, lists: &mut [List]) {
        if self.garbage * 2 <= self.capacity() {
            return;
        }
        let mut fresh = Pool::default();
        for list in lists.iter_mut() {
            let mut copy = List::default();
            copy.extend(&mut fresh, list.iter(self));
            *list = copy;
        }
        *self = fresh;
    }
}

impl List {
    /// Number of postings.
    pub fn len(&self) -> u32 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends a posting; its document must come after the last one's.
    pub fn push(&mut self, pool: &mut Pool, p: Posting) {
        let mut buf = [0u8; MAX_POSTING];
        let n = self.encode_next(p, &mut buf);
        if self.end != 0 && self.tail as usize + n + LINK <= self.end as usize {
            // Fits in the current slice, the usual case: no bookkeeping of slices.
            let block = &mut pool.blocks[(self.tail >> BLOCK_BITS) as usize];
            let at = self.tail as usize & (BLOCK - 1);
            for (dst, &src) in block[at..at + n].iter_mut().zip(&buf[..n]) {
                *dst = src;
            }
            self.tail += n as u32;
        } else {
            self.write(pool, &buf[..n]);
        }
    }

    /// Appends postings in document order, after the last one's (a snapshot's list, a
    /// rewritten one): encoded a chunk at a time and written in as few copies as the slices
    /// allow.
    pub fn extend(&mut self, pool: &mut Pool, postings: impl IntoIterator<Item = Posting>) {
        let mut chunk = [0u8; 1024];
        let mut used = 0;
        for p in postings {
            if used + MAX_POSTING > chunk.len() {
                self.write(pool, &chunk[..used]);
                used = 0;
            }
            let room: &mut [u8; MAX_POSTING] = (&mut chunk[used..used + MAX_POSTING])
                .try_into()
                .expect("MAX_POSTING bytes");
            used += self.encode_next(p, room);
        }
        self.write(pool, &chunk[..used]);
    }

    /// A list of the `n` postings encoded in `bytes` (checked by [`check_encoded`], which
    /// gave `last`), copied into `pool`.
    pub fn from_encoded(pool: &mut Pool, bytes: &[u8], n: u32, last: DocId) -> List {
        let mut list = List::default();
        list.write(pool, bytes);
        list.len = n;
        list.last = last;
        list
    }

    /// Encodes `p` as the next posting (counting it) and returns its length in `buf`.
    #[inline]
    fn encode_next(&mut self, p: Posting, buf: &mut [u8; MAX_POSTING]) -> usize {
        debug_assert!(self.len == 0 || p.doc > self.last);
        let delta = if self.len == 0 {
            p.doc
        } else {
            p.doc - self.last
        };
        self.len += 1;
        self.last = p.doc;
        encode(delta, p.tf, buf)
    }

    /// Appends encoded bytes, chaining new slices as the current one fills.
    fn write(&mut self, pool: &mut Pool, mut bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if self.end == 0 {
            // No slice yet (a slice's end is past its start, so never 0).
            self.head = pool.alloc(LEVELS[0]);
            self.tail = self.head;
            self.end = self.head + LEVELS[0] as u32;
            self.level = 0;
        }
        loop {
            let room = (self.end - self.tail) as usize - LINK;
            let n = bytes.len().min(room);
            pool.slice_mut(self.tail, n).copy_from_slice(&bytes[..n]);
            self.tail += n as u32;
            bytes = &bytes[n..];
            if bytes.is_empty() {
                return;
            }
            let level = (self.level as usize + 1).min(LEVELS.len() - 1);
            let next = pool.alloc(LEVELS[level]);
            pool.slice_mut(self.end - LINK as u32, LINK)
                .copy_from_slice(&next.to_le_bytes());
            self.tail = next;
            self.end = next + LEVELS[level] as u32;
            self.level = level as u8;
        }
    }

    /// The postings, in document order.
    pub fn iter<'a>(&self, pool: &'a Pool) -> Iter<'a> {
        let slice = if self.len == 0 {
            &[][..]
        } else {
            pool.slice(self.head, LEVELS[0])
        };
        Iter {
            pool,
            slice,
            at: 0,
            level: 0,
            left: self.len,
            doc: 0,
            first: true,
        }
    }

    /// Removes the posting of `doc`, if any, by rewriting the list (its old slices become
    /// garbage for [`Pool::compact`]).
    pub fn remove(&mut self, pool: &mut Pool, doc: DocId) {
        let kept: Vec<Posting> = self.iter(pool).filter(|p| p.doc != doc).collect();
        if kept.len() == self.len as usize {
            return;
        }
        pool.garbage += self.allocated(pool);
        *self = List::default();
        self.extend(pool, kept);
    }

    /// Bytes of the slices this list occupies.
    fn allocated(&self, pool: &Pool) -> usize {
        if self.len == 0 {
            return 0;
        }
        let (mut offset, mut level, mut total) = (self.head, 0usize, 0usize);
        loop {
            let size = LEVELS[level];
            total += size;
            if (offset..offset + size as u32).contains(&self.tail) {
                return total;
            }
            let link = pool.slice(offset + (size - LINK) as u32, LINK);
            offset = u32::from_le_bytes(link.try_into().expect("4 bytes"));
            level = (level + 1).min(LEVELS.len() - 1);
        }
    }
}

/// Appends the encoding of `postings` (in document order) to `out`: the bytes a [`List`]
/// holds, which is also how snapshots store a list, so that loading one is a check and a
/// copy ([`check_encoded`], [`List::from_encoded`]).
pub fn encode_all(postings: &[Posting], out: &mut Vec<u8>) {
    let mut buf = [0u8; MAX_POSTING];
    let mut last = 0;
    for (k, p) in postings.iter().enumerate() {
        let delta = if k == 0 { p.doc } else { p.doc - last };
        let n = encode(delta, p.tf, &mut buf);
        out.extend_from_slice(&buf[..n]);
        last = p.doc;
    }
}

/// Checks that `bytes` hold exactly `n` well-formed postings of ascending documents below
/// `docs`, each with a count in some field, and returns the last document.
pub fn check_encoded(bytes: &[u8], n: usize, docs: u32) -> Result<DocId, &'static str> {
    const TRUNCATED: &str = "postings are truncated";
    let mut at = 0;
    // The sum of the distances. Ascending documents make the last one the largest, so one
    // bound check after the loop covers every posting (saturating: crafted distances cannot
    // wrap around to a small document).
    let mut doc = 0u64;
    for k in 0..n {
        let first = *bytes.get(at).ok_or(TRUNCATED)?;
        at += 1;
        // One-byte varints (a distance below 64) are most postings: no loop for them.
        let mut v = u64::from(first & 0x7F);
        if first >= 0x80 {
            let mut shift = 7;
            loop {
                if shift > 35 {
                    return Err("posting varint too long");
                }
                let b = *bytes.get(at).ok_or(TRUNCATED)?;
                at += 1;
                v |= u64::from(b & 0x7F) << shift;
                if b < 0x80 {
                    break;
                }
                shift += 7;
            }
        }
        let delta = v >> 1;
        if delta == 0 && k > 0 {
            return Err("postings out of order");
        }
        doc = doc.saturating_add(delta);
        if v & 1 == 0 {
            let mask = *bytes.get(at).ok_or(TRUNCATED)?;
            if mask == 0 || mask >> 4 != 0 {
                return Err("posting field mask");
            }
            let counts = bytes
                .get(at + 1..at + 1 + mask.count_ones() as usize)
                .ok_or(TRUNCATED)?;
            if counts.contains(&0) {
                return Err("posting count of zero");
            }
            at += 1 + counts.len();
        }
    }
    if at != bytes.len() {
        return Err("postings are longer than their count");
    }
    if n > 0 && doc >= u64::from(docs) {
        return Err("posting names a missing document");
    }
    Ok(doc as DocId)
}

/// Reads a posting [`encode`] wrote at the start of `bytes`: its document's distance from the
/// previous one, its counts and its length.
#[inline]
fn decode(bytes: &[u8; MAX_POSTING]) -> (DocId, Counts, usize) {
    let mut v = 0u64;
    let mut n = 0;
    // At most 5 bytes (33 bits): lists are checked when they are loaded.
    while n < 5 {
        let b = bytes[n];
        v |= u64::from(b & 0x7F) << (7 * n);
        n += 1;
        if b < 0x80 {
            break;
        }
    }
    let delta = (v >> 1) as DocId;
    if v & 1 == 1 {
        return (delta, BODY_ONCE, n);
    }
    let mask = bytes[n];
    n += 1;
    let mut tf = Counts::default();
    for (f, slot) in tf.iter_mut().enumerate() {
        if mask & 1 << f != 0 {
            *slot = bytes[n];
            n += 1;
        }
    }
    (delta, tf, n)
}

/// Writes the posting of a document `delta` after the previous one and returns its length.
#[inline]
fn encode(delta: DocId, tf: Counts, out: &mut [u8; MAX_POSTING]) -> usize {
    let once = tf == BODY_ONCE;
    let mut v = u64::from(delta) << 1 | u64::from(once);
    let mut n = 0;
    while v >= 0x80 {
        out[n] = v as u8 | 0x80;
        v >>= 7;
        n += 1;
    }
    out[n] = v as u8;
    n += 1;
    if !once {
        let mask_at = n;
        out[mask_at] = 0;
        n += 1;
        for (f, &count) in tf.iter().enumerate() {
            if count > 0 {
                out[mask_at] |= 1 << f;
                out[n] = count;
                n += 1;
            }
        }
    }
    n
}

/// The postings of a [`List`], decoded as they are read.
pub struct Iter<'a> {
    pool: &'a Pool,
    /// The slice being read, its link included.
    slice: &'a [u8],
    at: usize,
    level: usize,
    left: u32,
    doc: DocId,
    first: bool,
}

impl Iter<'_> {
    fn byte(&mut self) -> u8 {
        if self.at == self.slice.len() - LINK {
            let link = &self.slice[self.at..];
            let next = u32::from_le_bytes(link.try_into().expect("4 bytes"));
            self.level = (self.level + 1).min(LEVELS.len() - 1);
            self.slice = self.pool.slice(next, LEVELS[self.level]);
            self.at = 0;
        }
        let b = self.slice[self.at];
        self.at += 1;
        b
    }
}

impl Iterator for Iter<'_> {
    type Item = Posting;

    fn next(&mut self) -> Option<Posting> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        if let Some(window) = self.slice.get(self.at..self.at + MAX_POSTING) {
            if self.at + MAX_POSTING <= self.slice.len() - LINK {
                // The whole posting lies before this slice's link: decoded without looking
                // for the slice's end at every byte (a third of reading a list).
                let (delta, tf, n) = decode(window.try_into().expect("MAX_POSTING bytes"));
                self.at += n;
                self.doc = if self.first { delta } else { self.doc + delta };
                self.first = false;
                return Some(Posting { doc: self.doc, tf });
            }
        }
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte();
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                break;
            }
            shift += 7;
        }
        let delta = (v >> 1) as DocId;
        self.doc = if self.first { delta } else { self.doc + delta };
        self.first = false;
        let tf = if v & 1 == 1 {
            BODY_ONCE
        } else {
            let mask = self.byte();
            let mut tf = Counts::default();
            for (f, slot) in tf.iter_mut().enumerate() {
                if mask & 1 << f != 0 {
                    *slot = self.byte();
                }
            }
            tf
        };
        Some(Posting { doc: self.doc, tf })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left as usize, Some(self.left as usize))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(doc: DocId, tf: Counts) -> Posting {
        Posting { doc, tf }
    }

    #[test]
    fn lists_read_back_what_was_pushed_across_slices() {
        let mut pool = Pool::default();
        let (mut a, mut b) = (List::default(), List::default());
        let mut want_a = Vec::new();
        let mut want_b = Vec::new();
        // Interleaved, so the two lists' slices alternate in the pool; large gaps and counts
        // make postings of every length, so some straddle slice ends.
        for i in 0..5000u32 {
            let pa = posting(i * 3, [0, 0, 0, 1]);
            let pb = posting(i * 70_001, [(i % 3) as u8, 0, 255, (i % 7) as u8 + 1]);
            a.push(&mut pool, pa);
            b.push(&mut pool, pb);
            want_a.push(pa);
            want_b.push(pb);
        }
        assert_eq!(a.iter(&pool).collect::<Vec<_>>(), want_a);
        assert_eq!(b.iter(&pool).collect::<Vec<_>>(), want_b);
        assert_eq!(a.len(), 5000);
    }

    #[test]
    fn removal_rewrites_and_compaction_keeps_every_list() {
        let mut pool = Pool::default();
        let mut lists = vec![List::default(); 300];
        for doc in 0..400u32 {
            for (t, list) in lists.iter_mut().enumerate() {
                if (doc as usize + t) % 3 == 0 {
                    list.push(&mut pool, posting(doc, [1, 0, 0, 2]));
                }
            }
        }
        let before: Vec<Vec<Posting>> = lists.iter().map(|l| l.iter(&pool).collect()).collect();
        for doc in (0..400).step_by(2) {
            for list in lists.iter_mut() {
                list.remove(&mut pool, doc);
            }
        }
        let garbage = pool.garbage;
        pool.compact(&mut lists);
        assert!(garbage > 0 && pool.garbage == 0);
        for (list, all) in lists.iter().zip(before) {
            let odd: Vec<Posting> = all.into_iter().filter(|p| p.doc % 2 == 1).collect();
            assert_eq!(list.iter(&pool).collect::<Vec<_>>(), odd);
        }
        // A rewritten list keeps growing where it now ends.
        lists[0].push(&mut pool, posting(1000, [0, 0, 0, 1]));
        assert_eq!(
            lists[0].iter(&pool).last(),
            Some(posting(1000, [0, 0, 0, 1]))
        );
    }

    #[test]
    fn removing_the_only_posting_empties_the_list() {
        let mut pool = Pool::default();
        let mut list = List::default();
        list.push(&mut pool, posting(7, [0, 1, 0, 0]));
        list.remove(&mut pool, 8);
        assert_eq!(list.len(), 1);
        list.remove(&mut pool, 7);
        assert!(list.is_empty() && list.iter(&pool).next().is_none());
    }

    #[test]
    fn encoded_lists_are_checked_before_they_are_used() {
        let list = [posting(3, [0, 0, 0, 1]), posting(9, [2, 0, 0, 5])];
        let mut bytes = Vec::new();
        encode_all(&list, &mut bytes);
        assert_eq!(bytes, [3 << 1 | 1, 6 << 1, 0b1001, 2, 5]);
        assert_eq!(check_encoded(&bytes, 2, 10), Ok(9));
        let mut pool = Pool::default();
        let loaded = List::from_encoded(&mut pool, &bytes, 2, 9);
        assert_eq!(loaded.iter(&pool).collect::<Vec<_>>(), list);
        let bad: [(&[u8], usize, u32); 7] = [
            (&bytes, 2, 9),                  // a document past the end
            (&bytes[..4], 2, 10),            // truncated
            (&bytes, 1, 10),                 // bytes left over
            (&[3 << 1 | 1, 1], 2, 10),       // the same document twice
            (&[3 << 1, 0], 1, 10),           // no field
            (&[3 << 1, 0b1_0000, 1], 1, 10), // a fifth field
            (&[3 << 1, 0b0001, 0], 1, 10),   // a count of zero
        ];
        for (b, n, docs) in bad {
            assert!(check_encoded(b, n, docs).is_err(), "{b:?}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Any interleaving of pushes to several lists, then removals, reads back as the same
        /// operations on plain vectors.
        #[test]
        fn lists_behave_like_vectors(
            gaps in proptest::collection::vec((0usize..4, 1u32..100_000, proptest::array::uniform4(0u8..3)), 0..400),
            removals in proptest::collection::vec(0usize..400, 0..40),
        ) {
            let mut pool = Pool::default();
            let mut lists = vec![List::default(); 4];
            let mut model: Vec<Vec<Posting>> = vec![Vec::new(); 4];
            for (t, gap, tf) in gaps {
                let doc = model[t].last().map_or(gap - 1, |p| p.doc + gap);
                let p = posting(doc, tf);
                lists[t].push(&mut pool, p);
                model[t].push(p);
            }
            for r in removals {
                let t = r % 4;
                if let Some(&p) = model[t].get(r / 4) {
                    lists[t].remove(&mut pool, p.doc);
                    model[t].retain(|q| q.doc != p.doc);
                    pool.compact(&mut lists);
                }
            }
            for (list, want) in lists.iter().zip(&model) {
                proptest::prop_assert_eq!(list.iter(&pool).collect::<Vec<_>>(), want.clone());
                proptest::prop_assert_eq!(list.len() as usize, want.len());
            }
        }
    }
}
