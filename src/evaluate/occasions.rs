//! What a target counts in its rows (`rakna`): Antal summed, or distinct
//! occasions — days, weekends, ISO weeks or places with at least one row.
//! "Under minst 30 helger" counts weekends, not rows; "vid tio tillfällen
//! på olika offentliga platser" counts places.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::periods::weekend_of;
use super::targets::Counted;
use crate::agreement::{Counting, place_key};

/// The figure `rows` give under `counting`. Distinct occasions count rows
/// with a positive value only (an Antal of 0 is no occasion); a row outside
/// every weekend adds no weekend, a row without a Plats no place.
/// The rows are walked as given, not gathered: a target of a large promise
/// has hundreds of thousands.
pub fn measure<'r, 'a: 'r>(
    rows: impl Iterator<Item = &'r Counted<'a>> + Clone,
    counting: Counting,
) -> f64 {
    let occurring = || rows.clone().filter(|c| c.value > 0.0);
    let distinct = match counting {
        Counting::Sum => return rows.map(|c| c.value).fold(0.0, |a, b| a + b),
        Counting::Days => occurring()
            .map(|c| c.date())
            .collect::<BTreeSet<NaiveDate>>()
            .len(),
        Counting::Weekends => occurring()
            .filter_map(|c| weekend_of(c.date(), c.row.time.get()))
            .collect::<BTreeSet<NaiveDate>>()
            .len(),
        Counting::Weeks => occurring()
            .map(|c| {
                let w = c.date().iso_week();
                (w.year(), w.week())
            })
            .collect::<BTreeSet<_>>()
            .len(),
        Counting::Places => occurring()
            .filter_map(|c| c.place())
            .map(place_key)
            .filter(|p| !p.is_empty())
            .collect::<BTreeSet<String>>()
            .len(),
    };
    distinct as f64
}

/// Whether a row can add to the figure at all: a weekday row adds no
/// weekend and a row without a Plats no place. The others are listed with
/// the target as not counted rather than shown as counted.
pub fn can_count(row: &Counted<'_>, counting: Counting) -> bool {
    match counting {
        Counting::Weekends => weekend_of(row.date(), row.row.time.get()).is_some(),
        Counting::Places => row.place().is_some_and(|p| !place_key(p).is_empty()),
        Counting::Sum | Counting::Days | Counting::Weeks => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::tests_support::{counted, row};

    #[test]
    fn counts_distinct_days_weekends_weeks_and_places() {
        // Fri 3 March 2023 09:00 (not the weekend), Fri 3 March 20:00 and
        // Sat 4 March (one weekend), Sun 12 March (another), Tue 14 March.
        let rows = [
            row("2023-03-03 09:00", "Torget", 2),
            row("2023-03-03 20:00", "torget ", 1),
            row("2023-03-04", "Stationen", 3),
            row("2023-03-12", "Skolan", 1),
            row("2023-03-14", "Skolån", 1),
            row("2023-03-14", "", 0),
        ];
        let c = counted(&rows);
        assert_eq!(measure(c.iter(), Counting::Sum), 8.0);
        // 3, 4, 12, 14 March.
        assert_eq!(measure(c.iter(), Counting::Days), 4.0);
        // 3–5 March and 10–12 March.
        assert_eq!(measure(c.iter(), Counting::Weekends), 2.0);
        // ISO weeks 9 (to Sun 5 March), 10 (to Sun 12 March) and 11.
        assert_eq!(measure(c.iter(), Counting::Weeks), 3.0);
        // Torget, Stationen, Skolan ("Skolån" is Skolan, accents ignored).
        assert_eq!(measure(c.iter(), Counting::Places), 3.0);
        let can = |counting| c.iter().filter(|r| can_count(r, counting)).count();
        // Not Friday 09:00 nor the two Tuesday rows.
        assert_eq!(can(Counting::Weekends), 3);
        // Not the row without a Plats.
        assert_eq!(can(Counting::Places), 5);
        assert_eq!(can(Counting::Sum), 6);
    }
}
