//! Where a row counts: a target restricted to places (`inom`), and a
//! per-place target judged per place and interval.

use std::collections::BTreeMap;

use super::occasions::measure;
use super::targets::Counted;
use crate::agreement::{Counting, DateRange, PlaceFilter, TargetKind, place_key};
use crate::diag::{Code, Diagnostic};

/// Splits rows into those at the filter's places and the others, which the
/// report shows as not counted.
pub fn split<'a>(
    rows: Vec<Counted<'a>>,
    filter: &PlaceFilter,
) -> (Vec<Counted<'a>>, Vec<Counted<'a>>) {
    rows.into_iter().partition(|c| filter.admits(c.place()))
}

/// The places of `places` a Plats cell names when it names two or more
/// of them, and nothing else ("Byskolan, Norrskolan", one per line,
/// "Byskolan och Norrskolan"); empty otherwise, so that "Centrum, norra
/// delen" stays one place.
pub fn several_named<'p>(cell: &str, places: &'p [String]) -> Vec<&'p str> {
    if !cell.contains([',', ';', '&', '+', '/', '\n']) && !cell.contains(" och ") {
        return Vec::new();
    }
    let parts: Vec<&str> = cell
        .split([',', ';', '&', '+', '/', '\n'])
        .flat_map(|p| p.split(" och "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return Vec::new();
    }
    parts
        .iter()
        .map(|p| {
            let key = place_key(p);
            places
                .iter()
                .find(|x| place_key(x) == key)
                .map(String::as_str)
        })
        .collect::<Option<Vec<&str>>>()
        .unwrap_or_default()
}

/// Rows in the window whose Plats names two or more of a target's places
/// (`per_plats`, `inom`): read whole, the cell is none of them and the
/// row counted toward no place, as "K1, K2" in Löfte counts toward no
/// promise. Each such row is an error at its Plats cell, once.
pub(super) fn several_places(promises: &super::InWindow<'_, '_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (promise, rows) in promises.each() {
        let lists: Vec<&[String]> = promise
            .targets
            .iter()
            .filter_map(|t| match (&t.kind, &t.within) {
                (TargetKind::PerPlace { places, .. }, _) => Some(places.as_slice()),
                (_, Some(filter)) => Some(filter.places.as_slice()),
                _ => None,
            })
            .collect();
        if lists.is_empty() {
            continue;
        }
        for a in rows {
            let Some(cell) = a.place() else { continue };
            let Some(named) = lists
                .iter()
                .map(|places| several_named(cell, places))
                .find(|named| !named.is_empty())
            else {
                continue;
            };
            let at = a.cell_or_row(a.columns().place);
            out.push(
                Diagnostic::error(
                    Code::SeveralPlaces,
                    format!(
                        "the Plats cell names {} of {}'s places, so the row counts toward none of them",
                        named.len(),
                        promise.id
                    ),
                )
                .at(at)
                .found(cell.trim().to_owned())
                .expected("one place per row")
                .hint("copy the row, one for each place, so each visit counts where it was made"),
            );
        }
    }
    out
}

/// One place in one interval of a per-place target.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceCell {
    /// The place, as the promise file writes it.
    pub place: String,
    /// The interval (the window, when the target has no `per`).
    pub period: DateRange,
    /// Counted at the place in the interval.
    pub achieved: f64,
    /// Whether the place was in force during the interval, so that it is
    /// judged; before a place is added (or after it is dropped) it is
    /// shown, not judged.
    pub in_force: bool,
}

/// Every place in every interval, place by place: a two-year report shows
/// each place per year, not only its worst year. Places with their own
/// dates are counted only within them.
pub fn grid(
    rows: &[Counted<'_>],
    places: &[String],
    place_valid: &BTreeMap<String, DateRange>,
    periods: &[DateRange],
    counting: Counting,
) -> Vec<PlaceCell> {
    let mut out = Vec::new();
    for place in places {
        let key = place_key(place);
        let valid = place_valid.get(place);
        let at: Vec<&Counted<'_>> = rows
            .iter()
            .filter(|c| c.place().is_some_and(|p| place_key(p) == key))
            .filter(|c| valid.is_none_or(|v| v.contains(c.date())))
            .collect();
        for period in periods {
            let inside = at.iter().copied().filter(|c| period.contains(c.date()));
            out.push(PlaceCell {
                place: place.clone(),
                period: *period,
                achieved: measure(inside, counting),
                in_force: valid.is_none_or(|v| v.intersect(period).is_some()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::tests_support::{counted, d, row};

    #[test]
    fn a_group_admits_its_places_whatever_the_case_and_accents() {
        let filter = PlaceFilter {
            name: "byar".to_owned(),
            places: vec!["Svanstein".to_owned(), "Juoksengi".to_owned()],
        };
        let rows = [
            row("2023-03-01", "svanstein", 2),
            row("2023-03-02", "Jüoksengi ", 1),
            row("2023-03-03", "Övertorneå", 4),
            row("2023-03-04", "", 1),
        ];
        let (inside, outside) = split(counted(&rows), &filter);
        assert_eq!(inside.iter().map(|c| c.value).sum::<f64>(), 3.0);
        assert_eq!(outside.len(), 2);
        assert_eq!(outside[0].value, 4.0);
    }

    #[test]
    fn each_place_per_year_within_its_own_dates() {
        let rows = [
            row("2022-05-01", "Coop", 1),
            row("2023-05-01", "Coop", 2),
            row("2022-03-01", "ICA", 5),
            row("2022-09-01", "ICA", 1),
            row("2023-02-01", "ICA", 1),
        ];
        let c = counted(&rows);
        let y2022 = DateRange::new(d(2022, 1, 1), d(2022, 12, 31)).unwrap();
        let y2023 = DateRange::new(d(2023, 1, 1), d(2023, 12, 31)).unwrap();
        // ICA joined on 1 July 2022: its March row does not count, and
        // 2021 is shown but not judged for it.
        let y2021 = DateRange::new(d(2021, 1, 1), d(2021, 12, 31)).unwrap();
        let valid = BTreeMap::from([(
            "ICA".to_owned(),
            DateRange::new(d(2022, 7, 1), d(2023, 12, 31)).unwrap(),
        )]);
        let cells = grid(
            &c,
            &["Coop".to_owned(), "ICA".to_owned()],
            &valid,
            &[y2021, y2022, y2023],
            Counting::Sum,
        );
        let figures: Vec<(&str, f64, bool)> = cells
            .iter()
            .map(|c| (c.place.as_str(), c.achieved, c.in_force))
            .collect();
        assert_eq!(
            figures,
            vec![
                ("Coop", 0.0, true),
                ("Coop", 1.0, true),
                ("Coop", 2.0, true),
                ("ICA", 0.0, false),
                ("ICA", 1.0, true),
                ("ICA", 1.0, true),
            ]
        );
    }
}
