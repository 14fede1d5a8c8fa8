//! Whole drafts: what a line of the drafted file says, and whether it
//! carries a `# KONTROLLERA:` mark. An unmarked line is one the user
//! trusts, so each test says both.

use super::draft;

/// An agreement of two years with one list of promises.
fn agreement(title: &str, body: &str) -> String {
    format!(
        "{title}\n\nLokalpolisområde Umeå och Vännäs kommun lovar att tillsammans arbeta för ökad trygghet.\n\nTrygghet\n\n{body}\n"
    )
}

fn two_years(body: &str) -> String {
    agreement("Medborgarlöften 2024–2025", body)
}

/// The drafted line that starts with `start` and holds `holds`.
fn line(toml: &str, start: &str, holds: &str) -> String {
    toml.lines()
        .find(|l| l.trim_start().starts_with(start) && l.contains(holds))
        .unwrap_or_else(|| panic!("no line {start}… with {holds:?} in\n{toml}"))
        .to_owned()
}

fn marked(line: &str) -> bool {
    line.contains("# KONTROLLERA:")
}

#[test]
fn period_with_two_digit_second_year_is_two_years() {
    for title in [
        "Medborgarlöften 2024–25",
        "Medborgarlöften 2024-25",
        "Medborgarlöften 2024/25",
        "Medborgarlöften 2024 och 2025",
        "Medborgarlöften för år 2024 och 2025",
    ] {
        let d = draft(&agreement(
            title,
            "Polisen lovar att:\n- Genomföra minst fyra trafikkontroller per år.",
        ));
        let l = line(&d.toml, "period", "");
        assert!(
            l.starts_with("period = { fran = 2024-01-01, till = 2025-12-31 }"),
            "{title}: {l}"
        );
        assert!(!marked(&l), "{title}: {l}");
    }
    let d = draft(&agreement(
        "Medborgarlöfte 2023/24",
        "Polisen lovar att:\n- Genomföra minst fyra trafikkontroller per år.",
    ));
    assert!(
        line(&d.toml, "period", "")
            .starts_with("period = { fran = 2023-01-01, till = 2024-12-31 }")
    );
    // A school year is asked about.
    let d = draft(&agreement(
        "Medborgarlöften läsåret 2024/25",
        "Polisen lovar att:\n- Genomföra minst fyra trafikkontroller per år.",
    ));
    let l = line(&d.toml, "period", "");
    assert!(
        l.starts_with("period = { fran = 2024-01-01, till = 2025-12-31 }"),
        "{l}"
    );
    assert!(marked(&l) && l.contains("läsår"), "{l}");
}

#[test]
fn period_starting_mid_year_keeps_its_first_day() {
    let d = draft(&agreement(
        "Medborgarlöfte 2024-2026 (gäller från 1 juli 2024)",
        "Polisen lovar att:\n- Genomföra minst fyra trafikkontroller per år.",
    ));
    let l = line(&d.toml, "period", "");
    assert!(
        l.starts_with("period = { fran = 2024-07-01, till = 2026-12-31 }"),
        "{l}"
    );
    assert!(marked(&l) && l.contains("2026-06-30"), "{l}");
}

#[test]
fn under_avtalsperioden_is_judged_over_the_agreement() {
    let d = draft(&two_years(
        "Kommunen lovar att:\n- Genomföra fyra trygghetsvandringar under avtalsperioden.\n- Genomföra minst en drogvaneundersökning under hela perioden.\n- Genomföra två föräldramöten under avtalstiden.",
    ));
    for what in [
        "trygghetsvandringar",
        "drogvaneundersökning",
        "föräldramöten",
    ] {
        let l = line(&d.toml, "mal", what);
        assert!(
            l.contains("typ = \"totalt\"") && l.contains("over = \"avtalsperioden\""),
            "{l}"
        );
        assert!(!marked(&l), "{l}");
    }
    // In a one-year agreement the window is the period: nothing to add.
    let d = draft(&agreement(
        "Medborgarlöfte 2025",
        "Kommunen lovar att:\n- Genomföra fyra trygghetsvandringar under avtalsperioden.",
    ));
    assert!(!line(&d.toml, "mal", "trygghetsvandringar").contains("over"));
}

#[test]
fn table_row_with_both_parties_responsible_is_joint() {
    let d = draft(&two_years(
        "Aktivitet\tAnsvarig\tMål\nTrygghetsvandringar i centrum\tPolisen och kommunen\t4 per år\nFöräldramöten om droger\tBåda\t2 per år\nSamverkansmöten\tGemensamt\t4 per år\nSkolbesök\tPolisen\t2 per termin",
    ));
    let joint: Vec<&str> = d
        .toml
        .lines()
        .filter(|l| l.starts_with("gemensamt = true"))
        .collect();
    assert_eq!(joint.len(), 3, "{}", d.toml);
    assert!(joint.iter().all(|l| marked(l)), "{joint:?}");
}

#[test]
fn thousands_separator_read_as_one_number_in_table_cells() {
    let d = draft(&two_years(
        "Aktivitet\tAnsvarig\tMål\nHastighetskontroller\tPolisen\t1\u{a0}000 per år",
    ));
    let l = line(&d.toml, "mal", "");
    assert!(l.contains("antal = 1000, per = \"år\""), "{l}");
    assert!(!marked(&l), "{l}");
}

#[test]
fn a_figure_drafted_as_text_is_marked() {
    let d = draft(&two_years(
        "Polisen lovar att:\n- Följa upp minst 50 procent av anmälda trafikbrott med återkoppling.",
    ));
    let l = line(&d.toml, "mal", "");
    assert!(l.contains("typ = \"text\""), "{l}");
    assert!(marked(&l) && l.contains("50 procent"), "{l}");
    // A promise with no number stays unmarked text.
    let d = draft(&two_years(
        "Polisen lovar att:\n- Löpande arbeta med grannsamverkan i kommunen.",
    ));
    assert!(!marked(&line(&d.toml, "mal", "")));
}

#[test]
fn year_specific_targets_get_their_own_dates_in_the_draft() {
    let d = draft(&two_years(
        "Polisen lovar att:\n- Genomföra minst 4 trafikkontroller per år 2024 och minst 6 trafikkontroller per år 2025 vid skolorna.\n- Under 2024 genomföra minst 5 insatser per månad mot narkotikabrott.",
    ));
    let first = line(&d.toml, "{ typ", "antal = 4");
    assert!(
        first.contains("fran = 2024-01-01, till = 2024-12-31"),
        "{first}"
    );
    let second = line(&d.toml, "{ typ", "antal = 6");
    assert!(
        second.contains("fran = 2025-01-01, till = 2025-12-31"),
        "{second}"
    );
    let monthly = line(&d.toml, "mal", "antal = 5");
    assert!(
        monthly.contains("per = \"månad\", fran = 2024-01-01, till = 2024-12-31"),
        "{monthly}"
    );
    for l in [first, second, monthly] {
        assert!(!marked(&l), "{l}");
    }
}
