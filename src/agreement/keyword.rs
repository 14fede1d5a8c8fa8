//! Words of the promise file that name one value of an enum ("år",
//! "arbetspass", "öka"), read in one way: case, surrounding space and
//! å/ä/ö ignored, aliases accepted, the first spelling shown in messages.

use super::model::{Counting, Direction, Period, Scope, ShareUnit};
use crate::ingest::DateOrder;

/// The entries of a TOML table in the order the file writes them: the
/// parser keeps a table sorted by key, and a key written twice (once
/// folded) must be named where it is written the second time.
pub(crate) fn in_file_order<'a, 'i>(
    table: &'a toml::de::DeTable<'i>,
) -> Vec<(
    &'a toml::Spanned<toml::de::DeString<'i>>,
    &'a toml::Spanned<toml::de::DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

/// Folds a key or keyword: lower case, å/ä → a, ö → o, space and hyphen →
/// underscore. Keys may be written with å, ä, ö when quoted; they mean the
/// same, saved composed or not (a Mac may write "å" as "a" and a ring).
pub(crate) fn fold_key(key: &str) -> String {
    crate::ingest::cells::composed(key.trim())
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            ' ' | '-' => '_',
            c => c,
        })
        .collect()
}

/// An enum whose values are written as words in the promise file.
pub(crate) trait Keyword: Copy + PartialEq + 'static {
    /// Each value with its spellings; the first is the one messages show.
    /// Listed once here, so parsing, messages and docs cannot drift apart.
    const WORDS: &'static [(Self, &'static [&'static str])];

    /// The value `word` names, if any.
    fn parse(word: &str) -> Option<Self> {
        let folded = fold_key(word);
        Self::WORDS
            .iter()
            .find(|(_, spellings)| spellings.iter().any(|s| fold_key(s) == folded))
            .map(|(value, _)| *value)
    }

    /// The spelling messages show.
    fn word(self) -> &'static str {
        Self::WORDS
            .iter()
            .find(|(value, _)| *value == self)
            .and_then(|(_, spellings)| spellings.first().copied())
            .unwrap_or_default()
    }

    /// The shown spelling of every value, in order.
    fn words() -> Vec<&'static str> {
        Self::WORDS
            .iter()
            .filter_map(|(_, spellings)| spellings.first().copied())
            .collect()
    }
}

impl Keyword for Period {
    const WORDS: &'static [(Self, &'static [&'static str])] = &[
        // Luleå and Piteå write "varje dygn".
        (Period::Day, &["dag", "dygn"]),
        (Period::Week, &["vecka"]),
        (Period::Weekend, &["helg"]),
        (Period::Month, &["månad"]),
        (Period::Quarter, &["kvartal"]),
        (Period::HalfYear, &["halvår"]),
        (Period::Term, &["termin"]),
        (Period::Year, &["år"]),
    ];
}

impl Keyword for ShareUnit {
    const WORDS: &'static [(Self, &'static [&'static str])] = &[
        (ShareUnit::Day, &["dag", "dygn"]),
        (ShareUnit::Shift, &["arbetspass", "pass"]),
    ];
}

impl Keyword for Direction {
    const WORDS: &'static [(Self, &'static [&'static str])] = &[
        (Direction::Increase, &["öka"]),
        (Direction::Decrease, &["minska"]),
    ];
}

impl Keyword for DateOrder {
    const WORDS: &'static [(Self, &'static [&'static str])] = &[
        (DateOrder::DayMonth, &["dag-manad"]),
        (DateOrder::MonthDay, &["manad-dag"]),
    ];
}

impl Keyword for Counting {
    const WORDS: &'static [(Self, &'static [&'static str])] = &[
        (Counting::Sum, &["antal"]),
        (Counting::Days, &["dagar", "dygn"]),
        (Counting::Weekends, &["helger"]),
        (Counting::Weeks, &["veckor"]),
        (Counting::Places, &["platser"]),
    ];
}

impl Keyword for Scope {
    const WORDS: &'static [(Self, &'static [&'static str])] = &[
        (Scope::Window, &["rapportperioden"]),
        (Scope::Agreement, &["avtalsperioden", "hela avtalsperioden"]),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Way {
        Up,
        Down,
    }

    impl Keyword for Way {
        const WORDS: &'static [(Self, &'static [&'static str])] =
            &[(Way::Up, &["öka", "upp"]), (Way::Down, &["minska"])];
    }

    #[test]
    fn reads_any_spelling_and_shows_the_first() {
        assert_eq!(Way::parse(" Oka "), Some(Way::Up));
        assert_eq!(Way::parse("ÖKA"), Some(Way::Up));
        assert_eq!(Way::parse("upp"), Some(Way::Up));
        assert_eq!(Way::parse("minska"), Some(Way::Down));
        assert_eq!(Way::parse("ned"), None);
        assert_eq!(Way::Up.word(), "öka");
        assert_eq!(Way::words(), vec!["öka", "minska"]);
    }
}
