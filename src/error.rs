//! The crate's one error type: an opaque [`Error`] with a stable, machine-readable kind.

use std::fmt;

/// What went wrong. Each kind has a stable `code` that reaches JS as `error.code`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// No note has this id.
    UnknownNote,
    /// A note with this id already exists (use `update_note`).
    DuplicateNote,
    /// The id is empty or too long.
    InvalidId,
    /// An option has a value outside its documented range.
    InvalidOption,
    /// The input is not usable text (for example not UTF-8).
    InvalidInput,
    /// The snapshot bytes are truncated or damaged.
    SnapshotCorrupt,
    /// The snapshot was written by another format version.
    SnapshotVersion,
    /// The bytes are not a recapdex snapshot at all.
    SnapshotForeign,
    /// This build leaves the operation out (the search-only build cannot add or render notes).
    Unsupported,
    /// The result is more text than a JS string can hold (a huge query with `explain`, a
    /// thousand hits and a hundred sub-results each).
    ResultTooLarge,
}

impl ErrorKind {
    /// The stable code, e.g. `unknown_note`.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::UnknownNote => "unknown_note",
            ErrorKind::DuplicateNote => "duplicate_note",
            ErrorKind::InvalidId => "invalid_id",
            ErrorKind::InvalidOption => "invalid_option",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::SnapshotCorrupt => "snapshot_corrupt",
            ErrorKind::SnapshotVersion => "snapshot_version",
            ErrorKind::SnapshotForeign => "snapshot_foreign",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::ResultTooLarge => "result_too_large",
        }
    }
}

/// An error with a kind and a lowercase message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The stable code of the kind.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn unknown_note(id: &str) -> Error {
        Error::new(
            ErrorKind::UnknownNote,
            format!("no note with id {id:?}; call noteIds() for the ids that exist"),
        )
    }

    pub(crate) fn invalid_option(name: &str, why: impl fmt::Display) -> Error {
        Error::new(ErrorKind::InvalidOption, format!("option {name}: {why}"))
    }

    pub(crate) fn corrupt(why: impl fmt::Display) -> Error {
        Error::new(
            ErrorKind::SnapshotCorrupt,
            format!("snapshot is damaged ({why}); rebuild it with exportIndex()"),
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.code(), self.message)
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
