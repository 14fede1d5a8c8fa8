//! Every counting rule with hand-computed expectations, window edges, and
//! properties that must hold for any rows.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::agreement::*;
use crate::diag::Code;
use crate::ingest::{Activity, ExtraValue, Ingested, KnownColumns, LogSheet, TextField};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn range(a: NaiveDate, b: NaiveDate) -> DateRange {
    DateRange::new(a, b).unwrap()
}

fn target(kind: TargetKind) -> Target {
    Target {
        kind,
        description: None,
        unit: None,
        unit_singular: None,
        activities: Vec::new(),
        quantity: None,
        valid: None,
        counting: Counting::Sum,
        scope: Scope::Window,
        within: None,
        written: Written::default(),
    }
}

fn promise(id: &str, targets: Vec<Target>) -> Promise {
    Promise {
        id: id.to_owned(),
        area: 0,
        text: format!("Löfte {id}"),
        responsible: "Polisen".to_owned(),
        partners: Vec::new(),
        matching: Matching {
            ids: vec![id.to_owned()],
            activities: Vec::new(),
            joint: false,
            merge_logs: true,
        },
        unit: None,
        unit_singular: None,
        valid: None,
        targets,
        comments: Vec::new(),
        written: Written::default(),
    }
}

fn agreement(period: DateRange, promises: Vec<Promise>) -> Agreement {
    Agreement {
        kommun: Some("Testby".to_owned()),
        police_area: "Test".to_owned(),
        title: None,
        period,
        deadline: None,
        diarienummer: None,
        signatories: Vec::new(),
        authors: Vec::new(),
        recipients: Vec::new(),
        logs: Vec::new(),
        date_order: None,
        part_met: 0.5,
        party_words: PartyWords::default(),
        areas: vec![FocusArea {
            id: "a".to_owned(),
            name: "A".to_owned(),
            description: None,
            effects: Vec::new(),
        }],
        promises,
        parties: Parties::default(),
        effects: Effects::default(),
        indicators: Vec::new(),
        indicator_files: Vec::new(),
    }
}

fn act(n: u32, date: NaiveDate, promise: &str, count: u32) -> Activity {
    let mut sheet = LogSheet::new("logg.csv", None);
    std::sync::Arc::make_mut(&mut sheet).columns = KnownColumns {
        date: Some(0),
        promise: Some(1),
        count: Some(2),
        ..KnownColumns::default()
    };
    Activity::by_hand(date, count, n + 2, sheet).with_texts(&[(TextField::Promise, promise)])
}

fn rows(list: &[(NaiveDate, &str, u32)]) -> Ingested {
    Ingested {
        activities: list
            .iter()
            .enumerate()
            .map(|(i, (date, p, c))| act(i as u32, *date, p, *c))
            .collect(),
        ..Ingested::default()
    }
}

fn run(a: &Agreement, i: &Ingested, window: DateRange, as_of: NaiveDate) -> Results {
    evaluate(a, i.clone(), window, as_of)
        .output
        .expect("no errors")
}

fn year(y: i32) -> DateRange {
    range(d(y, 1, 1), d(y, 12, 31))
}

#[test]
fn per_year_counts_each_whole_year() {
    let a = agreement(
        range(d(2022, 1, 1), d(2023, 12, 31)),
        vec![promise(
            "P",
            vec![target(TargetKind::AtLeastPer {
                n: 4.0,
                per: Period::Year,
            })],
        )],
    );
    let i = rows(&[
        (d(2022, 3, 1), "P", 3),
        (d(2022, 9, 1), "P", 1),
        (d(2023, 5, 1), "P", 1),
    ]);
    let r = run(&a, &i, a.period, a.period.to);
    let t = &r.promises[0].targets[0];
    assert_eq!(t.intervals.len(), 2);
    assert_eq!(t.intervals[0].achieved, 4.0);
    assert_eq!(t.intervals[0].met, Some(true));
    // 1 of 4 is below half: the 2023 interval is missed outright.
    assert_eq!(t.intervals[1].met, Some(false));
    assert!(!t.intervals[1].partly);
    assert_eq!((t.required, t.achieved), (Some(2.0), 1.0));
    assert_eq!(r.promises[0].status, Status::PartlyMet);
}

#[test]
fn edge_weeks_are_shown_but_not_judged() {
    // 2023-03-01 is a Wednesday; 2023-03-31 a Friday. Whole weeks inside:
    // 6–12, 13–19, 20–26 March. The edge weeks (27 Feb, 27 Mar) are not judged.
    let window = range(d(2023, 3, 1), d(2023, 3, 31));
    let a = agreement(
        window,
        vec![promise(
            "P",
            vec![target(TargetKind::AtLeastPer {
                n: 1.0,
                per: Period::Week,
            })],
        )],
    );
    let i = rows(&[
        (d(2023, 3, 1), "P", 5),
        (d(2023, 3, 7), "P", 1),
        (d(2023, 3, 14), "P", 1),
        (d(2023, 3, 21), "P", 1),
    ]);
    let r = run(&a, &i, window, window.to);
    let t = &r.promises[0].targets[0];
    assert_eq!(t.intervals.len(), 5);
    assert_eq!(t.intervals[0].from, d(2023, 2, 27));
    assert_eq!(t.intervals[0].met, None);
    assert_eq!(t.intervals[0].achieved, 5.0);
    assert_eq!(t.intervals[4].met, None);
    assert_eq!((t.required, t.achieved), (Some(3.0), 3.0));
    assert_eq!(t.status, Status::Met);
}

#[test]
fn months_judge_each_calendar_month_and_part_met_needs_half() {
    let window = year(2024);
    let a = agreement(
        window,
        vec![promise(
            "P",
            vec![target(TargetKind::AtLeastPer {
                n: 10.0,
                per: Period::Month,
            })],
        )],
    );
    // 10 in every month but February (leap: 29 days) with 5, and March with 4.
    let mut list: Vec<(NaiveDate, &str, u32)> =
        (1..=12).map(|m| (d(2024, m, 15), "P", 10)).collect();
    list[1] = (d(2024, 2, 29), "P", 5);
    list[2] = (d(2024, 3, 31), "P", 4);
    let r = run(&a, &rows(&list), window, window.to);
    let t = &r.promises[0].targets[0];
    assert_eq!((t.required, t.achieved), (Some(12.0), 10.0));
    assert!(t.intervals[1].partly, "5 of 10 is part met");
    assert!(!t.intervals[2].partly, "4 of 10 is not");
    assert_eq!(
        crate::render::wording::outcome_text(crate::locale::Lang::Sv, t),
        "10 av 12 månader med minst 10 aktiviteter; totalt 109"
    );
    assert_eq!(t.status, Status::PartlyMet);
}

#[test]
fn average_per_week_divides_by_days_over_seven() {
    let window = year(2023);
    let a = agreement(
        window,
        vec![promise(
            "P",
            vec![target(TargetKind::Average {
                n: 3.0,
                per: Period::Week,
            })],
        )],
    );
    // 156 over 365/7 weeks = 2.99…: just below 3, part met.
    let r = run(&a, &rows(&[(d(2023, 6, 1), "P", 156)]), window, window.to);
    let t = &r.promises[0].targets[0];
    assert_eq!(t.achieved, 2.99);
    assert_eq!(t.status, Status::PartlyMet);
    let r = run(&a, &rows(&[(d(2023, 6, 1), "P", 157)]), window, window.to);
    assert_eq!(r.promises[0].targets[0].status, Status::Met);
}

#[test]
fn every_three_weeks_in_blocks_from_the_first_whole_week() {
    // 2023-01-01 is a Sunday: the first whole week starts Monday 2 January.
    let window = range(d(2023, 1, 1), d(2023, 2, 28));
    let kind = TargetKind::EveryN {
        n: 1.0,
        every: 3,
        per: Period::Week,
    };
    let a = agreement(window, vec![promise("P", vec![target(kind)])]);
    let r = run(
        &a,
        &rows(&[(d(2023, 1, 4), "P", 1), (d(2023, 2, 1), "P", 1)]),
        window,
        window.to,
    );
    let t = &r.promises[0].targets[0];
    assert_eq!(t.intervals[0].from, d(2023, 1, 2));
    assert_eq!(t.intervals[0].to, d(2023, 1, 22));
    assert_eq!(t.intervals[1].from, d(2023, 1, 23));
    // The third block (20 Feb – 12 Mar) runs past the window: not judged.
    assert_eq!(t.intervals[2].met, None);
    assert_eq!((t.required, t.achieved), (Some(2.0), 2.0));
    assert_eq!(t.status, Status::Met);
}

#[test]
fn rows_outside_the_window_are_counted_apart() {
    let a = agreement(
        range(d(2022, 1, 1), d(2023, 12, 31)),
        vec![promise("P", vec![target(TargetKind::Total { n: 1.0 })])],
    );
    let i = rows(&[
        (d(2021, 12, 31), "P", 1),
        (d(2023, 1, 1), "P", 1),
        (d(2024, 1, 1), "P", 1),
    ]);
    let r = run(&a, &i, year(2023), d(2023, 12, 31));
    assert_eq!(r.data_quality.rows_outside_window, 2);
    assert_eq!(r.promises[0].targets[0].total, 1.0);
    assert_eq!(r.promises[0].targets[0].rows.len(), 1);
    let listed = &r.activity_rows[r.promises[0].targets[0].rows[0] as usize];
    assert_eq!(listed.row().row, 3);
}

#[test]
fn no_rows_at_all_is_no_data_and_text_is_not_judged() {
    let a = agreement(
        year(2023),
        vec![
            promise("P", vec![target(TargetKind::Total { n: 1.0 })]),
            promise("T", vec![target(TargetKind::Text)]),
        ],
    );
    let r = run(&a, &rows(&[]), year(2023), d(2023, 12, 31));
    assert_eq!(r.promises[0].status, Status::NoData);
    assert_eq!(r.promises[1].status, Status::ReportedInText);
    assert_eq!(r.promises[1].targets[0].required, None);
}

#[test]
fn in_progress_is_paced_by_elapsed_days() {
    let a = agreement(
        year(2023),
        vec![promise(
            "P",
            vec![target(TargetKind::AtLeastPer {
                n: 4.0,
                per: Period::Year,
            })],
        )],
    );
    let r = run(
        &a,
        &rows(&[(d(2023, 2, 1), "P", 1), (d(2023, 8, 1), "P", 1)]),
        year(2023),
        d(2023, 6, 30),
    );
    let t = &r.promises[0].targets[0];
    assert_eq!(r.promises[0].status, Status::InProgress);
    let pace = t.pace.as_ref().unwrap();
    assert_eq!(pace.elapsed_days, 181);
    assert_eq!(pace.achieved_so_far, 1.0);
    assert!(!pace.on_track, "1 < 4 × 181/365");
    assert_eq!(r.data_quality.rows_after_as_of, 1);
}

/// Regression: 1 done against 12 × 31/365 = 1,02 expected was "1 väntat
/// hittills, efter plan": the pace is judged on the expectation shown.
#[test]
fn pace_behind_when_shown_expectation_equals_done() {
    let a = agreement(
        year(2023),
        vec![promise("P", vec![target(TargetKind::Total { n: 12.0 })])],
    );
    let r = run(
        &a,
        &rows(&[(d(2023, 1, 9), "P", 1)]),
        year(2023),
        d(2023, 1, 31),
    );
    let pace = r.promises[0].targets[0].pace.as_ref().unwrap();
    assert!(pace.expected_so_far > 1.0 && pace.expected_so_far < 1.05);
    assert!(pace.on_track, "1 done, 1,0 expected as shown");
    let r = run(
        &a,
        &rows(&[(d(2023, 1, 9), "P", 1)]),
        year(2023),
        d(2023, 2, 28),
    );
    let pace = r.promises[0].targets[0].pace.as_ref().unwrap();
    assert!(!pace.on_track, "1 done, 1,9 expected");
}

#[test]
fn several_targets_and_a_target_changed_on_1_july() {
    let mut before = target(TargetKind::AtLeastPer {
        n: 2.0,
        per: Period::Month,
    });
    before.valid = Some(range(d(2023, 1, 1), d(2023, 6, 30)));
    let mut after = target(TargetKind::AtLeastPer {
        n: 4.0,
        per: Period::Month,
    });
    after.valid = Some(range(d(2023, 7, 1), d(2023, 12, 31)));
    let a = agreement(year(2023), vec![promise("P", vec![before, after])]);
    let list: Vec<(NaiveDate, &str, u32)> = (1..=12).map(|m| (d(2023, m, 10), "P", 2)).collect();
    let r = run(&a, &rows(&list), year(2023), d(2023, 12, 31));
    let p = &r.promises[0];
    assert_eq!(p.targets[0].status, Status::Met);
    assert_eq!(p.targets[0].intervals.len(), 6);
    // 2 of 4 each month after July: every month part met.
    assert_eq!(p.targets[1].status, Status::PartlyMet);
    assert_eq!(p.targets[1].intervals[0].from, d(2023, 7, 1));
    assert_eq!(p.status, Status::PartlyMet);
}

#[test]
fn a_promise_outside_its_dates_is_not_applicable() {
    let mut p = promise("P", vec![target(TargetKind::Total { n: 1.0 })]);
    p.valid = Some(range(d(2022, 7, 1), d(2022, 12, 31)));
    let a = agreement(range(d(2022, 1, 1), d(2023, 12, 31)), vec![p]);
    let r = run(&a, &rows(&[]), year(2023), d(2023, 12, 31));
    assert_eq!(r.promises[0].status, Status::NotApplicable);
    assert_eq!(r.summary.not_applicable, 1);
}

/// Regression: a promise in force from 1 July named the spring's rows in
/// "Utfört av" and among the rows counted, though its target counted
/// only the autumn's. They are now not counted, each with a warning.
#[test]
fn utfort_av_counted_rows_before_promise_fran() {
    let mut p = promise("P", vec![target(TargetKind::Total { n: 2.0 })]);
    p.valid = Some(range(d(2023, 7, 1), d(2023, 12, 31)));
    let a = agreement(year(2023), vec![p]);
    let mut i = rows(&[
        (d(2023, 2, 1), "P", 1),
        (d(2023, 3, 1), "P", 1),
        (d(2023, 8, 1), "P", 1),
    ]);
    for a in &mut i.activities {
        a.set_text(TextField::Responsible, Some("Polisen"));
    }
    let r = run(&a, &i, year(2023), d(2023, 12, 31));
    let p = &r.promises[0];
    assert_eq!(p.targets[0].total, 1.0);
    assert_eq!(p.rows_counted, 1);
    assert_eq!(p.contributions.police, 1);
    assert_eq!(r.data_quality.rows_counted, 1);
    let outside: Vec<String> = r
        .data_quality
        .warnings
        .iter()
        .filter(|w| w.code == Code::OutsidePromiseDates)
        .filter_map(|w| w.location.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(outside, ["logg.csv, line 2", "logg.csv, line 3"]);
}

#[test]
fn joint_promises_count_only_rows_with_both_parties() {
    let mut p = promise("P", vec![target(TargetKind::Total { n: 2.0 })]);
    p.matching.joint = true;
    let a = agreement(year(2023), vec![p]);
    let mut i = rows(&[
        (d(2023, 3, 1), "P", 1),
        (d(2023, 4, 1), "P", 1),
        (d(2023, 5, 1), "P", 1),
    ]);
    i.activities[0].set_text(TextField::Responsible, Some("Polis, Kommun"));
    i.activities[1].set_text(TextField::Responsible, Some("Gemensamt"));
    i.activities[2].set_text(TextField::Responsible, Some("Polisen"));
    let r = run(&a, &i, year(2023), d(2023, 12, 31));
    assert_eq!(r.promises[0].targets[0].total, 2.0);
    assert_eq!(r.data_quality.missing_partner.len(), 1);
    assert_eq!(r.data_quality.missing_partner[0].row.row, 4);
    assert_eq!(r.promises[0].contributions.police, 1);
    assert_eq!(r.promises[0].contributions.joint, 2);
}

#[test]
fn quantities_trends_and_baselines() {
    let mut grams = target(TargetKind::Trend {
        direction: Direction::Increase,
        baseline: None,
    });
    grams.quantity = Some("Beslag (g)".to_owned());
    let reports = target(TargetKind::Trend {
        direction: Direction::Increase,
        baseline: Some(Baseline {
            value: 23.0,
            period: Some("2018".to_owned()),
            source: Some("BRÅ".to_owned()),
        }),
    });
    let a = agreement(
        range(d(2019, 1, 1), d(2020, 12, 31)),
        vec![promise("P", vec![grams, reports])],
    );
    let mut i = rows(&[
        (d(2019, 5, 1), "P", 10),
        (d(2019, 6, 1), "P", 20),
        (d(2020, 5, 1), "P", 20),
    ]);
    for (a, g) in i.activities.iter_mut().zip([100.0, 50.5, 120.0]) {
        a.extra.push(ExtraValue {
            header: "Beslag (g)".into(),
            text: g.to_string(),
            number: Some(g),
            column: 6,
            merged: false,
        });
    }
    let r = run(&a, &i, a.period, a.period.to);
    let g = &r.promises[0].targets[0];
    // 2019: 150.5 g (no previous year in the log: not judged); 2020: 120 < 150.5.
    assert_eq!(g.intervals[0].achieved, 150.5);
    assert_eq!(g.intervals[0].met, None);
    assert_eq!(g.intervals[1].met, Some(false));
    let reports = &r.promises[0].targets[1];
    // 2019: 30 > 23 (baseline); 2020: 20 < 30.
    assert_eq!(reports.intervals[0].required, Some(23.0));
    assert_eq!(reports.intervals[0].met, Some(true));
    assert_eq!(reports.intervals[1].met, Some(false));
    assert_eq!(reports.status, Status::PartlyMet);

    // Over 2019 alone the grams have no earlier year to compare with: that
    // target is not judged and says nothing about the promise, which
    // follows the reports (30 > 23): met.
    let r = run(&a, &i, year(2019), d(2019, 12, 31));
    assert_eq!(r.promises[0].targets[0].status, Status::ReportedInText);
    assert_eq!(r.promises[0].targets[1].status, Status::Met);
    assert_eq!(r.promises[0].status, Status::Met);

    // Over 2020 alone the reports are compared with 2019 in the log (30),
    // not with the baseline, which stands for the year before the
    // agreement: 20 < 30.
    let r = run(&a, &i, year(2020), d(2020, 12, 31));
    let reports = &r.promises[0].targets[1];
    assert_eq!(reports.intervals[0].required, Some(30.0));
    assert_eq!(reports.status, Status::NotMet);
}

#[test]
fn any_of_activity_types_and_per_place() {
    let mut p = promise(
        "P",
        vec![target(TargetKind::PerPlace {
            n: 1.0,
            per: None,
            places: vec!["Coop".to_owned(), "Ica".to_owned(), "Max".to_owned()],
            place_valid: Default::default(),
        })],
    );
    p.matching.activities = vec!["Tobakstillsyn".to_owned(), "Tillsyn".to_owned()];
    let a = agreement(year(2023), vec![p]);
    let mut i = rows(&[
        (d(2023, 3, 1), "", 1),
        (d(2023, 4, 1), "", 1),
        (d(2023, 5, 1), "", 1),
    ]);
    for (a, (kind, place)) in i.activities.iter_mut().zip([
        ("tobakstillsyn", "Coop"),
        ("Tillsyn", "ICA"),
        ("Fotpatrull", "Max"),
    ]) {
        a.set_text(TextField::Promise, None);
        a.set_text(TextField::Activity, Some(kind));
        a.set_text(TextField::Place, Some(place));
    }
    let r = run(&a, &i, year(2023), d(2023, 12, 31));
    let t = &r.promises[0].targets[0];
    assert_eq!(t.missed_places, vec!["Max".to_owned()]);
    assert_eq!((t.required, t.achieved), (Some(3.0), 2.0));
    assert_eq!(r.data_quality.unmatched.len(), 1);
}

#[test]
fn daily_share_of_days() {
    let window = range(d(2023, 3, 1), d(2023, 3, 10));
    let a = agreement(
        window,
        vec![promise(
            "P",
            vec![target(TargetKind::Share {
                share: 1.0,
                unit: ShareUnit::Day,
            })],
        )],
    );
    let list: Vec<(NaiveDate, &str, u32)> = (1..=6).map(|day| (d(2023, 3, day), "P", 1)).collect();
    let r = run(&a, &rows(&list), window, window.to);
    let t = &r.promises[0].targets[0];
    assert_eq!(t.achieved, 0.6);
    assert_eq!(t.status, Status::PartlyMet);
}

#[test]
fn unknown_promise_id_is_an_error_at_its_cell_with_a_suggestion() {
    let a = agreement(
        year(2023),
        vec![promise("K3", vec![target(TargetKind::Total { n: 1.0 })])],
    );
    let e = evaluate(
        &a,
        rows(&[(d(2023, 1, 1), "k4", 1)]),
        year(2023),
        d(2023, 12, 31),
    );
    let error = e.problems().find(|d| d.is_error()).unwrap();
    assert_eq!(error.code, Code::UnknownPromise);
    assert_eq!(
        error.location.as_ref().unwrap().to_string(),
        "logg.csv, line 2, column B"
    );
    assert_eq!(error.hint.as_deref(), Some("did you mean K3?"));
    assert_eq!(error.suggestion_text(), Some("K3"));
}

/// Regression: "K1 (trafik)" and "Löfte K1" in a Löfte cell were refused
/// as unknown ids with no hint that K1 was meant.
#[test]
fn an_id_written_among_other_words_is_suggested() {
    let a = agreement(
        year(2023),
        vec![
            promise("K1", vec![target(TargetKind::Total { n: 1.0 })]),
            promise("K2", vec![target(TargetKind::Total { n: 1.0 })]),
        ],
    );
    let hints = |cell: &str| {
        let e = evaluate(
            &a,
            rows(&[(d(2023, 1, 1), cell, 1)]),
            year(2023),
            d(2023, 12, 31),
        );
        let error = e.problems().find(|d| d.is_error()).unwrap();
        assert_eq!(error.code, Code::UnknownPromise);
        error.suggestion_text().map(str::to_owned)
    };
    assert_eq!(hints("K1 (trafik)").as_deref(), Some("K1"));
    assert_eq!(hints("Löfte k2").as_deref(), Some("K2"));
    // Two ids, or none: no guess.
    assert_eq!(hints("K1 eller K2 (trafik)"), None);
    assert_eq!(hints("Trafikinsats vid skolan"), None);
}

fn prop_agreement() -> Agreement {
    agreement(
        range(d(2022, 1, 1), d(2023, 12, 31)),
        vec![
            promise(
                "A",
                vec![target(TargetKind::AtLeastPer {
                    n: 3.0,
                    per: Period::Month,
                })],
            ),
            promise(
                "B",
                vec![
                    target(TargetKind::Average {
                        n: 2.0,
                        per: Period::Week,
                    }),
                    target(TargetKind::Total { n: 50.0 }),
                ],
            ),
            promise(
                "C",
                vec![target(TargetKind::EveryN {
                    n: 1.0,
                    every: 3,
                    per: Period::Week,
                })],
            ),
        ],
    )
}

fn achieved(r: &Results) -> Vec<f64> {
    r.promises
        .iter()
        .flat_map(|p| p.targets.iter().map(|t| t.total))
        .collect()
}

fn arb_rows() -> impl Strategy<Value = Vec<(i64, usize, u32)>> {
    proptest::collection::vec((0i64..760, 0usize..3, 0u32..5), 0..60)
}

fn build(list: &[(i64, usize, u32)]) -> Ingested {
    let ids = ["A", "B", "C"];
    let base = d(2021, 12, 1);
    rows(
        &list
            .iter()
            .map(|(day, p, c)| (base + chrono::Duration::days(*day), ids[*p], *c))
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #[test]
    fn adding_a_matching_row_never_lowers_a_figure(list in arb_rows(), day in 0i64..760, p in 0usize..3, c in 0u32..5) {
        let a = prop_agreement();
        let before = run(&a, &build(&list), a.period, a.period.to);
        let mut more = list.clone();
        more.push((day, p, c));
        let after = run(&a, &build(&more), a.period, a.period.to);
        for (x, y) in achieved(&before).iter().zip(achieved(&after)) {
            prop_assert!(y >= *x);
        }
    }

    #[test]
    fn moving_a_row_outside_the_window_never_raises_a_figure(list in arb_rows(), which in 0usize..60) {
        prop_assume!(!list.is_empty());
        let a = prop_agreement();
        let before = run(&a, &build(&list), a.period, a.period.to);
        let mut moved = list.clone();
        let i = which % moved.len();
        moved[i].0 = 800;
        let after = run(&a, &build(&moved), a.period, a.period.to);
        for (x, y) in achieved(&before).iter().zip(achieved(&after)) {
            prop_assert!(y <= *x);
        }
    }

    #[test]
    fn order_and_splitting_across_files_do_not_matter(list in arb_rows(), seed in 0usize..1000) {
        let a = prop_agreement();
        let plain = run(&a, &build(&list), a.period, a.period.to);
        let mut shuffled = build(&list);
        let n = shuffled.activities.len();
        if n > 1 {
            shuffled.activities.rotate_left(seed % n);
            shuffled.activities.reverse();
        }
        for (i, act) in shuffled.activities.iter_mut().enumerate() {
            if i % 2 == 0 {
                std::sync::Arc::make_mut(&mut act.source).file = "kommunen.csv".into();
            }
        }
        let other = run(&a, &shuffled, a.period, a.period.to);
        for (p, q) in plain.promises.iter().zip(&other.promises) {
            prop_assert_eq!(p.status, q.status);
            for (s, t) in p.targets.iter().zip(&q.targets) {
                prop_assert_eq!(s.total, t.total);
                prop_assert_eq!(s.achieved, t.achieved);
                prop_assert_eq!(&s.intervals, &t.intervals);
            }
        }
    }
}

#[test]
fn a_joint_event_in_two_logs_counts_once_and_two_in_one_log_count_twice() {
    let mut p = promise("P", vec![target(TargetKind::Total { n: 1.0 })]);
    p.matching.joint = true;
    let a = agreement(year(2023), vec![p]);
    let mut i = rows(&[
        (d(2023, 3, 1), "P", 1),
        (d(2023, 3, 1), "P", 2),
        (d(2023, 4, 1), "P", 1),
        (d(2023, 4, 1), "P", 1),
        (d(2023, 5, 1), "P", 1),
    ]);
    let who = ["Polisen", "Kommunen", "Gemensamt", "Gemensamt", "Polisen"];
    let logs = [
        "polisen.csv",
        "kommunen.csv",
        "polisen.csv",
        "polisen.csv",
        "kommunen.csv",
    ];
    for (row, (w, f)) in i.activities.iter_mut().zip(who.iter().zip(logs)) {
        row.set_text(TextField::Responsible, Some(*w));
        std::sync::Arc::make_mut(&mut row.source).file = crate::ingest::Text::from(f);
    }
    let r = run(&a, &i, year(2023), d(2023, 12, 31));
    // 1 March: the police's row and the municipality's are one joint
    // event, counted as many times as both logs give it (the police's 1,
    // not the municipality's 2: its second walk shows no police); 1 April:
    // two walks in one log.
    assert_eq!(r.promises[0].targets[0].total, 3.0);
    assert_eq!(r.promises[0].rows_counted, 3);
    assert_eq!(r.data_quality.logged_by_both.len(), 1);
    assert_eq!(
        &*r.data_quality.logged_by_both[0].counted.file,
        "polisen.csv"
    );
    assert_eq!(r.data_quality.missing_partner.len(), 1);
    assert_eq!(r.promises[0].contributions.joint, 3);
    assert_eq!(r.promises[0].contributions.police, 1);
}

#[test]
fn sla_samman_false_counts_each_joint_row() {
    let mut p = promise("P", vec![target(TargetKind::Total { n: 1.0 })]);
    p.matching.joint = true;
    p.matching.merge_logs = false;
    let a = agreement(year(2023), vec![p]);
    let mut i = rows(&[(d(2023, 3, 1), "P", 1), (d(2023, 3, 1), "P", 1)]);
    for (row, f) in i.activities.iter_mut().zip(["polisen.csv", "kommunen.csv"]) {
        row.set_text(TextField::Responsible, Some("Gemensamt"));
        std::sync::Arc::make_mut(&mut row.source).file = crate::ingest::Text::from(f);
    }
    let r = run(&a, &i, year(2023), d(2023, 12, 31));
    assert_eq!(r.promises[0].targets[0].total, 2.0);
    assert!(r.data_quality.logged_by_both.is_empty());
}

/// One police row of Antal 2 (two walks) and the municipality's two rows
/// of one walk each were three walks: the first rows paired, the second
/// municipality row counted again.
#[test]
fn a_joint_row_of_antal_2_takes_both_rows_of_the_other_log() {
    let mut p = promise("P", vec![target(TargetKind::Total { n: 1.0 })]);
    p.matching.joint = true;
    let a = agreement(year(2023), vec![p]);
    type Day<'s> = &'s [(&'s str, u32, &'s str)];
    let cases: &[(Day, f64, usize)] = &[
        // (log, Antal, Ansvarig) of one day; the walks; the events merged.
        (
            &[
                ("p", 2, "Polisen"),
                ("k", 1, "Kommunen"),
                ("k", 1, "Kommunen"),
            ],
            2.0,
            1,
        ),
        (
            &[
                ("p", 1, "Polisen"),
                ("p", 1, "Polisen"),
                ("k", 2, "Kommunen"),
            ],
            2.0,
            1,
        ),
        (
            &[
                ("p", 2, "Polisen"),
                ("p", 1, "Polisen"),
                ("k", 1, "Kommunen"),
                ("k", 1, "Kommunen"),
                ("k", 1, "Kommunen"),
            ],
            3.0,
            2,
        ),
        // More than the larger row holds stays an event of its own.
        (
            &[
                ("p", 1, "Polisen"),
                ("k", 1, "Kommunen"),
                ("k", 1, "Gemensamt"),
            ],
            2.0,
            1,
        ),
    ];
    for (day, walks, merged) in cases {
        let mut i = rows(
            &day.iter()
                .map(|(_, n, _)| (d(2023, 3, 1), "P", *n))
                .collect::<Vec<_>>(),
        );
        for (row, (log, _, who)) in i.activities.iter_mut().zip(day.iter()) {
            row.set_text(TextField::Responsible, Some(who));
            std::sync::Arc::make_mut(&mut row.source).file =
                crate::ingest::Text::from(format!("{log}.csv").as_str());
        }
        let r = run(&a, &i, year(2023), d(2023, 12, 31));
        assert_eq!(r.promises[0].targets[0].total, *walks, "{day:?}");
        assert_eq!(r.data_quality.logged_by_both.len(), *merged, "{day:?}");
    }
}
