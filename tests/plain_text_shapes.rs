//! Plain-text shapes that scraped sites write differently from the seeds: session lines whose
//! speaker is set off by an en or em dash instead of a hyphen, and notes with a blank line
//! after every line. Each must parse as its plain form does, and the look-alikes must not.
//!
//! The hand-written notes are in the shapes of `../shared/spec/seeds.md`; none is taken from
//! the corpus. The seed variants read `../shared/corpus/seeds/` at run time and skip with a
//! message when it is absent.

mod common;

use recapdex::ingest::{parse_note, FormatChoice};
use recapdex::model::{Block, BlockKind, Format, Inline, Note};
use recapdex::{AddOptions, Library, SearchOptions};

use common::{assert_sources_inside, heading_texts, headings};

fn parse(text: &str) -> Note {
    parse_note("n", text, FormatChoice::Auto)
}

/// The note's structure, one line per block, list items indented under their list: what a
/// reader sees, without the source ranges (which differ between spacings of one text).
fn outline_of(note: &Note) -> Vec<String> {
    fn walk(blocks: &[Block], depth: usize, out: &mut Vec<String>) {
        let pad = "  ".repeat(depth);
        for b in blocks {
            match &b.kind {
                BlockKind::Heading {
                    level,
                    content,
                    meta,
                    ..
                } => out.push(format!(
                    "{pad}h{level} {} | {} | {}",
                    Inline::text_of(content),
                    meta.speaker.as_deref().unwrap_or("-"),
                    meta.org.as_deref().unwrap_or("-"),
                )),
                BlockKind::Paragraph(c) => out.push(format!("{pad}p {}", Inline::text_of(c))),
                BlockKind::List { items, .. } => {
                    out.push(format!("{pad}list of {}", items.len()));
                    for item in items {
                        walk(&item.blocks, depth + 1, out);
                    }
                }
                other => out.push(format!("{pad}{other:?}")),
            }
        }
    }
    let mut out = vec![format!("title {}", note.meta.title)];
    walk(&note.blocks, 0, &mut out);
    out
}

/// The items of every list in the note (nested lists included), each as its items' texts.
fn lists(blocks: &[Block]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for b in blocks {
        if let BlockKind::List { items, .. } = &b.kind {
            out.push(
                items
                    .iter()
                    .map(|i| match i.blocks.first().map(|b| &b.kind) {
                        Some(BlockKind::Paragraph(c)) => Inline::text_of(c),
                        _ => String::new(),
                    })
                    .collect(),
            );
            for item in items {
                out.extend(lists(&item.blocks));
            }
        }
    }
    out
}

// ---- session lines with an en or em dash ---------------------------------------------

const EN_DASH: &str = "\u{2013}";
const EM_DASH: &str = "\u{2014}";

/// A recap in the shape of seed `003`, its session lines written with `dash`.
fn speaker_recap(dash: &str) -> String {
    format!(
        "我的参会笔记\n\n\
         题记:上周参加了大会,听了不少有趣的 session。\n\n\
         Compiling to Containers {dash} Brendan Burns, Microsoft\n\n\
         分布式系统的管理实际上就成了开发汇编语言。\n\n  • Simple Service\n  • Shard\n\n\
         Everything You Ever Wanted to Know About Resource Scheduling, But Were Afraid to Ask {dash} Tim Hockin, Google\n\n\
         资源管理有三个方面。\n\n\
         云原生存储实践 {dash} 张三，示例公司\n\n\
         这场分享讲了存储的很多细节。\n"
    )
}

/// Seed `003`'s rule (`../shared/spec/seeds.md`): `Title - Speaker, Org` is a heading whose
/// speaker and organisation are section metadata. Scraped sites typeset that dash as an en
/// or em dash, which NFKC keeps; the note must read the same.
#[test]
fn session_lines_with_an_en_or_em_dash_keep_speaker_and_org_as_with_a_hyphen() {
    let hyphen = parse(&speaker_recap("-"));
    let want = outline_of(&hyphen);
    let sessions = headings(&hyphen);
    assert_eq!(sessions.len(), 3, "{want:#?}");
    assert_eq!(sessions[0].0, "Compiling to Containers");
    for (name, dash) in [("en dash", EN_DASH), ("em dash", EM_DASH)] {
        let text = speaker_recap(dash);
        let note = parse(&text);
        assert_eq!(note.format, Format::Text, "{name}");
        assert_eq!(outline_of(&note), want, "{name}");
        let h = headings(&note);
        assert_eq!(h[1].1.speaker.as_deref(), Some("Tim Hockin"), "{name}");
        assert_eq!(h[1].1.org.as_deref(), Some("Google"), "{name}");
        assert_eq!(h[2].0, "云原生存储实践", "{name}");
        assert_eq!(h[2].1.speaker.as_deref(), Some("张三"), "{name}");
        assert_sources_inside(&note.blocks, &text);

        let mut lib = Library::default();
        lib.add_note("n", &text, &AddOptions::default()).unwrap();
        let res = lib
            .search("speaker:\"Brendan Burns\"", &SearchOptions::default())
            .unwrap();
        assert_eq!(res.total, 1, "{name}");
        assert_eq!(res.hits[0].heading, "Compiling to Containers", "{name}");
    }
}

/// The dash spelled as scraped Chinese pages spell the spaces around it.
#[test]
fn en_and_em_dash_session_lines_with_nbsp_or_ideographic_spaces_keep_speaker_and_org() {
    for dash in [EN_DASH, EM_DASH] {
        for space in ["\u{a0}", "\u{3000}", "  "] {
            let line =
                format!("Scheduling Batch Jobs at Scale{space}{dash}{space}Jane Doe，Example Corp");
            let text =
                format!("我的参会笔记\n\n{line}\n\n这场分享讲了调度器的很多细节,值得一看。\n");
            let note = parse(&text);
            let h = headings(&note);
            assert_eq!(h.len(), 1, "{line:?}: {h:?}");
            assert_eq!(h[0].0, "Scheduling Batch Jobs at Scale", "{line:?}");
            assert_eq!(h[0].1.speaker.as_deref(), Some("Jane Doe"), "{line:?}");
            assert_eq!(h[0].1.org.as_deref(), Some("Example Corp"), "{line:?}");
            assert_sources_inside(&note.blocks, &text);
        }
    }
}

/// Look-alikes of a session line: Chinese `——` punctuation, year ranges and English prose
/// with a dash aside. None may become a session with a speaker, and a line that is prose with
/// a hyphen stays prose with an en or em dash.
#[test]
fn chinese_double_dashes_year_ranges_and_prose_asides_are_not_speaker_sessions() {
    let lines = [
        // `——` is Chinese punctuation, spaced or not, whatever follows it.
        "云原生——一个新的时代",
        "云原生 —— 张三，示例公司",
        "Service Mesh——Istio, Linkerd",
        "我们聊到了云原生——一个新的时代，收获很大。",
        // A number after the dash ends a range.
        "Cloud Native Roadmap 2019 – 2020, Beijing",
        "Cloud Native Roadmap 2019 — 2020, Beijing",
        "Cloud Native Roadmap 2019 - 2020, Beijing",
        "我们在 2019 – 2020 年间一直在做迁移。",
        // English prose with a dash aside.
        "The keynote – given by Tim Hockin, Google – was the highlight of the day.",
        "Scheduling is hard — Tim Hockin, Google and everyone else agreed on that.",
        "Scheduling is hard — Tim Hockin, Google and everyone else agreed",
    ];
    for line in lines {
        let text = format!("我的参会笔记\n\n正文说完了。\n\n{line}\n\n后面还有正文。\n");
        let note = parse(&text);
        for (heading, meta) in headings(&note) {
            assert_eq!(meta.speaker, None, "{line}: {heading}");
            assert_eq!(meta.org, None, "{line}: {heading}");
            // A heading, if the line is one (a short section name), keeps the whole line.
            assert_eq!(heading, line, "{line}");
        }
        let mut lib = Library::default();
        lib.add_note("n", &text, &AddOptions::default()).unwrap();
        for q in [
            "speaker:Google",
            "speaker:2020",
            "speaker:张三",
            "speaker:Istio",
        ] {
            let res = lib.search(q, &SearchOptions::default()).unwrap();
            assert_eq!(res.total, 0, "{line}: {q}");
        }
    }
    // Sentences stay paragraphs whichever dash they use.
    for dash in ["-", EN_DASH, EM_DASH] {
        let line = format!(
            "The keynote {dash} given by Tim Hockin, Google {dash} was the highlight of the day."
        );
        let note = parse(&format!(
            "我的参会笔记\n\n正文说完了。\n\n{line}\n\n后面还有正文。\n"
        ));
        assert!(heading_texts(&note).is_empty(), "{line}");
    }
}

// ---- double-spaced notes -------------------------------------------------------------

/// `text` with a blank line after every line, as some scrapers write every element.
fn double_spaced(text: &str) -> String {
    text.replace('\n', "\n\n")
}

/// A weekly newsletter in the shape of seed `002`: headings, prose, a fragment split by the
/// scraper, a run of short lines, a label with bare URLs, and a list of past issues.
const NEWSLETTER: &str = "前言\n\
    本期周报由社区志愿者整理,每周一期。\n\
    上游重要进展\n\
    社区合入了新的快照功能,大规模集群下的性能提升明显。\n\
    适合的工作负载\n\
    以下场景适合使用新的快照功能:\n\
    Long-running jobs\n\
    Database migrations\n\
    Batch processing (e.g. data transformation)\n\
    Fan-out workloads\n\
    新引入\n\
    ResumeToken\n\
    机制。该机制能减少重连时的全量同步。\n\
    参考链接:\n\
    https://example.invalid/pull/1\n\
    https://example.invalid/pull/2\n\
    前期周报回顾\n\
    示例周报 Vol. 3 | 存储进展汇总\n\
    示例周报 Vol. 2 | 调度器改进\n\
    示例周报 Vol. 1 | 社区新动向\n";

/// Seed `002`'s rule: a run of three or more consecutive short lines is a list. With a blank
/// line after every line of the note, the run is still one: a note whose every line is
/// followed by a blank line says nothing with its blank lines.
#[test]
fn a_run_of_short_lines_in_a_double_spaced_note_is_still_a_list() {
    let single = parse(NEWSLETTER);
    let runs = lists(&single.blocks);
    assert!(
        runs.contains(&vec![
            "Long-running jobs".to_string(),
            "Database migrations".to_string(),
            "Batch processing (e.g. data transformation)".to_string(),
            "Fan-out workloads".to_string(),
        ]),
        "{runs:#?}"
    );
    for (name, text) in [
        ("lf", double_spaced(NEWSLETTER)),
        ("crlf", NEWSLETTER.replace('\n', "\r\n\r\n")),
        (
            "blank lines with spaces",
            NEWSLETTER.replace('\n', "\n  \n"),
        ),
    ] {
        let note = parse(&text);
        assert_eq!(outline_of(&note), outline_of(&single), "{name}");
        assert!(
            !heading_texts(&note)
                .iter()
                .any(|h| h == "Database migrations"),
            "{name}"
        );
        assert_sources_inside(&note.blocks, &text);
    }
}

/// A double-spaced note with paragraphs: a line break became one blank line and a paragraph
/// break three, so one blank line joins and three separate, as none and one did.
#[test]
fn a_double_spaced_note_with_paragraphs_reads_as_its_single_spaced_form() {
    let single = [
        "KubeCon 参会笔记",
        "",
        "第一场讲了调度器,",
        "内容很多,值得一看。",
        "",
        "Scheduling Batch Jobs at Scale - Jane Doe, Example Corp",
        "",
        "这场分享介绍了批处理调度。",
        "",
        "讲到的场景有:",
        "",
        "Long-running jobs",
        "Stream processing",
        "Fan-out workloads",
        "",
        "  • 第一项",
        "    • 第一项的细节",
        "  • 第二项",
        "",
        "总结",
        "",
        "所有视频均可在线观看。\n",
    ]
    .join("\n");
    let single = single.as_str();
    let want = outline_of(&parse(single));
    assert!(
        want.iter().any(|l| l == "list of 3"),
        "the run is a list: {want:#?}"
    );
    for text in [double_spaced(single), single.replace('\n', "\r\n\r\n")] {
        let note = parse(&text);
        assert_eq!(outline_of(&note), want, "{text:?}");
        assert_sources_inside(&note.blocks, &text);
    }
}

/// A note that uses blank lines to separate paragraphs keeps them as paragraph breaks: short
/// lines between blank lines are headings, not a list, and blank-separated lines are not
/// joined. One pair of lines without a blank line between them (here a list) shows that the
/// note is not double-spaced.
#[test]
fn a_note_that_separates_paragraphs_with_blank_lines_is_not_double_spaced() {
    let text = [
        "KubeCon 参会笔记",
        "题记:上周参加了大会,听了不少有趣的 session。",
        "相关文档",
        "F2F",
        "Sig-node F2F",
        "  • Performance-Sensitive Application Platform\n  • CRI blockers and progress",
        "Developer Summit",
        "这场分享讲得很细,他们就换了另一个思路来解决",
        "“吵闹的邻居”是个经典问题。",
        "其他的Summit简介",
        "所有视频均可在线观看。\n",
    ]
    .join("\n\n");
    let note = parse(&text);
    assert_eq!(
        heading_texts(&note),
        [
            "相关文档",
            "F2F",
            "Sig-node F2F",
            "Developer Summit",
            "其他的Summit简介"
        ]
    );
    assert_eq!(
        lists(&note.blocks),
        [[
            "Performance-Sensitive Application Platform",
            "CRI blockers and progress"
        ]]
    );
    assert!(outline_of(&note)
        .iter()
        .any(|l| l == "p “吵闹的邻居”是个经典问题。"));
}

/// A short note with a blank line after each line is as likely a few one-line paragraphs:
/// too little to call double-spaced, so its blank lines keep separating.
#[test]
fn a_few_blank_separated_lines_are_not_taken_for_double_spacing() {
    let text = "正文说完了。\n\n部署了服务\n\nKubernetes\n\nNext Session Title Here\n\n正文。\n";
    let note = parse(text);
    assert!(lists(&note.blocks).is_empty(), "{:#?}", outline_of(&note));
    assert!(heading_texts(&note).contains(&"Next Session Title Here".to_string()));
}

/// The plain-text seeds, double-spaced (`\n` and `\r\n`), parse as the seeds do: same
/// headings with the same speakers, same lists (seed `002`'s seven short lines among them),
/// same paragraphs.
#[test]
fn double_spaced_plain_text_seeds_parse_as_the_seeds_do() {
    for prefix in ["000", "002", "003"] {
        let Some(seed) = common::seed_text(prefix) else {
            return;
        };
        let want = outline_of(&parse_note(prefix, &seed, FormatChoice::Auto));
        for (name, text) in [
            ("lf", double_spaced(&seed)),
            ("crlf", seed.replace('\n', "\r\n\r\n")),
        ] {
            let note = parse_note(prefix, &text, FormatChoice::Auto);
            assert_eq!(note.format, Format::Text, "{prefix} {name}");
            assert_eq!(outline_of(&note), want, "{prefix} {name}");
            assert_sources_inside(&note.blocks, &text);
        }
    }
}

/// Seed `002` double-spaced, against `../shared/spec/seeds.md` directly: its eight headings,
/// and the run of seven short lines as one list.
#[test]
fn double_spaced_seed_002_keeps_its_headings_and_its_list_of_seven_short_lines() {
    let Some(seed) = common::seed_text("002") else {
        return;
    };
    let note = parse_note("002", &double_spaced(&seed), FormatChoice::Auto);
    assert_eq!(
        heading_texts(&note),
        [
            "前言",
            "业界要闻",
            "上游重要进展",
            "Kubernetes 项目性能提升",
            "Kubernetes 可靠性和稳定性",
            "Knative 项目",
            "本周阅读推荐",
            "前期周报回顾"
        ]
    );
    let run = lists(&note.blocks)
        .into_iter()
        .find(|items| items.first().is_some_and(|i| i == "Long-running jobs"))
        .expect("a list starting with the first short line");
    assert_eq!(run.len(), 7, "{run:#?}");
    assert_eq!(run[6], "Fan-out workloads");
}

/// Seed `003` double-spaced: its five speaker sessions keep speaker and organisation, and its
/// bullets stay lists nested by indentation.
#[test]
fn double_spaced_seed_003_keeps_its_speaker_sessions_and_nested_bullets() {
    let Some(seed) = common::seed_text("003") else {
        return;
    };
    let note = parse_note("003", &double_spaced(&seed), FormatChoice::Auto);
    assert_eq!(note.meta.title, "KubeCon/CloudNativeCon 2016见闻");
    let sessions: Vec<(String, String, String)> = headings(&note)
        .into_iter()
        .filter_map(|(h, m)| Some((h, m.speaker?, m.org?)))
        .collect();
    assert_eq!(sessions.len(), 5, "{sessions:#?}");
    assert_eq!(
        sessions[0],
        (
            "Compiling to Containers".to_string(),
            "Brendan Burns".to_string(),
            "Microsoft".to_string()
        )
    );
    let f2f = note
        .blocks
        .iter()
        .find(|b| {
            lists(std::slice::from_ref(b))
                .first()
                .and_then(|items| items.first())
                .is_some_and(|i| i.starts_with("Performance-Sensitive"))
        })
        .expect("the Sig-node F2F list");
    let BlockKind::List { items, .. } = &f2f.kind else {
        unreachable!()
    };
    let nested = items.iter().filter(|i| i.blocks.len() > 1).count();
    assert_eq!(nested, 3, "three top items have sub-items");
}
