//! The activity rows of a report, listed once: every row read, in an order
//! that survives re-sorting the spreadsheet (by place, then content), with
//! where it is. Targets and data quality refer to rows by their index in
//! this list instead of copying them.

use std::path::Path;

use super::{ActivityRow, Row};
use crate::ingest::{Activity, RowRef, Text};

impl From<&RowRef> for Row {
    fn from(r: &RowRef) -> Self {
        Row {
            file: r.file.as_ref().to_owned(),
            sheet: r.sheet.as_deref().map(str::to_owned),
            row: r.row,
        }
    }
}

impl Row {
    /// The row a place string names, as [`ActivityRow::place`] writes it
    /// ("a.xlsx, sheet \"2023\", row 14", "a.csv, line 3").
    pub fn parse_place(place: &str) -> Option<Row> {
        if let Some((file, rest)) = place.split_once(", sheet \"") {
            let (sheet, row) = rest.rsplit_once("\", row ")?;
            return Some(Row {
                file: file.to_owned(),
                sheet: Some(sheet.to_owned()),
                row: row.parse().ok()?,
            });
        }
        let (file, line) = place.rsplit_once(", line ")?;
        Some(Row {
            file: file.to_owned(),
            sheet: None,
            row: line.parse().ok()?,
        })
    }
}

/// Every activity as an [`ActivityRow`], sorted, and for each activity (in
/// ingest's order) its index in that list. The place names the file
/// without its folders, so reports made from another folder still compare.
pub fn listing(activities: &[Activity]) -> (Vec<ActivityRow>, Vec<u32>) {
    let field = |f: &Option<Text>| f.as_deref().unwrap_or_default().to_owned();
    let mut rows: Vec<(ActivityRow, usize)> = activities
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut short = a.source.clone();
            if let Some(name) = Path::new(short.file.as_ref()).file_name() {
                short.file = name.to_string_lossy().as_ref().into();
            }
            let row = ActivityRow {
                place: short.to_string(),
                content: format!(
                    "{} | {} | {} | {} | {} | {}",
                    a.date,
                    field(&a.promise),
                    a.count,
                    field(&a.activity),
                    field(&a.place),
                    field(&a.responsible)
                ),
                row: Row::from(&a.source),
            };
            (row, i)
        })
        .collect();
    rows.sort();
    let mut index = vec![0u32; activities.len()];
    for (at, (_, i)) in rows.iter().enumerate() {
        if let Some(slot) = index.get_mut(*i) {
            *slot = u32::try_from(at).unwrap_or(u32::MAX);
        }
    }
    (rows.into_iter().map(|(r, _)| r).collect(), index)
}

/// Where `a` is in `all`, when it is one of its elements: evaluation holds
/// references into ingest's list, and the address says which row it is
/// without a map from every row.
pub fn position(all: &[Activity], a: &Activity) -> Option<usize> {
    let size = std::mem::size_of::<Activity>();
    let start = all.as_ptr() as usize;
    let at = std::ptr::from_ref(a) as usize;
    let offset = at.checked_sub(start)?;
    (size > 0 && offset % size == 0)
        .then_some(offset / size)
        .filter(|i| *i < all.len())
}
