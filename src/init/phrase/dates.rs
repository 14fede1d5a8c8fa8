//! Dates in the agreement's words: the follow-up deadline ("senast
//! februari 2024" → 2024-02-29).

use chrono::NaiveDate;

use super::{Tk, Tok, find_ci, ordinal, tokenize};

const MONTHS: &[&str] = &crate::locale::SV_MONTHS;

pub(super) fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && m.starts_with(w) && w.len() < m.len()))
        .map(|i| i as u32 + 1)
}

/// The last day of a month.
pub fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// The date a deadline phrase means: "senast februari 2024" → 2024-02-29,
/// "senast 2020-01-31", "senast den 31 januari 2024", "senast 31/1 2024",
/// "senast under första kvartalet 2024" → 2024-03-31.
pub fn deadline_date(text: &str) -> Option<NaiveDate> {
    let at = find_ci(text, "senast")?;
    let rest = text.get(at + "senast".len()..)?;
    let toks = tokenize(rest);
    let toks: Vec<&Tok> = toks.iter().take(8).collect();
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Tk::Range
            && let Ok(d) = NaiveDate::parse_from_str(&t.s, "%Y-%m-%d")
        {
            return Some(d);
        }
        let year_at = |j: usize| -> Option<i32> {
            match toks.get(j).map(|t| &t.kind) {
                Some(Tk::Num(y)) if (1900.0..=2100.0).contains(y) => Some(*y as i32),
                _ => None,
            }
        };
        if let Some(m) = month_of(&t.s) {
            let year = year_at(i + 1)?;
            if let Some(Tk::Num(d)) = i.checked_sub(1).map(|p| &toks[p].kind) {
                return NaiveDate::from_ymd_opt(year, m, *d as u32);
            }
            return last_day(year, m);
        }
        // "31/1 2024".
        if let Tk::Num(d) = t.kind
            && toks.get(i + 1).is_some_and(|s| s.s == "/")
            && let Some(Tk::Num(m)) = toks.get(i + 2).map(|t| &t.kind)
            && let Some(year) = year_at(i + 3)
        {
            return NaiveDate::from_ymd_opt(year, *m as u32, d as u32);
        }
        if t.s == "kvartalet"
            && let Some(q) = i
                .checked_sub(1)
                .and_then(|p| ordinal(&toks[p].s).or((toks[p].s == "första").then_some(1)))
            && let Some(year) = year_at(i + 1)
        {
            return last_day(year, q * 3);
        }
    }
    None
}

/// Every whole date in `text`: "2024-01-01", "1 januari 2024".
pub fn dates_in(text: &str) -> Vec<NaiveDate> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Tk::Range
            && let Ok(d) = NaiveDate::parse_from_str(&t.s, "%Y-%m-%d")
        {
            out.push(d);
        }
        if let Tk::Num(d) = t.kind
            && let Some(m) = toks
                .get(i + 1)
                .and_then(|w| MONTHS.iter().position(|m| *m == w.s))
            && let Some(Tk::Num(y)) = toks.get(i + 2).map(|t| &t.kind)
            && let Some(date) = NaiveDate::from_ymd_opt(*y as i32, m as u32 + 1, d as u32)
        {
            out.push(date);
        }
    }
    out
}
