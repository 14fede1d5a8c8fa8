//! Small pieces of wording that depend on a figure: the singular or plural
//! of a noun, and the pace of a target not yet due, in words a council
//! member reads at a glance.

use chrono::Datelike;

use super::Pace;
use crate::locale::{self, Lang};

/// `singular` for exactly 1, else `plural`: "1 insats", "0 insatser",
/// "1,5 insatser".
pub fn noun_for<'a>(x: f64, singular: &'a str, plural: &'a str) -> &'a str {
    if (x - 1.0).abs() < f64::EPSILON {
        singular
    } else {
        plural
    }
}

/// The pace of a target whose window is not over:
/// "0 hittills; 1 väntas före årets slut",
/// "2 hittills (3 väntat hittills, efter plan); 2 till väntas före årets slut",
/// "5 hittills; kravet 4 är redan nått".
pub fn pace(lang: Lang, p: &Pace) -> String {
    let num = |x: f64| locale::number(lang, x, 1);
    let so_far = num(p.achieved_so_far);
    let whole_year = p.from.year() == p.ends.year() && p.ends.month() == 12 && p.ends.day() == 31;
    let by = match (lang, whole_year) {
        (Lang::Sv, true) => "före årets slut".to_owned(),
        (Lang::Sv, false) => format!("till och med {}", locale::date(lang, p.ends)),
        (Lang::En, true) => "by the end of the year".to_owned(),
        (Lang::En, false) => format!("by {}", locale::date(lang, p.ends)),
    };
    let remaining = p.required - p.achieved_so_far;
    if remaining <= 0.0 {
        return match lang {
            Lang::Sv => format!(
                "{so_far} hittills; kravet {} är redan nått",
                num(p.required)
            ),
            Lang::En => format!(
                "{so_far} so far; the requirement of {} is already reached",
                num(p.required)
            ),
        };
    }
    // Behind is said only when at least one whole row was due by now: half
    // an expected walk in June is not a shortfall.
    let behind = !p.on_track && p.expected_so_far >= 1.0;
    let started = p.achieved_so_far > 0.0;
    match lang {
        Lang::Sv => {
            let status = if behind {
                format!(" ({} väntat hittills, efter plan)", num(p.expected_so_far))
            } else {
                String::new()
            };
            let more = if started { " till" } else { "" };
            format!(
                "{so_far} hittills{status}; {}{more} väntas {by}",
                num(remaining)
            )
        }
        Lang::En => {
            let status = if behind {
                format!(" ({} expected by now, behind)", num(p.expected_so_far))
            } else {
                String::new()
            };
            let more = if started { " more" } else { "" };
            format!(
                "{so_far} so far{status}; {}{more} expected {by}",
                num(remaining)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn pace_of(achieved: f64, expected: f64, required: f64) -> Pace {
        Pace {
            elapsed_days: 181,
            window_days: 365,
            expected_so_far: expected,
            achieved_so_far: achieved,
            on_track: achieved >= expected,
            required,
            from: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            ends: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap(),
        }
    }

    #[test]
    fn a_walk_planned_for_september_is_not_behind_in_june() {
        assert_eq!(
            pace(Lang::Sv, &pace_of(0.0, 0.5, 1.0)),
            "0 hittills; 1 väntas före årets slut"
        );
        assert_eq!(
            pace(Lang::En, &pace_of(0.0, 0.5, 1.0)),
            "0 so far; 1 expected by the end of the year"
        );
        assert_eq!(
            pace(Lang::Sv, &pace_of(1.0, 2.0, 4.0)),
            "1 hittills (2 väntat hittills, efter plan); 3 till väntas före årets slut"
        );
        assert_eq!(
            pace(Lang::Sv, &pace_of(5.0, 2.0, 4.0)),
            "5 hittills; kravet 4 är redan nått"
        );
    }

    #[test]
    fn one_is_singular() {
        assert_eq!(noun_for(1.0, "insats", "insatser"), "insats");
        assert_eq!(noun_for(0.0, "insats", "insatser"), "insatser");
        assert_eq!(noun_for(2.0, "insats", "insatser"), "insatser");
    }
}
