//! The wasm32 global allocator: the standard one (dlmalloc), growing linear memory in large
//! steps instead of a few pages at a time.
//!
//! Why: every `memory.grow` gives JS a new `ArrayBuffer` for the whole memory, and V8 counts
//! each as new external memory until a full GC reclaims the old one. Growing 64 KiB at a time,
//! indexing the handbook 20 times over grew memory ~2,700 times and set off 653 full GCs in
//! Node (`node --trace-gc`), a third of the build's time. So when an allocation had to grow
//! memory, this allocator at once takes a sixty-fourth more (a thirty-second below 32 MiB) and
//! frees it: dlmalloc keeps freed space at the top of memory for later allocations (wasm memory
//! never shrinks). The same build then runs a handful of full GCs, and little memory is spare.
//!
//! How large a step: memory ends anywhere between what the library uses and that plus a step,
//! so smaller steps waste less. In fresh Node processes building the handbook 20 times (56.4
//! MiB used at the peak), steps of a sixteenth and a sixty-fourth took the same time (2.48 to
//! 2.65 s) and ran 4 and 5 mark-compact GCs, and memory ended at 59.0 and 56.8 MiB.

use std::alloc::{GlobalAlloc, Layout, System};
use std::arch::wasm32::memory_size;

/// [`System`], with memory grown in steps of a sixty-fourth of its size (a thirty-second below
/// 32 MiB).
pub struct Headroom;

const PAGE: usize = 64 * 1024;
const MIN_STEP: usize = 256 << 10;
const SMALL: usize = 32 << 20;

// SAFETY: every call goes to `System` with the caller's own arguments; the headroom block is
// allocated and freed with one layout.
unsafe impl GlobalAlloc for Headroom {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pages = memory_size(0);
        let ptr = System.alloc(layout);
        reserve_if_grown(pages);
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let pages = memory_size(0);
        let ptr = System.alloc_zeroed(layout);
        reserve_if_grown(pages);
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let pages = memory_size(0);
        let ptr = System.realloc(ptr, layout, new_size);
        reserve_if_grown(pages);
        ptr
    }
}

/// When memory grew from `pages_before`, grows it by another sixty-fourth (a thirty-second
/// while it is small) and hands that to the allocator's free space.
fn reserve_if_grown(pages_before: usize) {
    let pages = memory_size(0);
    if pages == pages_before {
        return;
    }
    let size = pages * PAGE;
    let fraction = if size < SMALL { 32 } else { 64 };
    let step = (size / fraction).max(MIN_STEP);
    let Ok(layout) = Layout::from_size_align(step, 8) else {
        return;
    };
    // SAFETY: a fresh block of a non-zero size, freed with the layout it was allocated with.
    unsafe {
        let block = System.alloc(layout);
        if !block.is_null() {
            System.dealloc(block, layout);
        }
    }
}
