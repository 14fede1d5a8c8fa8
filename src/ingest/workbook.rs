//! Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine, each sheet a
//! [`Grid`]. Zipped formats are checked for a zip bomb before calamine
//! opens them.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::Limits;
use super::cells::Cell;
use super::table::Grid;

/// The declared unpacked size of a zip's entries, refused beyond the limit.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("the file is not a valid workbook (a broken zip: {e})"))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("the workbook is damaged: {e}"))?;
        if entry.encrypted() {
            return Err(
                "the workbook is password-protected; save a copy without a password".to_owned(),
            );
        }
        total = total.saturating_add(entry.size());
    }
    if total > limits.max_unzipped_bytes {
        return Err(format!(
            "the workbook unpacks to {} MiB, over the limit of {} MiB (a zip bomb?); raise it with --max-unzipped-mb",
            total / 1024 / 1024,
            limits.max_unzipped_bytes / 1024 / 1024
        ));
    }
    Ok(())
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Cell::Date(d),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => Cell::Text(s.clone()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// Every sheet of a workbook (or only `only`), as grids; sheet names that
/// do not exist are an error listing those that do.
pub fn grids(bytes: Vec<u8>, only: Option<&str>, limits: &Limits) -> Result<Vec<Grid>, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("the workbook cannot be read: {e}"))?;
    let names = book.sheet_names();
    if let Some(wanted) = only
        && !names.iter().any(|n| n == wanted)
    {
        return Err(format!(
            "the workbook has no sheet \"{wanted}\"; it has: {}",
            names.join(", ")
        ));
    }
    let mut out = Vec::new();
    for name in names {
        if only.is_some_and(|w| w != name) {
            continue;
        }
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("sheet \"{name}\" cannot be read: {e}"))?;
        let (height, width) = range.get_size();
        if (height as u64).saturating_mul(width as u64) > limits.max_cells {
            return Err(format!(
                "sheet \"{name}\" has {height} × {width} cells, over the limit of {}; raise it with --max-cells",
                limits.max_cells
            ));
        }
        let origin = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Cell>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
        // A formula saved without its value (written by a program, never
        // recalculated) reads as an empty cell, and an empty Antal counts
        // as 1: a wrong number. Such cells become errors naming the cell.
        if let Ok(formulas) = book.worksheet_formula(&name) {
            for (r, c, f) in formulas.used_cells() {
                if f.is_empty() {
                    continue;
                }
                let (fr, fc) = formulas.start().unwrap_or((0, 0));
                let (ar, ac) = (fr as usize + r, fc as usize + c);
                let (Some(rr), Some(cc)) = (
                    ar.checked_sub(origin.0 as usize),
                    ac.checked_sub(origin.1 as usize),
                ) else {
                    continue;
                };
                if let Some(slot) = rows.get_mut(rr).and_then(|row| row.get_mut(cc))
                    && matches!(slot, Cell::Empty)
                {
                    *slot = Cell::Error(format!("={f} (a formula saved without its value)"));
                }
            }
        }
        out.push(Grid {
            sheet: Some(name),
            origin,
            rows,
        });
    }
    Ok(out)
}

/// Whether `bytes` are an encrypted Office document: a compound file holding
/// an `EncryptedPackage` stream (how Excel stores a password-protected
/// xlsx), or an xls with a FILEPASS record that calamine reports.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return false;
    }
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}
