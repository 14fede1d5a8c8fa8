//! Swedish (and English) formatting of numbers and dates for what users
//! read. typst prints dates in English and numbers without separators, so
//! every figure is formatted here, in one place, before it reaches the
//! template.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The language of the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Swedish, the default.
    #[default]
    Sv,
    /// English.
    En,
}

impl Lang {
    /// The language's code, as the template and the results JSON write it:
    /// "sv", "en".
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

/// Non-breaking space: a thousands separator must not break a line.
const NBSP: char = '\u{a0}';

/// Formats `x` with at most `decimals` decimals, trailing zeros dropped:
/// Swedish `1 234,5`, English `1,234.5`. Non-finite values print as "–".
pub fn number(lang: Lang, x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), f.trim_end_matches('0').to_owned()),
        None => (text.clone(), String::new()),
    };
    let (group, point) = match lang {
        Lang::Sv => (NBSP, ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        // Groups of three only from five digits in Swedish ("1234" is
        // written as is; Språkrådet's advice for four-digit numbers).
        let from_end = digits.len() - i;
        let grouping = digits.len() > 4 || lang == Lang::En;
        if i > 0 && from_end.is_multiple_of(3) && grouping {
            grouped.push(group);
        }
        grouped.push(*c);
    }
    let negative = x < 0.0 && (grouped.chars().any(|c| c != '0' && c != group) || !frac.is_empty());
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push(point);
        out.push_str(&frac);
    }
    out
}

/// Formats a whole count.
pub fn count(lang: Lang, n: u64) -> String {
    number(lang, n as f64, 0)
}

/// The Swedish month names, January first: how reports write them and how
/// `lofte init` reads them in agreement texts.
pub const SV_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// Month name, 1-based: Swedish "mars", English "March".
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    const SV: [&str; 12] = SV_MONTHS;
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    };
    let index = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
    names.get(index).copied().unwrap_or("")
}

/// A date in words: "15 mars 2023", "15 March 2023".
pub fn date(lang: Lang, d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(lang, d.month()), d.year())
}

/// A short date: "2023-03-15" (ISO 8601 is the Swedish standard form).
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_numbers() {
        assert_eq!(number(Lang::Sv, 1.5, 2), "1,5");
        assert_eq!(number(Lang::Sv, 1.234, 2), "1,23");
        assert_eq!(number(Lang::Sv, 3.0, 1), "3");
        assert_eq!(number(Lang::Sv, 1234.0, 0), "1234");
        assert_eq!(number(Lang::Sv, 12345.0, 0), "12\u{a0}345");
        assert_eq!(number(Lang::Sv, 1234567.25, 2), "1\u{a0}234\u{a0}567,25");
        assert_eq!(number(Lang::Sv, -2.5, 1), "−2,5");
        assert_eq!(number(Lang::Sv, -0.0001, 1), "0");
        assert_eq!(number(Lang::En, 1234.5, 1), "1,234.5");
        assert_eq!(number(Lang::Sv, f64::NAN, 1), "–");
    }

    #[test]
    fn swedish_dates() {
        let d = NaiveDate::from_ymd_opt(2023, 3, 15).unwrap();
        assert_eq!(date(Lang::Sv, d), "15 mars 2023");
        assert_eq!(date(Lang::En, d), "15 March 2023");
        assert_eq!(iso(d), "2023-03-15");
    }
}
