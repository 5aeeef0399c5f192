//! Turning command-line paths into a list of articles to read.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use anyhow::{Context, Result};
use slant_corpus::split::{list_article_files, read_document};
use slant_text::{Document, DocumentLimits};

/// One article source.
#[derive(Debug, Clone)]
pub enum Input {
    /// An article file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// Reads the article.
    pub fn read(&self, limits: DocumentLimits) -> Result<Document> {
        match self {
            Input::File(p) => Ok(read_document(p, limits)?),
            Input::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .take(limits.max_bytes as u64 + 1)
                    .read_to_end(&mut bytes)
                    .context("<stdin>: could not be read")?;
                Document::from_bytes_with("stdin", &bytes, limits).context("<stdin>")
            }
        }
    }
}

/// Expands paths (files, folders, `-`) into inputs. Paths that cannot be
/// listed are returned as errors beside the inputs that can. No paths means
/// stdin, unless stdin is a terminal (where reading would only wait).
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<anyhow::Error>) {
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            let hint = anyhow::anyhow!(
                "no input given; name article files or folders (`slant analyze examples/harbour-tax.txt`), or pipe an article in (`slant analyze < article.txt`)"
            );
            return (Vec::new(), vec![hint]);
        }
        return (vec![Input::Stdin], Vec::new());
    }
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            let dir = if p.join("articles").is_dir() { p.join("articles") } else { p.clone() };
            match list_article_files(&dir) {
                Ok(files) => inputs.extend(files.into_iter().map(Input::File)),
                Err(e) => errors.push(e.into()),
            }
        } else if p.exists() {
            inputs.push(Input::File(p.clone()));
        } else {
            errors.push(anyhow::anyhow!(
                "{}: no such file or folder; check the path, or give `-` to read the article from stdin",
                p.display()
            ));
        }
    }
    (inputs, errors)
}
