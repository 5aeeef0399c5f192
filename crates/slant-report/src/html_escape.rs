//! Escaping for the two places untrusted text goes in an HTML file: element
//! content and attribute values (HTML-escaped), and JSON data inside a
//! `<script type="application/json">` element (JSON-escaped, with every
//! character that could end the element or confuse a parser written as a
//! `\u` escape).

use std::io::{self, Write};

use serde::Serialize;

/// Writes `text` HTML-escaped: safe in element content and in quoted
/// attribute values (`&`, `<`, `>`, `"` and `'` become character references).
pub fn write_html_escaped(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[run..i])?;
        out.write_all(entity)?;
        run = i + 1;
    }
    out.write_all(&bytes[run..])
}

/// `text` HTML-escaped, as a string.
pub fn html_escaped(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Writing to a Vec cannot fail, and escaping keeps UTF-8 valid.
    let _ = write_html_escaped(&mut out, text);
    String::from_utf8(out).unwrap_or_default()
}

/// `value` as JSON that can be placed verbatim inside a `<script>` element:
/// `<`, `>` and `&` are written `\u003c`, `\u003e`, `\u0026` (so neither
/// `</script>` nor `<!--` can appear) and U+2028/U+2029 as `\u2028`/`\u2029`.
/// These characters only ever occur inside JSON strings, where the escapes
/// mean the same characters, so `JSON.parse` gives back exactly the value.
pub fn script_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let json = serde_json::to_string(value)?;
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escaping_covers_content_and_attributes() {
        let cases = [
            ("plain “curly” café 🦊", "plain “curly” café 🦊"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("<img src=x onerror=\"alert(1)\">", "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
            ("<a href='javascript:alert(1)'>x</a>", "&lt;a href=&#39;javascript:alert(1)&#39;&gt;x&lt;/a&gt;"),
            ("</textarea>&amp;", "&lt;/textarea&gt;&amp;amp;"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(html_escaped(input), expected, "{input}");
        }
    }

    #[test]
    fn script_json_cannot_close_the_element_and_round_trips() {
        let text = "</script><script>alert(1)</script> <!-- & \u{2028}\u{2029} “q” 🦊 \r\n\t\\\"";
        let json = script_json(text).unwrap();
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!json.contains(bad), "{bad:?} in {json}");
        }
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, text);
    }
}
