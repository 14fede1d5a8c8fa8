//! Rows for the unit tests of the rule modules: an activity from a date
//! ("2023-03-03" or "2023-03-03 20:00"), a place or activity type, an
//! Antal and extra columns.

use chrono::{NaiveDate, NaiveDateTime};

use super::targets::Counted;
use crate::ingest::{Activity, ExtraValue, LogSheet, TextField};

/// A date.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn when(text: &str) -> (NaiveDate, Option<chrono::NaiveTime>) {
    match NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        Ok(at) => (at.date(), Some(at.time())),
        Err(_) => (NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap(), None),
    }
}

/// A row at `place` (empty: none) with Antal `count`.
pub fn row(date: &str, place: &str, count: u32) -> Activity {
    let mut a = with(date, "", count, &[]);
    a.set_text(TextField::Place, (!place.is_empty()).then_some(place));
    a
}

/// A row of activity type `activity` (empty: none) with extra columns.
pub fn with(date: &str, activity: &str, count: u32, extra: &[(&str, &str)]) -> Activity {
    let (date, time) = when(date);
    let mut a = Activity::by_hand(date, count, 2, LogSheet::new("logg.csv", None));
    a.time = time.into();
    a.extra = extra
        .iter()
        .enumerate()
        .map(|(i, (header, text))| ExtraValue {
            header: (*header).into(),
            text: (*text).to_owned(),
            number: text.trim().replace(',', ".").parse().ok(),
            column: 5 + i as u32,
            merged: false,
        })
        .collect();
    a.set_text(
        TextField::Activity,
        (!activity.is_empty()).then_some(activity),
    );
    a
}

/// The rows as a target counts them (Antal as the value).
pub fn counted(rows: &[Activity]) -> Vec<Counted<'_>> {
    rows.iter()
        .zip(0u32..)
        .map(|(a, index)| Counted {
            value: a.count as f64,
            index,
            row: a,
        })
        .collect()
}
