//! `lofte template export DIR`: the default template and a real
//! `data.json` beside it — the document the Kalix sample gives the
//! template — so a designer can work on the template alone
//! (docs/template.md).

use std::path::Path;

use super::load::{Failure, InputConfig, load};
use crate::evaluate::Results;
use crate::ingest::IngestOptions;
use crate::render::RenderOptions;

/// The Kalix sample, compiled in: the example every exported template gets.
const SAMPLE: &[(&str, &[u8])] = &[
    (
        "loften.toml",
        include_bytes!("../../samples/kalix/loften.toml"),
    ),
    (
        "aktiviteter.xlsx",
        include_bytes!("../../samples/kalix/aktiviteter.xlsx"),
    ),
];

/// The Kalix sample evaluated as `lofte report samples/kalix` does.
pub fn sample_results() -> Result<Results, Failure> {
    let dir = tempfile::tempdir().map_err(|e| {
        Failure::usage(format!(
            "cannot make a temporary folder for the sample: {e}"
        ))
    })?;
    for (name, bytes) in SAMPLE {
        std::fs::write(dir.path().join(name), bytes).map_err(|e| {
            Failure::usage(format!(
                "cannot write the sample to a temporary folder: {e}"
            ))
        })?;
    }
    let config = InputConfig {
        activities: Vec::new(),
        window: None,
        as_of: None,
        ingest: IngestOptions::default(),
    };
    let loaded = load(dir.path(), &config)?;
    Ok(loaded.output.results)
}

/// The Kalix sample's document for the template, as `data.json` bytes.
pub fn sample_document() -> Result<Vec<u8>, Failure> {
    let results = sample_results()?;
    crate::render::document_json(&results, &RenderOptions::default())
        .map_err(|e| Failure::usage(format!("internal error: {e}")))
}

/// Writes the default template and the sample's `data.json` into `dir`.
pub fn export(dir: &Path) -> super::Outcome {
    let data = match sample_document() {
        Ok(data) => data,
        Err(f) => {
            super::print_failure(&f);
            return super::Outcome::Stopped;
        }
    };
    match crate::render::export_template(dir, &data) {
        Ok(()) => {
            outln!(
                "wrote the default template and the Kalix sample's data.json to {}",
                dir.display()
            );
            super::Outcome::Done
        }
        Err(e) => {
            errln!("error: cannot write the template to {}: {e}", dir.display());
            super::Outcome::Stopped
        }
    }
}
