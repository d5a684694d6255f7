//! recapdex turns conference recap notes (Markdown, plain text, scraped listings; mostly
//! Chinese with English session titles) into rendered HTML with a table of contents and a
//! client-side search index with exact Chinese substring recall.
//!
//! ```
//! use recapdex::{Library, AddOptions, SearchOptions};
//!
//! let mut lib = Library::default();
//! lib.add_note("kubecon", "## Scheduling at Scale\n\n调度器的性能优化。", &AddOptions::default())?;
//! let res = lib.search("调度 scheduling", &SearchOptions::default())?;
//! assert_eq!(res.hits[0].slug, "scheduling-at-scale");
//! let page = lib.render("kubecon")?;
//! assert!(page.html.contains("id=\"scheduling-at-scale\""));
//! # Ok::<(), recapdex::Error>(())
//! ```
//!
//! The pipeline, one module per stage: [`ingest`] (format detection and parsing into the
//! [`model`]) → [`normalize`] → [`outline`] (sections, slugs, table of contents) →
//! [`analysis`] (tokens) → [`index`] → [`query`] → [`search`] (ranking) → [`snippet`] →
//! [`render`] / [`export_md`]; [`library`] ties them together and `wasm` exposes it to JS.

#[cfg(target_arch = "wasm32")]
mod alloc;
pub mod analysis;
pub mod error;
pub mod export_md;
pub mod index;
pub mod ingest;
pub mod library;
pub mod model;
pub mod normalize;
pub mod outline;
pub mod query;
pub mod render;
pub mod search;
pub mod snapshot;
pub mod snippet;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: alloc::Headroom = alloc::Headroom;

pub use error::{Error, ErrorKind, Result};
pub use ingest::FormatChoice;
pub use library::{AddOptions, Library, LibraryOptions, SearchOptions};
