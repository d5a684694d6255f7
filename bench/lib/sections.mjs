// An independent, conservative reading of a Markdown note into sections, used as ground truth
// for the relevance check and as the documents fed to the anchor engines (MiniSearch,
// FlexSearch). Deliberately not recapdex's parser: the point is to check recapdex against an
// outside view of "which sections contain this text".
//
// Each section has
//   clean: the visible text a reader sees (heading + body), conservatively extracted:
//          markup, link URLs, image alt text, raw HTML, Hugo shortcodes and front matter dropped;
//          code kept (recapdex indexes code); lines kept as lines.
//   loose: generous variants (the raw Markdown, lines joined, the note title and front matter
//          for every section). A query found in `loose` but not in `clean` is "don't care":
//          neither relevant nor a false positive, because reasonable engines differ there.

export const norm = (s) => s.normalize("NFKC").toLowerCase();

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HTML_BLOCK = /^ {0,3}<\/?(?:address|article|aside|blockquote|details|div|dl|figure|figcaption|footer|form|h[1-6]|header|hr|iframe|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|video|audio|script|style|center|!--)/i;

/** Visible text of one line of inline Markdown (outside code fences). */
export function inlineText(line) {
  let s = line;
  s = s.replace(/\{\{[<%].*?[%>]\}\}/g, " ");            // Hugo shortcodes
  s = s.replace(/<!--.*?-->/g, " ");
  s = s.replace(/!\[[^\]]*\]\([^)]*\)/g, " ");           // images: alt text is not indexed
  s = s.replace(/!\[[^\]]*\]\[[^\]]*\]/g, " ");
  s = s.replace(/\[\^[^\]]+\]/g, " ");                   // footnote refs
  s = s.replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, "$1"); // links keep their text
  s = s.replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1");
  s = s.replace(/<https?:[^>]*>/g, " ");
  s = s.replace(/<\/?[a-zA-Z][^>]*>/g, " ");             // inline HTML tags (their text stays)
  s = s.replace(/\{[^{}]*=[^{}]*\}/g, " ");               // {width=.. height=..} attributes
  s = s.replace(/&nbsp;/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  s = s.replace(/\\([!-\/:-@\[-`{-~])/g, "$1");          // backslash escapes
  s = s.replace(/(\*\*|__|~~|\*|`)/g, "");                // emphasis, strike, code spans
  s = s.replace(/(^|[^\p{L}\p{N}])_+|_+(?=[^\p{L}\p{N}]|$)/gu, "$1");
  return s;
}

function stripBlockPrefix(line) {
  let s = line.replace(/^(\s*>\s?)+/, "");                 // blockquotes
  s = s.replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?/, ""); // list markers, task boxes
  if (/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(s)) return ""; // table rule
  if (/^\s*([-*_])\s*(\1\s*){2,}$/.test(s)) return "";    // thematic break
  if (s.includes("|")) s = s.replace(/\|/g, " ");          // table cells
  return s;
}

function frontMatter(text) {
  const m = /^(---|\+\+\+)\r?\n([\s\S]*?)\r?\n\1[ \t]*(\r?\n|$)/.exec(text);
  if (!m) return { body: text, fm: "", title: null };
  const t = /^title\s*[:=]\s*(.*)$/m.exec(m[2]);
  let title = t ? t[1].trim().replace(/^(["'])(.*)\1$/, "$2") : null;
  return { body: text.slice(m[0].length), fm: m[2], title };
}

/**
 * Splits a note into sections: the lead (level 0, heading = title) then one per heading.
 * Returns `{ title, sections: [{ heading, level, clean, loose: string[], rawHeading }] }`,
 * `clean` and `loose` already NFKC + lowercased.
 */
export function splitNote(id, text) {
  const { body, fm, title: fmTitle } = frontMatter(text.replace(/\r\n?/g, "\n"));
  const lines = body.split("\n");
  const sections = [];
  let cur = null;
  let fence = null;
  let inHtml = false;
  let firstHeading = null;
  const open = (heading, level, rawHeading) => {
    cur = { heading, level, rawHeading, cleanLines: [], rawLines: [] };
    sections.push(cur);
  };
  open(null, 0, "");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const h = fence || inHtml ? null : ATX.exec(line);
    if (!h) cur.rawLines.push(line);
    if (fence) {
      if (new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`).test(line)) fence = null;
      else cur.cleanLines.push(line);
      continue;
    }
    const f = FENCE.exec(line);
    if (f) { fence = f[1]; cur.cleanLines.push(""); continue; }
    if (inHtml) { if (/^\s*$/.test(line)) inHtml = false; continue; }
    if (HTML_BLOCK.test(line)) { inHtml = !/^\s*$/.test(line); continue; }
    if (h) {
      const heading = inlineText(h[2] ?? "").replace(/\s+/g, " ").trim();
      if (firstHeading === null) firstHeading = heading;
      open(heading, h[1].length, line);
      cur.rawLines.push(line);
      continue;
    }
    if (/^\s*\{\{[<%].*[%>]\}\}\s*$/.test(line)) { cur.cleanLines.push(""); continue; }
    cur.cleanLines.push(inlineText(stripBlockPrefix(line)));
  }
  const title = (fmTitle ?? firstHeading ?? id).normalize("NFKC");
  sections[0].heading = title;
  const titleN = norm(title);
  const fmN = norm(fm);
  const out = [];
  for (const [i, s] of sections.entries()) {
    const cleanBody = s.cleanLines.join("\n");
    // Lead: text before the first heading (the title is its heading).
    const clean = norm(`${s.heading}\n${cleanBody}`);
    const raw = norm(s.rawLines.join("\n"));
    const joinSoft = (t) => t.replace(/([^\n])\n(?=[^\n])/g, "$1");
    const loose = [clean, joinSoft(clean), clean.replace(/\s+/g, ""), raw, joinSoft(raw), raw.replace(/\s+/g, ""), titleN];
    if (i === 0) loose.push(fmN);
    if (i === 0 && !cleanBody.trim() && sections.length > 1) {
      // An empty lead still exists in recapdex (it carries the title); keep it.
    }
    out.push({ index: i, heading: s.heading, level: s.level, clean, loose, body: cleanBody });
  }
  return { title, sections: out };
}

/** Heading text as compared between engines: NFKC, lowercase, whitespace collapsed, markup dropped. */
export function headingKey(h) {
  return norm(h).replace(/[`*_~]/g, "").replace(/\s+/g, " ").trim();
}
