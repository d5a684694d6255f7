//! The query language.
//!
//! Terms are AND-ed; `"exact phrase"`; `-exclude`; `a OR b`; filters `tag:`, `speaker:`,
//! `author:`, `note:`, `date:2021..2022`, which `-` negates (`-tag:draft`) and `OR` joins
//! (`tag:a OR tag:b`). `OR` joins the two things beside it when both are terms or both are
//! filters; between a term and a filter it is ignored (both must hold). Parsing never fails:
//! anything that is not valid syntax (an unbalanced quote, a filter without a value, a bad
//! date range) is searched as plain text.

use crate::analysis::tokenizer::{pieces, PieceKind};
use crate::normalize::{fold, nfkc_line};

/// One thing a document must (or must not) contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A case-folded Latin word; `prefix` when it is the last word being typed.
    Word { text: String, prefix: bool },
    /// A case-folded CJK run, matched as an exact substring.
    Cjk(String),
    /// A case-folded phrase, matched as an exact substring at word boundaries.
    Phrase(String),
}

impl Term {
    /// The folded text of the term.
    pub fn text(&self) -> &str {
        match self {
            Term::Word { text, .. } | Term::Cjk(text) | Term::Phrase(text) => text,
        }
    }
}

/// A date range filter, inclusive, as comparable `YYYY-MM-DD` strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    pub from: String,
    pub to: String,
}

/// One condition on a section's note or metadata (values case-folded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// The note has this tag.
    Tag(String),
    /// The section's speaker contains this.
    Speaker(String),
    /// One of the note's authors contains this.
    Author(String),
    /// The note has this id.
    Note(String),
    /// The note's date is in this range.
    Date(DateRange),
}

/// Filters on note and section metadata: every group must hold, a group holding when any of
/// its filters does (`tag:a OR tag:b`), and no excluded filter may hold (`-tag:a`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub all: Vec<Vec<Filter>>,
    pub none: Vec<Filter>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.none.is_empty()
    }

    /// Whether a section passes, given whether it meets each single filter.
    pub fn allow(&self, meets: impl Fn(&Filter) -> bool) -> bool {
        self.all.iter().all(|group| group.iter().any(&meets)) && !self.none.iter().any(meets)
    }
}

/// A parsed query: every clause must match (a clause matches when any of its terms does),
/// no exclusion may match, and all filters must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Vec<Term>>,
    pub excludes: Vec<Term>,
    pub filters: Filters,
}

impl Query {
    /// Every positive term, for highlighting.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.clauses.iter().flatten()
    }
}

/// Parses `input`. `prefix_last`: the last bare word is a prefix (the user is still typing);
/// it is ignored when the input ends in whitespace.
pub fn parse(input: &str, prefix_last: bool) -> Query {
    let text = nfkc_line(input);
    let typing = prefix_last && !input.ends_with(char::is_whitespace);
    let mut query = Query::default();
    // What the last positive item was, which a following `OR` joins the next one to.
    let mut last = Last::Nothing;
    let mut or_pending = false;
    // Whether the input ends with a bare positive word (not a phrase, exclusion or filter).
    let mut ends_with_word = false;
    for raw in split_raw(&text) {
        ends_with_word = false;
        match raw {
            Raw::Or => {
                or_pending = last != Last::Nothing;
                continue;
            }
            Raw::Phrase { text, negated } => {
                let phrase = fold(&text);
                if phrase.is_empty() {
                    continue;
                }
                let term = Term::Phrase(phrase);
                push(&mut query, term, negated, or_pending && last == Last::Term);
                if !negated {
                    last = Last::Term;
                }
            }
            Raw::Word { text, negated } => {
                if let Some(f) = filter(&text) {
                    let filters = &mut query.filters;
                    match filters.all.last_mut() {
                        _ if negated => filters.none.push(f),
                        Some(group) if or_pending && last == Last::Filter => group.push(f),
                        _ => filters.all.push(vec![f]),
                    }
                    if !negated {
                        last = Last::Filter;
                    }
                } else {
                    for term in terms_of(&text) {
                        let join = or_pending && last == Last::Term;
                        push(&mut query, term, negated, join);
                        ends_with_word = !negated;
                        if !negated {
                            last = Last::Term;
                            or_pending = false;
                        }
                    }
                }
            }
        }
        or_pending = false;
    }
    // Only a bare trailing word is a prefix, never a phrase, an exclusion or a filter.
    if typing && ends_with_word {
        if let Some(Term::Word { prefix, .. }) = query.clauses.last_mut().and_then(|c| c.last_mut())
        {
            *prefix = true;
        }
    }
    query
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Term,
    Filter,
}

/// Adds `term` as an exclusion, to the last clause (`join`: after `OR`) or as a new clause.
fn push(query: &mut Query, term: Term, negated: bool, join: bool) {
    if negated {
        query.excludes.push(term);
    } else if join {
        query
            .clauses
            .last_mut()
            .expect("or needs a clause")
            .push(term);
    } else {
        query.clauses.push(vec![term]);
    }
}

/// Splits free text into terms: Latin words and CJK runs.
pub fn terms_of(text: &str) -> Vec<Term> {
    let folded = fold(text);
    pieces(&folded)
        .into_iter()
        .map(|p| match p.kind {
            PieceKind::Word => Term::Word {
                text: p.text.to_string(),
                prefix: false,
            },
            PieceKind::Cjk => Term::Cjk(p.text.to_string()),
        })
        .collect()
}

enum Raw {
    Word { text: String, negated: bool },
    Phrase { text: String, negated: bool },
    Or,
}

/// Splits on whitespace, keeping balanced `"…"` together. An unbalanced quote is dropped and
/// its text searched as plain words.
fn split_raw(text: &str) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        // `-x` with one letter or digit is a command-line flag pasted with its command
        // (`kubectl get pods -o wide`), searched as text: nobody excludes a single letter.
        let flag = |b: &str| {
            let mut chars = b.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
                && chars.next().is_none_or(char::is_whitespace)
        };
        let (negated, body) = match rest.strip_prefix('-') {
            Some(b) if b.starts_with(|c: char| !c.is_whitespace() && c != '-') && !flag(b) => {
                (true, b)
            }
            _ => (false, rest),
        };
        if let Some(inner) = body.strip_prefix('"') {
            if let Some(close) = inner.find('"') {
                out.push(Raw::Phrase {
                    text: inner[..close].to_string(),
                    negated,
                });
                rest = &inner[close + 1..];
                continue;
            }
            // Unbalanced: search the remainder as plain words.
            rest = inner;
            continue;
        }
        // `name:"a value with spaces"` keeps its quoted value together.
        let quoted_value = body
            .find(":\"")
            .filter(|&colon| !body[..colon].contains(char::is_whitespace))
            .and_then(|colon| {
                let close = body[colon + 2..].find('"')?;
                Some(colon + 2 + close + 1)
            });
        let end =
            quoted_value.unwrap_or_else(|| body.find(char::is_whitespace).unwrap_or(body.len()));
        let word = body[..end].trim_matches('"');
        rest = &body[end..];
        if word == "OR" && !negated {
            out.push(Raw::Or);
        } else if !word.is_empty() {
            out.push(Raw::Word {
                text: word.to_string(),
                negated,
            });
        }
    }
    out
}

/// The filter `word` (`name:value`) names; `None` (search it as text) when it is not one.
fn filter(word: &str) -> Option<Filter> {
    let (name, value) = word.split_once(':')?;
    let value = fold(value.trim_matches('"'));
    if value.is_empty() {
        return None;
    }
    Some(match fold(name).as_str() {
        "tag" | "tags" => Filter::Tag(value),
        "speaker" => Filter::Speaker(value),
        "author" => Filter::Author(value),
        "note" => Filter::Note(value),
        "date" | "year" => Filter::Date(date_range(&value)?),
        _ => return None,
    })
}

/// `2021`, `2021-03`, `2021..2022`, `2021-03..2021-06-15`, `..2020`, `2021..`.
fn date_range(value: &str) -> Option<DateRange> {
    let (from, to) = match value.split_once("..") {
        Some((a, b)) => (a, b),
        None => (value, value),
    };
    if from.is_empty() && to.is_empty() {
        return None;
    }
    let from = if from.is_empty() {
        "0000".to_string()
    } else {
        valid_date(from)?.to_string()
    };
    let to = if to.is_empty() {
        "9999".to_string()
    } else {
        // Inclusive upper bound: every date starting with `to` is <= `to` + "~".
        format!("{}~", valid_date(to)?)
    };
    (from <= to).then_some(DateRange { from, to })
}

fn valid_date(s: &str) -> Option<&str> {
    let ok = matches!(s.len(), 4 | 7 | 10)
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    ok.then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(t: &str) -> Term {
        Term::Word {
            text: t.into(),
            prefix: false,
        }
    }

    #[test]
    fn terms_phrases_excludes_and_or() {
        let q = parse("调度 Kubernetes \"cpu burst\" -etcd a OR b", false);
        assert_eq!(
            q.clauses,
            vec![
                vec![Term::Cjk("调度".into())],
                vec![word("kubernetes")],
                vec![Term::Phrase("cpu burst".into())],
                vec![word("a"), word("b")],
            ]
        );
        assert_eq!(q.excludes, [word("etcd")]);
    }

    #[test]
    fn filters_are_parsed_and_bad_ones_are_text() {
        let q = parse(
            "tag:云原生 speaker:Tim date:2021..2022 date:oops note:",
            false,
        );
        assert_eq!(
            q.filters.all,
            [
                vec![Filter::Tag("云原生".into())],
                vec![Filter::Speaker("tim".into())],
                vec![Filter::Date(DateRange {
                    from: "2021".into(),
                    to: "2022~".into()
                })],
            ]
        );
        assert_eq!(q.clauses.len(), 3, "{q:?}");
    }

    #[test]
    fn filter_values_may_be_quoted() {
        let q = parse(
            "speaker:\"Mei Chen\" tag:\"Platform Engineering\" 调度",
            false,
        );
        assert_eq!(
            q.filters.all,
            [
                vec![Filter::Speaker("mei chen".into())],
                vec![Filter::Tag("platform engineering".into())],
            ]
        );
        assert_eq!(q.clauses, [vec![Term::Cjk("调度".into())]]);
    }

    #[test]
    fn filters_are_negated_and_joined_by_or() {
        let q = parse("调度 -tag:草稿 tag:k8s OR tag:GPU -note:a -foo:bar", false);
        assert_eq!(
            q.filters,
            Filters {
                all: vec![vec![Filter::Tag("k8s".into()), Filter::Tag("gpu".into())]],
                none: vec![Filter::Tag("草稿".into()), Filter::Note("a".into())],
            }
        );
        assert_eq!(q.clauses, [vec![Term::Cjk("调度".into())]]);
        assert_eq!(q.excludes, [word("foo"), word("bar")]);
    }

    /// From the handbook audit: `kubectl get pods -o wide`, pasted, found nothing.
    #[test]
    fn a_one_letter_flag_is_text_not_an_exclusion() {
        let q = parse("kubectl get pods -o wide -A", false);
        assert!(q.excludes.is_empty(), "{q:?}");
        assert_eq!(q.clauses.len(), 6);
        assert_eq!(q.clauses[3], [word("o")]);
        assert_eq!(parse("etcd -ab", false).excludes, [word("ab")]);
        assert_eq!(parse("etcd -调", false).excludes, [Term::Cjk("调".into())]);
    }

    #[test]
    fn or_between_a_term_and_a_filter_is_ignored() {
        let q = parse("a OR tag:x b", false);
        assert_eq!(q.clauses, [vec![word("a")], vec![word("b")]]);
        assert_eq!(q.filters.all, [vec![Filter::Tag("x".into())]]);
        let q = parse("tag:x OR a OR b", false);
        assert_eq!(q.clauses, [vec![word("a"), word("b")]]);
        assert_eq!(q.filters.all, [vec![Filter::Tag("x".into())]]);
        // An exclusion between ends the OR.
        let q = parse("a OR -etcd b", false);
        assert_eq!(q.clauses, [vec![word("a")], vec![word("b")]]);
    }

    #[test]
    fn malformed_queries_become_text() {
        let q = parse("\"unbalanced quote", false);
        assert_eq!(q.clauses, [vec![word("unbalanced")], vec![word("quote")]]);
        assert!(parse("OR OR -", false).clauses.is_empty());
        assert_eq!(parse("全角，逗号？", false).clauses.len(), 2);
    }

    #[test]
    fn the_last_word_is_a_prefix_while_typing() {
        let q = parse("kube sched", true);
        assert_eq!(
            q.clauses[1],
            [Term::Word {
                text: "sched".into(),
                prefix: true
            }]
        );
        assert!(!matches!(
            parse("kube sched ", true).clauses[1][0],
            Term::Word { prefix: true, .. }
        ));
    }

    #[test]
    fn mixed_queries_split_by_script() {
        assert_eq!(
            parse("Etcd性能", false).clauses,
            [vec![word("etcd")], vec![Term::Cjk("性能".into())]]
        );
    }
}
