//! The main text of an HTML page (readability, through `dom_smoothie`), with
//! the title, publication date, site name, address and language its
//! metadata give.
//!
//! Pages are untrusted: one nested deeper than [`MAX_DEPTH`] or with more
//! than [`MAX_ELEMENTS`] elements is not given to the readability pass
//! (whose tree walks could take too long) and is read by a plain tag
//! stripper instead, which is linear and never recurses.

use dom_smoothie::{Config, Readability, TextMode};

/// Deepest element nesting given to the readability pass.
pub const MAX_DEPTH: usize = 256;
/// Most elements given to the readability pass.
pub const MAX_ELEMENTS: usize = 50_000;

/// What a page yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The main text, paragraphs separated by blank lines.
    pub text: String,
    /// The title, from the page's metadata or `<title>`.
    pub title: Option<String>,
    /// The publication date (ISO 8601), when the metadata give a readable one.
    pub published: Option<String>,
    /// The site name (`og:site_name` or JSON-LD publisher).
    pub site: Option<String>,
    /// The canonical address, when given.
    pub url: Option<String>,
    /// The page's language (`<html lang>`).
    pub language: Option<String>,
}

/// Extracts the main text and metadata of a page.
///
/// # Errors
/// A page with no text at all.
pub fn extract_html(html: &str) -> Result<Extracted, String> {
    let (depth, elements) = shape(html);
    let mut out = if depth <= MAX_DEPTH && elements <= MAX_ELEMENTS { readable(html) } else { None }
        .unwrap_or_else(|| Extracted { text: strip_tags(body_of(html)), ..Extracted::default() });
    out.text = tidy(&out.text);
    if out.text.is_empty() {
        return Err("the page has no text".into());
    }
    let valid = |d: &String| {
        let meta = slant_corpus::ArticleMeta { published: Some(d.clone()), ..Default::default() };
        super::check_date(&meta).is_ok()
    };
    out.published = out.published.filter(valid);
    Ok(out)
}

/// The readability pass: the page's metadata, and its main text (the whole
/// body's text when no main part stands out).
fn readable(html: &str) -> Option<Extracted> {
    let cfg = Config { max_elements_to_parse: MAX_ELEMENTS, text_mode: TextMode::Formatted, ..Config::default() };
    let mut r = Readability::new(html, None, Some(cfg)).ok()?;
    let meta = r.get_article_metadata(r.parse_json_ld());
    let text = match r.parse() {
        Ok(article) if !article.text_content.trim().is_empty() => article.text_content.to_string(),
        _ => strip_tags(body_of(html)),
    };
    let some = |s: String| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    Some(Extracted {
        text,
        title: some(meta.title),
        published: meta.published_time.and_then(some),
        site: meta.site_name.and_then(some),
        url: meta.url.and_then(some),
        language: meta.lang.and_then(some),
    })
}

/// The page from its `<body` on (all of it when there is none).
fn body_of(html: &str) -> &str {
    let lower = html.to_ascii_lowercase();
    lower.find("<body").map_or(html, |i| &html[i..])
}

/// Nesting depth and element count, by a linear scan of the tags.
fn shape(html: &str) -> (usize, usize) {
    const VOID: &[&str] =
        &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "!doctype"];
    let (mut depth, mut max, mut elements) = (0usize, 0usize, 0usize);
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let close = b.get(i) == Some(&b'/');
        let start = i + usize::from(close);
        let end = b[start..].iter().position(|c| !(c.is_ascii_alphanumeric() || *c == b'!')).map_or(b.len(), |e| start + e);
        if end == start {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        if close {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_str()) && !name.starts_with("!--") {
            depth += 1;
            elements += 1;
            max = max.max(depth);
        }
        i = end;
    }
    (max, elements)
}

/// The text of a page without its tags, scripts and styles (the fallback).
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        let Some(off) = html[i..].find('<') else {
            out.push_str(&html[i..]);
            break;
        };
        out.push_str(&html[i..i + off]);
        i += off;
        let skip_to = |end_tag: &str| lower[i..].find(end_tag).map_or(html.len(), |e| i + e + end_tag.len());
        i = if lower[i..].starts_with("<script") {
            skip_to("</script>")
        } else if lower[i..].starts_with("<style") {
            skip_to("</style>")
        } else if lower[i..].starts_with("<!--") {
            skip_to("-->")
        } else {
            let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
            let tag = &lower[i..end];
            if ["<p", "</p", "<br", "<div", "</div", "<h1", "<h2", "<h3", "<li", "<tr"].iter().any(|t| tag.starts_with(t)) {
                out.push('\n');
            }
            end
        };
    }
    decode_entities(&out)
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        if let Some((c, len)) = decoded {
            out.push(c);
            rest = &rest[len..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Lines trimmed, runs of blank lines folded to one, controls other than
/// newline and tab dropped.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line: String = line.chars().filter(|c| !c.is_control() || *c == '\t').collect();
        let line = line.trim();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Harbour toll | The Gazette</title>
<meta property="og:site_name" content="The Gazette">
<meta property="article:published_time" content="2024-05-02T08:00:00Z">
<script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Harbour toll</h1>
<p>The council&rsquo;s reckless plan will strangle our city, critics said on Monday. It is a disgrace.</p>
<p>Officials said the toll would raise &pound;4m a year for repairs to the old harbour wall and the quays.</p>
<p>“We have no choice,” the mayor told reporters at a crowded meeting in the town hall.</p>
</article><footer>© 2024</footer></body></html>"#;

    #[test]
    fn main_text_title_and_date_are_read() {
        let ex = extract_html(PAGE).unwrap();
        assert!(ex.text.contains("reckless plan will strangle"), "{}", ex.text);
        assert!(!ex.text.contains("not text"));
        assert_eq!(ex.published.as_deref(), Some("2024-05-02T08:00:00Z"));
        assert_eq!(ex.site.as_deref(), Some("The Gazette"));
        assert!(ex.title.unwrap().contains("Harbour toll"));
        assert_eq!(ex.language.as_deref(), Some("en"));
    }

    #[test]
    fn hostile_pages_neither_hang_nor_panic() {
        let deep = format!("<html><body>{}deep text{}</body></html>", "<div>".repeat(200_000), "</div>".repeat(200_000));
        let t = std::time::Instant::now();
        assert_eq!(extract_html(&deep).unwrap().text, "deep text");
        let wide = format!("<html><body>{}</body></html>", "<p>word</p>".repeat(100_000));
        assert!(extract_html(&wide).unwrap().text.starts_with("word"));
        let scripts = "<script>".repeat(10_000) + "</script";
        assert!(extract_html(&scripts).is_err());
        for junk in ["", "<", "<<<>>>", "&#xFFFFFFFF; &#0; &bogus;", "<!--", "<a href='x", "\u{0}\u{1}"] {
            let _ = extract_html(junk);
        }
        assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
    }

    #[test]
    fn unreadable_dates_are_dropped() {
        let page = PAGE.replace("2024-05-02T08:00:00Z", "Thursday");
        assert_eq!(extract_html(&page).unwrap().published, None);
    }
}
