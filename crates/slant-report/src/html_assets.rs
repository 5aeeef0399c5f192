//! The stylesheet and scripts that draw analyses, from one `assets` folder:
//! the HTML report inlines them, and `slant serve` sends them as files, so
//! the report and the web page draw spans with the same code.

use std::sync::OnceLock;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::html_palette::palette_css;

/// Draws analyses: highlighting, legend, slider, explanations, and the
/// panels of the voices, actors and time readings. One script joined from
/// its parts, in this order (each part adds to `window.Slant`; the view,
/// last, starts the report).
pub const SCRIPT: &str = concat!(
    include_str!("../assets/slant-kit.js"),
    include_str!("../assets/slant-text.js"),
    include_str!("../assets/slant-voices.js"),
    include_str!("../assets/slant-actors.js"),
    include_str!("../assets/slant-timeline.js"),
    include_str!("../assets/slant.js"),
);
/// The web page of `slant serve` (static: it holds no article text).
pub const PAGE_HTML: &str = include_str!("../assets/page.html");
/// The web page's form handling (`page.js`).
pub const PAGE_SCRIPT: &str = include_str!("../assets/page.js");
/// `slant.css` (techniques, controls, layout) then `slant-readings.css`
/// (voices, actors, timeline).
const BASE_CSS: &str = concat!(include_str!("../assets/slant.css"), include_str!("../assets/slant-readings.css"));

/// The stylesheet: `slant.css`, `slant-readings.css`, then the technique
/// palette.
pub fn stylesheet() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| format!("{BASE_CSS}\n{}", palette_css()))
}

/// The Content-Security-Policy of the HTML report: no network at all, and
/// only the report's own stylesheet and script, allowed by their hashes, so
/// that nothing an article could smuggle in would run even if escaping failed.
pub fn report_csp() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        format!(
            "default-src 'none'; style-src {}; script-src {}; img-src data:; \
             base-uri 'none'; form-action 'none'",
            source_hash(stylesheet()),
            source_hash(SCRIPT)
        )
    })
}

/// A CSP hash source (`'sha256-…'`) for an inline element's exact content.
fn source_hash(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The script's parts, by file name.
    const SCRIPT_PARTS: [(&str, &str); 6] = [
        ("slant-kit.js", include_str!("../assets/slant-kit.js")),
        ("slant-text.js", include_str!("../assets/slant-text.js")),
        ("slant-voices.js", include_str!("../assets/slant-voices.js")),
        ("slant-actors.js", include_str!("../assets/slant-actors.js")),
        ("slant-timeline.js", include_str!("../assets/slant-timeline.js")),
        ("slant.js", include_str!("../assets/slant.js")),
    ];

    #[test]
    fn assets_can_be_inlined_safely() {
        // Inlined between <style> and <script> tags, neither may hold its own
        // end tag; the page must load nothing from elsewhere.
        assert!(!stylesheet().to_ascii_lowercase().contains("</style"));
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
        for asset in [stylesheet(), SCRIPT, PAGE_HTML, PAGE_SCRIPT] {
            // The SVG namespace is a name, not a resource: nothing is loaded.
            let asset = asset.replace("'http://www.w3.org/2000/svg'", "");
            assert!(!asset.contains("http://") && !asset.contains("https://"), "no remote resource");
            assert!(!asset.contains("innerHTML") && !asset.contains("insertAdjacentHTML"));
            assert!(!asset.contains("eval("));
        }
    }

    #[test]
    fn the_script_is_its_parts_joined_each_short() {
        assert_eq!(SCRIPT, SCRIPT_PARTS.iter().map(|(_, part)| *part).collect::<String>());
        for (name, part) in SCRIPT_PARTS.into_iter().chain([
            ("page.js", PAGE_SCRIPT),
            ("slant.css", include_str!("../assets/slant.css")),
            ("slant-readings.css", include_str!("../assets/slant-readings.css")),
        ]) {
            assert!(part.lines().count() < 600, "{name} has grown past 600 lines: split it");
            assert!(part.ends_with('\n'), "{name} ends with a newline, so the parts join cleanly");
        }
        // The view, last, starts the report; every other part only defines.
        assert!(SCRIPT_PARTS[5].1.contains("function startReport()"));
        // Styles only through the CSSOM: the CSP refuses inline style attributes.
        assert!(!SCRIPT.contains("setAttribute('style'") && !SCRIPT.contains(".cssText"));
    }

    #[test]
    fn page_has_no_inline_script_or_style() {
        // The server's CSP allows only scripts and styles from its own routes.
        assert!(!PAGE_HTML.contains("<style"));
        assert!(!PAGE_HTML.contains("style="));
        assert_eq!(PAGE_HTML.matches("<script").count(), PAGE_HTML.matches("<script src=").count());
    }

    #[test]
    fn csp_hashes_are_well_formed() {
        let csp = report_csp();
        assert_eq!(csp.matches("'sha256-").count(), 2);
        assert!(csp.contains("default-src 'none'"));
        // Known vector: SHA-256 of "" is 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=.
        assert_eq!(source_hash(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    }
}
