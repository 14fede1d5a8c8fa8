//! Agreements that are not the usual two parties with a stated period:
//! city districts (Stockholm's stadsdelsområden, whose partner is a
//! stadsdelsförvaltning), police-only promises, and agreements that state
//! no period or no follow-up date. Pure functions; the parser calls them
//! and says in a warning what it assumed.

use chrono::{Datelike, NaiveDate};

use super::model::{AgreementParty, DateRange, Party};
use crate::diag::Code;

/// Which side a party named in `parter` is on: a name holding "polis"
/// ("Polisen", "Lokalpolisområde Skärholmen") is the police; any other is
/// the partner the logs call "kommunen" (a kommun, a
/// stadsdelsförvaltning).
pub fn side_of(name: &str) -> Party {
    if name.to_lowercase().contains("polis") {
        Party::Police
    } else {
        Party::Municipality
    }
}

/// The Swedish genitive of a place name: "Skärholmen" → "Skärholmens",
/// "Kista" → "Kistas"; a name ending in s, x or z is left as it is
/// ("Hässelby-Vällingby" → "Hässelby-Vällingbys", "Norrmalms" stays).
pub fn genitive(name: &str) -> String {
    match name.chars().last() {
        Some('s' | 'x' | 'z' | 'S' | 'X' | 'Z') | None => name.to_owned(),
        Some(_) => format!("{name}s"),
    }
}

/// The parties when the file lists none: the police and the kommun, or
/// the district's stadsdelsförvaltning ("Skärholmens
/// stadsdelsförvaltning").
pub fn default_parties(kommun: Option<&str>, district: Option<&str>) -> Vec<AgreementParty> {
    let mut list = vec![AgreementParty {
        name: "Polisen".to_owned(),
        side: Party::Police,
    }];
    let partner = match (district, kommun) {
        (Some(d), _) => Some(format!("{} stadsdelsförvaltning", genitive(d))),
        (None, Some(k)) if k.to_lowercase().ends_with("kommun") => Some(k.to_owned()),
        (None, Some(k)) => Some(format!("{k} kommun")),
        (None, None) => None,
    };
    if let Some(name) = partner {
        list.push(AgreementParty {
            name,
            side: Party::Municipality,
        });
    }
    list
}

/// The warnings that say what was assumed for what the promise file does
/// not state; the report lists them under Datakvalitet.
pub const ASSUMPTIONS: &[Code] = &[
    Code::AssumedPeriod,
    Code::AssumedDeadline,
    Code::NoDeadlineDate,
];

/// What the agreement leaves unsaid that the report would otherwise state,
/// for `lofte check` to print as notes. Assumed values are warnings of the
/// parser; these assume nothing.
pub fn unstated(agreement: &super::Agreement) -> Vec<String> {
    let mut notes = Vec::new();
    if agreement.deadline.is_none() {
        notes.push(
            "the promise file states no follow-up date ([uppfoljning]): the report does not say which deadline it answers"
                .to_owned(),
        );
    }
    notes
}

/// The agreement period a title states: its first and last year
/// ("Medborgarlöften 2019 – 2023" → 2019-01-01 – 2023-12-31,
/// "Medborgarlöfte 2024" → the year 2024).
pub fn period_in_title(title: &str) -> Option<DateRange> {
    let years: Vec<i32> = title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1990..=2100).contains(y))
        .collect();
    let (first, last) = (*years.iter().min()?, *years.iter().max()?);
    DateRange::new(
        NaiveDate::from_ymd_opt(first, 1, 1)?,
        NaiveDate::from_ymd_opt(last, 12, 31)?,
    )
}

/// The last day a written deadline allows: "senast februari 2024" →
/// 2024-02-29 (the month's last day); the last "month year" in the text
/// counts. `None` without a month and a year.
pub fn deadline_in_text(text: &str) -> Option<NaiveDate> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(2).rev().find_map(|pair| {
        let month = crate::locale::SV_MONTHS
            .iter()
            .position(|m| *m == pair[0])?;
        let year: i32 = pair[1].parse().ok().filter(|y| (1990..=2100).contains(y))?;
        let month = u32::try_from(month).ok()? + 1;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        next.pred_opt()
    })
}

/// The year a follow-up deadline reports on: a deadline in the first half
/// of a year ("senast februari 2024") follows up the year before; a later
/// one ("senast december 2023") its own year.
pub fn period_before_deadline(deadline: NaiveDate) -> Option<DateRange> {
    let year = if deadline.month() <= 6 {
        deadline.year() - 1
    } else {
        deadline.year()
    };
    DateRange::new(
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parties_are_sided_by_their_names() {
        assert_eq!(side_of("Lokalpolisområde Skärholmen"), Party::Police);
        assert_eq!(side_of("Polisen"), Party::Police);
        assert_eq!(
            side_of("Skärholmens stadsdelsförvaltning"),
            Party::Municipality
        );
        assert_eq!(genitive("Skärholmen"), "Skärholmens");
        assert_eq!(genitive("Rinkeby-Kista"), "Rinkeby-Kistas");
        assert_eq!(genitive("Norrmalms"), "Norrmalms");
    }

    #[test]
    fn the_partner_follows_the_district_or_the_kommun() {
        let names = |k, s| {
            default_parties(k, s)
                .into_iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Some("Norsjö"), None), ["Polisen", "Norsjö kommun"]);
        assert_eq!(
            names(Some("Stockholm"), Some("Skärholmen")),
            ["Polisen", "Skärholmens stadsdelsförvaltning"]
        );
        assert_eq!(names(None, None), ["Polisen"]);
    }

    #[test]
    fn periods_and_deadlines_read_from_the_words() {
        let p = period_in_title("Medborgarlöften 2019 – 2023 Polisen och Norsjö Kommun").unwrap();
        assert_eq!((p.from, p.to), (d(2019, 1, 1), d(2023, 12, 31)));
        let p = period_in_title("Medborgarlöfte 2024").unwrap();
        assert_eq!((p.from, p.to), (d(2024, 1, 1), d(2024, 12, 31)));
        assert!(period_in_title("Medborgarlöfte för Skärholmen").is_none());
        assert_eq!(
            deadline_in_text("En skriftlig uppföljning sammanställs senast februari 2024."),
            Some(d(2024, 2, 29))
        );
        assert_eq!(
            deadline_in_text("senast December 2023"),
            Some(d(2023, 12, 31))
        );
        assert_eq!(deadline_in_text("fortlöpande under avtalsperioden"), None);
        let p = period_before_deadline(d(2024, 2, 29)).unwrap();
        assert_eq!((p.from, p.to), (d(2023, 1, 1), d(2023, 12, 31)));
        let p = period_before_deadline(d(2023, 12, 31)).unwrap();
        assert_eq!((p.from, p.to), (d(2023, 1, 1), d(2023, 12, 31)));
    }

    /// A Stockholm district's agreement, as its promise file writes it.
    const DISTRICT: &str = r#"
lokalpolisomrade = "Skärholmen"
stadsdel = "Skärholmen"
rubrik = "Medborgarlöfte för Skärholmen 2024"
effekter_rubrik = "Det här ska vi åstadkomma"
effekter = ["Ökad trygghet i Skärholmens centrum"]

[[fokusomrade]]
id = "centrum"
namn = "Trygg offentlig miljö"
effekter = ["Färre upplever ordningsstörningar i centrum"]

[[lofte]]
id = "S1"
fokusomrade = "centrum"
text = "Polis och stadsdelsförvaltning genomför gemensamma trygghetsvandringar."
ansvarig = "Polisen och stadsdelsförvaltningen"
mal = [{ typ = "totalt", antal = 4 }]
"#;

    fn parse(text: &str) -> crate::agreement::Parsed {
        crate::agreement::parse(text, "loften.toml", std::path::Path::new("/x"))
    }

    #[test]
    fn a_district_needs_no_kommun_and_its_period_comes_from_the_title() {
        let parsed = parse(DISTRICT);
        let a = parsed.output.expect("a district's file is valid");
        assert_eq!(a.kommun, None);
        assert_eq!(a.place(), "Skärholmen");
        let names: Vec<&str> = a.parties.list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Polisen", "Skärholmens stadsdelsförvaltning"]);
        assert_eq!(
            (a.period.from, a.period.to),
            (d(2024, 1, 1), d(2024, 12, 31))
        );
        assert_eq!(
            a.effects.heading.as_deref(),
            Some("Det här ska vi åstadkomma")
        );
        assert_eq!(a.effects.list, ["Ökad trygghet i Skärholmens centrum"]);
        assert_eq!(
            a.areas[0].effects,
            ["Färre upplever ordningsstörningar i centrum"]
        );
        let said: Vec<(&str, String)> = parsed
            .warnings
            .iter()
            .map(|d| (d.code.as_str(), d.message.clone()))
            .collect();
        assert_eq!(
            said,
            [(
                "assumed-period",
                "the promise file gives no agreement period; lofte assumes 2024-01-01 – 2024-12-31, the years of the title \"Medborgarlöfte för Skärholmen 2024\"".to_owned()
            )]
        );
    }

    #[test]
    fn a_police_only_agreement_lists_its_party() {
        let text = DISTRICT
            .replace(
                "stadsdel = \"Skärholmen\"\n",
                "parter = [\"Polisen i lokalpolisområde Skärholmen\"]\n",
            )
            .replace(
                "rubrik = \"Medborgarlöfte för Skärholmen 2024\"",
                "period = { fran = 2024-01-01, till = 2024-12-31 }",
            );
        let parsed = parse(&text);
        assert!(
            parsed.problems().next().is_none(),
            "{:?}",
            parsed.problems().collect::<Vec<_>>()
        );
        let a = parsed.output.unwrap();
        assert_eq!(a.kommun, None);
        assert_eq!(a.place(), "Skärholmen");
        assert_eq!(a.parties.list.len(), 1);
        assert_eq!(a.parties.list[0].side, Party::Police);
        assert!(a.parties.partner().is_none());
    }

    #[test]
    fn without_kommun_stadsdel_or_parter_the_kommun_is_still_required() {
        let text = DISTRICT.replace("stadsdel = \"Skärholmen\"\n", "");
        let parsed = parse(&text);
        assert!(parsed.output.is_err());
        let errors: Vec<&str> = parsed
            .problems()
            .filter(|d| d.is_error())
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(errors, ["the promise file needs the key \"kommun\""]);
    }

    #[test]
    fn the_period_is_assumed_from_the_deadline_or_refused() {
        let no_title = DISTRICT.replace("rubrik = \"Medborgarlöfte för Skärholmen 2024\"\n", "");
        let with_deadline = format!(
            "uppfoljning = {{ text = \"En skriftlig uppföljning sammanställs senast februari 2025.\" }}\n{no_title}"
        );
        let parsed = parse(&with_deadline);
        let a = parsed.output.expect("assumed from the deadline");
        assert_eq!(a.deadline.unwrap().date, Some(d(2025, 2, 28)));
        assert_eq!(
            (a.period.from, a.period.to),
            (d(2024, 1, 1), d(2024, 12, 31))
        );
        let codes: Vec<&str> = parsed.warnings.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["assumed-period", "assumed-deadline"]);

        let parsed = parse(&no_title);
        assert!(parsed.output.is_err());
        let d = parsed.problems().next().unwrap();
        assert_eq!(d.code, Code::MissingKey);
        assert!(
            d.message
                .starts_with("the promise file needs the key \"period\"")
        );
        assert!(d.is_error());
    }
}
