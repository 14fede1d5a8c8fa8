//! Who took part: the parties an Ansvarig/Deltagare cell names, and joint
//! events logged by both parties.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::agreement::{Party, PartyWords};
use crate::ingest::Activity;

use super::matching::KnownParties;

/// Words that name both parties at once.
const BOTH: [&str; 3] = ["gemensam", "tillsammans", "båda"];

/// Beginnings of words that name the municipality or one of its services
/// ("kommunen", "socialtjänsten", "skolan", "fritidsgården" …), and the
/// stadsdelsförvaltning that is the partner in a city district.
const MUNICIPAL: [&str; 18] = [
    "samhällsbyggnad",
    "elevhälsa",
    "kommun",
    "socialtjänst",
    "soc",
    "ifo",
    "skol",
    "fritid",
    "fält",
    "samordnare",
    "strateg",
    "brå",
    "ungdom",
    "stadsdel",
    "räddningstjänst",
    "kurator",
    "rektor",
    "förvaltning",
];

/// Endings of compound words naming a municipal role
/// ("trygghetssamordnaren", "folkhälsostrategen", "skolkuratorn").
const MUNICIPAL_ENDINGS: [&str; 10] = [
    "förvaltningen",
    "förvaltning",
    "samordnare",
    "samordnaren",
    "strateg",
    "strategen",
    "kurator",
    "kuratorn",
    "sekreterare",
    "sekreteraren",
];

/// The police's words for itself that hold no "polis": the local police
/// area ("LPO Kalix").
const POLICE_WORDS: [&str; 2] = ["lpo", "lpo:n"];

/// Beginnings of words naming a state agency or the region, neither party:
/// "Skolinspektionen" and "Socialstyrelsen" begin like a municipal
/// service, and the roles of a cell naming one ("Region Norrbottens
/// folkhälsostrateg", "Länsstyrelsens samordnare") are theirs.
const NEITHER: [&str; 11] = [
    "skolinspektion",
    "skolverk",
    "socialstyrelse",
    "länsstyrelse",
    "region",
    "försäkringskassa",
    "arbetsförmedling",
    "kriminalvård",
    "migrationsverk",
    "trafikverk",
    "tullverk",
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Which parties an Ansvarig/Deltagare cell names, read word by word: a
/// word holding "polis" is the police ("Kommunpolis", "kommunpolisen i
/// Kalix", "närpolisen"), whatever else it holds; a word beginning like
/// the municipality or one of its services is the municipality
/// ("kommunen", "socialtjänsten", "skolan", "Brå-samordnare"); "gemensamt",
/// "tillsammans" and "båda" name both. `local` adds the promise file's own
/// words for each party, matched as whole words.
pub fn parties_with(cell: &str, local: &PartyWords) -> BTreeSet<Party> {
    let have = words(cell);
    let mut out = BTreeSet::new();
    // The promise file's words decide for the words they cover: a group
    // it names as the police's ("Ungdomsgruppen") is not the municipality
    // for beginning like one of its services.
    let mut covered = vec![false; have.len()];
    for (party, list) in [
        (Party::Police, &local.police),
        (Party::Municipality, &local.municipality),
    ] {
        for phrase in list.iter().map(|w| words(w)).filter(|p| !p.is_empty()) {
            for start in 0..have.len().saturating_sub(phrase.len() - 1) {
                if have[start..start + phrase.len()] == phrase[..] {
                    out.insert(party);
                    covered[start..start + phrase.len()].fill(true);
                }
            }
        }
    }
    let is_agency = |w: &String| NEITHER.iter().any(|n| w.starts_with(n));
    for (k, word) in have.iter().enumerate() {
        if covered[k] || is_agency(word) {
            continue;
        }
        // A role right after an agency or the region ("Länsstyrelsens
        // samordnare", "Region Norrbottens folkhälsostrateg") is theirs;
        // elsewhere in the cell ("trygghetssamordnaren, Länsstyrelsen")
        // the municipality's.
        let agency = (k >= 1 && is_agency(&have[k - 1]))
            || (k >= 2 && is_agency(&have[k - 2]) && have[k - 1].ends_with('s'));
        // What follows "polisens" is the police's own ("Polisens
        // ungdomsgrupp", "polisens samordnare").
        let polices = k > 0 && have[k - 1].ends_with("polisens");
        if BOTH.iter().any(|b| word.starts_with(b)) {
            out.insert(Party::Police);
            out.insert(Party::Municipality);
        } else if word.contains("polis") || polices || POLICE_WORDS.contains(&word.as_str()) {
            out.insert(Party::Police);
        } else if agency && MUNICIPAL_ENDINGS.iter().any(|m| word.ends_with(m)) {
            // A role of the agency's or the region's.
        } else if MUNICIPAL.iter().any(|m| word.starts_with(m))
            || MUNICIPAL_ENDINGS.iter().any(|m| word.ends_with(m))
        {
            out.insert(Party::Municipality);
        }
    }
    out
}

/// A joint event that both parties logged, each in their own log: the row
/// counted and the rows counted in it.
#[derive(Debug)]
pub struct Merged<'a> {
    /// The row that stands for the event.
    pub kept: &'a Activity,
    /// The other parties' rows of the same event.
    pub also: Vec<&'a Activity>,
}

/// The rows of a joint promise sorted into events.
#[derive(Debug, Default)]
pub struct JointRows<'a> {
    /// One row per event that shows both parties.
    pub counted: Vec<&'a Activity>,
    /// Rows whose event shows only one party.
    pub lacking: Vec<&'a Activity>,
    /// Events logged in more than one log, counted once.
    pub merged: Vec<Merged<'a>>,
}

/// Which log a row is in, for pairing the rows of one event: its file and
/// sheet, and in a log both parties write in, the party that wrote it.
type LogKey<'s> = (&'s str, Option<&'s str>, Option<Party>);

/// Beginnings of headers naming who wrote a row ("Loggad av", "Inlagd
/// av", "Registrerad av"), which end with "av" (or "by").
const WRITTEN_BY: [&str; 12] = [
    "logg",
    "inlag",
    "registrer",
    "rapporter",
    "ifyll",
    "skriv",
    "anteckn",
    "inmata",
    "logged",
    "entered",
    "reported",
    "written",
];

/// Whole headers naming who wrote a row.
const WRITER_HEADERS: [&str; 7] = [
    "organisation",
    "organization",
    "myndighet",
    "rapportör",
    "uppgiftslämnare",
    "källa",
    "loggförare",
];

/// Whether a column headed `header` says who wrote each row: "Loggad
/// av", "Inlagd av", "Organisation" (the party, in a log both parties
/// write in).
fn names_writer(header: &str) -> bool {
    let h = words(header);
    match h.as_slice() {
        [one] => WRITER_HEADERS.contains(&one.as_str()),
        [first, .., last] => {
            (last == "av" || last == "by") && WRITTEN_BY.iter().any(|w| first.starts_with(w))
        }
        [] => false,
    }
}

/// The one party that wrote `a`: the party its "Loggad av" (or alike)
/// column names. An Ansvarig/Deltagare cell says who did the activity, not
/// who wrote the row: in the usual log of both parties' work, the police's
/// walk and the municipality's on one day are two walks, and a log whose
/// rows each name one party there was read as kept by both, pairing them
/// (or refusing them as one walk logged twice).
fn writer<'a>(a: &'a Activity, parties: &mut KnownParties<'a, '_>) -> Option<Party> {
    let one = |set: &BTreeSet<Party>| {
        let mut it = set.iter();
        match (it.next(), it.next()) {
            (Some(p), None) => Some(*p),
            _ => None,
        }
    };
    let cell = a.extra.iter().find(|e| names_writer(&e.header))?;
    one(parties.of(cell.text.as_str()))
}

/// The log of each row of `rows`, for pairing: its file and sheet, and in
/// a log (file and sheet) that holds rows written by the police and rows
/// written by the municipality — one log both keep, with "Polisen" and
/// "Kommunen" in a "Loggad av" (or alike) column — the
/// party that wrote the row, so the two parties' rows of one walk there
/// pair as rows of two logs do. A log only one party writes in keeps its
/// rows apart: its rows are separate events.
fn log_keys<'a>(rows: &[&'a Activity], parties: &mut KnownParties<'a, '_>) -> Vec<LogKey<'a>> {
    let writers: Vec<Option<Party>> = rows.iter().map(|a| writer(a, parties)).collect();
    // Each log (file and sheet) with the parties that wrote in it.
    type Writers<'s> = ((&'s str, Option<&'s str>), BTreeSet<Party>);
    let mut seen: Vec<Writers<'a>> = Vec::new();
    for (a, w) in rows.iter().zip(&writers) {
        let log = (a.source.file.as_ref(), a.source.sheet.as_deref());
        let k = match seen.iter().rposition(|(l, _)| *l == log) {
            Some(k) => k,
            None => {
                seen.push((log, BTreeSet::new()));
                seen.len() - 1
            }
        };
        seen[k].1.extend(*w);
    }
    rows.iter()
        .zip(writers)
        .map(|(a, w)| {
            let log = (a.source.file.as_ref(), a.source.sheet.as_deref());
            let shared = seen.iter().any(|(l, who)| *l == log && who.len() == 2);
            (log.0, log.1, if shared { w } else { None })
        })
        .collect()
}

/// Sorts the rows of a joint promise into events. Rows of the same date in
/// different logs (files or sheets, or the rows each party wrote in a log
/// both keep: [`log_keys`]) are the same event logged by each party: the
/// first row of each log on a day pairs with the first row of every other
/// log on that day, the second with the second, and so on. Rows that say
/// as much as each other (a time of day on both or neither, a Plats on
/// both or neither) pair first, so a row without a time does not take the
/// 10:15 row that the other log's 10:00 row is the same walk as. A row of
/// Antal 2 or more also takes the rows after the other logs' row while
/// their Antal together stays within its own (one police row of 2 walks,
/// two municipality rows of one walk each: two walks, not three). An event
/// counts once when its rows together show both parties: by the largest
/// Antal of a row showing both, or as many as every log gives. Rows in the
/// same log are separate events.
///
/// With `merge` false every row is an event of its own (`slå_samman =
/// false` in the promise file): both parties held separate joint events.
/// `parties` reads each Ansvarig text once ([`parties_with`] with the
/// promise file's own words).
pub fn joint_events<'a>(
    rows: &[&'a Activity],
    parties: &mut KnownParties<'a, '_>,
    merge: bool,
) -> JointRows<'a> {
    if !merge {
        let (counted, lacking) = rows
            .iter()
            .partition(|a| a.responsible().is_some_and(|c| parties.of(c).len() == 2));
        return JointRows {
            counted,
            lacking,
            merged: Vec::new(),
        };
    }
    // Row indices by day, then by log, each in the logs' order: one pass,
    // so a long log costs no more than its rows.
    let keys = log_keys(rows, parties);
    let mut days: BTreeMap<NaiveDate, Vec<(LogKey<'a>, Vec<usize>)>> = BTreeMap::new();
    for (i, (a, log)) in rows.iter().zip(keys).enumerate() {
        let logs = days.entry(a.date).or_default();
        match logs.iter_mut().find(|(k, _)| *k == log) {
            Some((_, list)) => list.push(i),
            None => logs.push((log, vec![i])),
        }
    }
    let mut sorted = Sorted::default();
    for logs in days.values() {
        // The rows of each log not yet in an event, in order.
        let mut left: Vec<Left> = logs.iter().map(|(_, l)| Left::new(l)).collect();
        // First the rows that say as much as a row of another log and
        // can be its event; a row with no such partner waits.
        for l0 in 0..left.len() {
            for k in 0..left[l0].rows.len() {
                if left[l0].taken[k] {
                    continue;
                }
                let head = left[l0].rows[k];
                let fits = |i: usize| same_event(rows[head], rows[i]) && alike(rows[head], rows[i]);
                let partner = left
                    .iter()
                    .enumerate()
                    .any(|(l, list)| l != l0 && list.has(fits));
                if partner {
                    left[l0].take_at(k);
                    let event = gather(&mut left, l0, head, rows, fits);
                    sorted.settle(event, rows, parties);
                }
            }
        }
        // Then the rest, each with the first row of each other log that
        // can be the same event.
        while let Some(l0) = left.iter().position(|l| l.any()) {
            // An event begins with the first row left of the first log
            // that has one, and takes the first row of each other log that
            // can be the same event (another activity or place, on the
            // same day, is another event).
            let Some(head) = left[l0].take_first(|_| true, |_| true) else {
                break;
            };
            let event = gather(&mut left, l0, head, rows, |i| {
                same_event(rows[head], rows[i])
            });
            sorted.settle(event, rows, parties);
        }
    }
    let Sorted {
        mut counted,
        mut lacking,
        merged,
    } = sorted;
    counted.sort_unstable();
    lacking.sort_unstable();
    JointRows {
        counted: counted.into_iter().map(|i| rows[i]).collect(),
        lacking: lacking.into_iter().map(|i| rows[i]).collect(),
        merged,
    }
}

/// Whether two rows say as much as each other: a time of day on both or
/// on neither, a Plats on both or on neither, an Aktivitet on both or on
/// neither.
fn alike(a: &Activity, b: &Activity) -> bool {
    let given = |t: Option<&str>| t.is_some_and(|t| !t.trim().is_empty());
    a.time.get().is_some() == b.time.get().is_some()
        && given(a.place()) == given(b.place())
        && given(a.activity()) == given(b.activity())
}

/// The rows of one event: a head row, the log of each row, and each log's
/// Antal in it.
struct Event {
    rows: Vec<usize>,
    logs: Vec<usize>,
    taken: Vec<(usize, u64)>,
}

/// The event that `head` (taken from log `l0`) begins: the first row of
/// each other log that `fits`, then the rows that follow while their
/// log's Antal in the event stays within the largest row's.
fn gather(
    left: &mut [Left],
    l0: usize,
    head: usize,
    rows: &[&Activity],
    fits: impl Fn(usize) -> bool,
) -> Event {
    let mut event = Event {
        rows: vec![head],
        logs: vec![l0],
        taken: vec![(l0, u64::from(rows[head].count))],
    };
    for (l, list) in left.iter_mut().enumerate() {
        if l == l0 {
            continue;
        }
        if let Some(i) = list.take_first(&fits, |_| true) {
            event.rows.push(i);
            event.logs.push(l);
            event.taken.push((l, u64::from(rows[i].count)));
        }
    }
    // A row of Antal 2 in one log is two events, which the other log may
    // give a row each: the rows that follow join the event while their
    // log's Antal in it stays within the largest row's.
    let most = event
        .rows
        .iter()
        .map(|i| u64::from(rows[*i].count))
        .max()
        .unwrap_or(0);
    for (l, sum) in &mut event.taken {
        while let Some(i) = left[*l].take_first(&fits, |i| *sum + u64::from(rows[i].count) <= most)
        {
            *sum += u64::from(rows[i].count);
            event.rows.push(i);
            event.logs.push(*l);
        }
    }
    event
}

/// Events sorted as they are found: rows counted, rows lacking the
/// partner, and events logged by both parties.
#[derive(Default)]
struct Sorted<'a> {
    counted: Vec<usize>,
    lacking: Vec<usize>,
    merged: Vec<Merged<'a>>,
}

impl<'a> Sorted<'a> {
    /// Counts `event` once when its rows together show both parties.
    fn settle(&mut self, event: Event, rows: &[&'a Activity], parties: &mut KnownParties<'a, '_>) {
        let Event {
            rows: event,
            logs: event_log,
            taken,
        } = event;
        let mut who: BTreeSet<Party> = BTreeSet::new();
        for c in event.iter().filter_map(|i| rows[*i].responsible()) {
            who.extend(parties.of(c).iter().copied());
        }
        if who.len() < 2 {
            self.lacking.extend(&event);
            return;
        }
        // What the event counts: the largest Antal of a row showing
        // both parties; where rows show one party each, only as many
        // as every log gives (the police's "1 walk" and the
        // municipality's "3 walks" of that day are one joint walk).
        let names_both = |i: &usize| {
            rows[*i]
                .responsible()
                .is_some_and(|c| parties.of(c).len() >= 2)
        };
        let claimed = event.iter().copied().filter(names_both).reduce(|best, i| {
            if rows[i].count > rows[best].count {
                i
            } else {
                best
            }
        });
        let claimed_count = claimed.map_or(0, |i| u64::from(rows[i].count));
        let least = taken
            .iter()
            .min_by_key(|(_, sum)| *sum)
            .filter(|(_, sum)| *sum > claimed_count);
        let kept: Vec<usize> = match (least, claimed) {
            (Some((l, _)), _) => event
                .iter()
                .zip(&event_log)
                .filter(|(_, k)| *k == l)
                .map(|(i, _)| *i)
                .collect(),
            (None, Some(i)) => vec![i],
            (None, None) => Vec::new(),
        };
        let Some(&first) = kept.first() else {
            return;
        };
        self.counted.extend(&kept);
        if event.len() > kept.len() {
            self.merged.push(Merged {
                kept: rows[first],
                also: event
                    .iter()
                    .filter(|i| !kept.contains(i))
                    .map(|i| rows[*i])
                    .collect(),
            });
        }
    }
}

/// One log's rows of a day not yet in an event: taken rows are marked,
/// not removed, and the first row left is remembered, so a day of
/// thousands of rows in one log is read once.
struct Left {
    rows: Vec<usize>,
    taken: Vec<bool>,
    first: usize,
}

impl Left {
    fn new(rows: &[usize]) -> Self {
        Left {
            rows: rows.to_vec(),
            taken: vec![false; rows.len()],
            first: 0,
        }
    }

    /// Whether a row is left.
    fn any(&self) -> bool {
        self.first < self.rows.len()
    }

    /// Whether a row left `fits`.
    fn has(&self, fits: impl Fn(usize) -> bool) -> bool {
        (self.first..self.rows.len()).any(|k| !self.taken[k] && fits(self.rows[k]))
    }

    /// Takes the `k`th row of the log.
    fn take_at(&mut self, k: usize) {
        self.taken[k] = true;
        while self.first < self.rows.len() && self.taken[self.first] {
            self.first += 1;
        }
    }

    /// Takes the first row left that `fits`, and only if `keeps` it as
    /// well: rows join an event in their log's order.
    fn take_first(
        &mut self,
        fits: impl Fn(usize) -> bool,
        keeps: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let k = (self.first..self.rows.len()).find(|&k| !self.taken[k] && fits(self.rows[k]))?;
        if !keeps(self.rows[k]) {
            return None;
        }
        self.take_at(k);
        Some(self.rows[k])
    }
}

/// Hours apart that two rows' times of day may be and still be one event
/// (one party writes when it began, the other when it met up).
const SAME_EVENT_HOURS: i64 = 3;

/// Whether two rows of one day in different logs can be one event: their
/// Aktivitet and their Plats agree, or one of the two leaves it empty, and
/// their times of day, when both have one, lie within
/// [`SAME_EVENT_HOURS`]. (An afternoon walk at the station and an evening
/// at the school are two events; so are a 10:00 walk and a 19:00 one.)
fn same_event(a: &Activity, b: &Activity) -> bool {
    if let (Some(x), Some(y)) = (a.time.get(), b.time.get())
        && (x - y).num_hours().abs() > SAME_EVENT_HOURS
    {
        return false;
    }
    agree(a.activity(), b.activity(), |t| t.to_lowercase()) && same_place(a, b)
}

/// Whether two texts agree by `key`, or one of them is empty.
fn agree(x: Option<&str>, y: Option<&str>, key: fn(&str) -> String) -> bool {
    match (x.map(str::trim), y.map(str::trim)) {
        (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => x == y || key(x) == key(y),
        _ => true,
    }
}

/// Whether two rows are at the same Plats, or one of them names none.
pub(super) fn same_place(a: &Activity, b: &Activity) -> bool {
    agree(a.place(), b.place(), crate::agreement::place_key)
}

/// For a promise that is not joint: the days on which two logs (files or
/// sheets) each hold a row of it for what can be one event, the two rows
/// together showing both parties, with the first such pair of rows. Each
/// is most likely one joint event logged by each party, and counted
/// twice: the police's "Polisen" and the municipality's "Kommunen" for
/// one walk are that walk twice, as "Polisen, kommunen" and "Kommunen"
/// are.
pub fn logged_twice<'a>(
    rows: &[&'a Activity],
    parties: &mut KnownParties<'a, '_>,
) -> Option<(usize, &'a Activity, &'a Activity)> {
    // One log holds no event twice: most promises are read from one,
    // unless both parties write in it (a column saying who wrote each
    // row).
    let first = rows.first()?;
    let one_log = rows.iter().all(|a| a.same_log(first));
    if one_log && !first.extra.iter().any(|e| names_writer(&e.header)) {
        return None;
    }
    let keys = log_keys(rows, parties);
    if keys.iter().all(|k| *k == keys[0]) {
        return None;
    }
    // Each row naming a party, with the parties it names.
    let mut days: BTreeMap<NaiveDate, Vec<Named<'a>>> = BTreeMap::new();
    for (a, log) in rows.iter().zip(keys) {
        let Some(who) = a.responsible() else {
            continue;
        };
        let named = parties.of(who);
        let police = named.contains(&Party::Police);
        let municipality = named.contains(&Party::Municipality);
        if police || municipality {
            days.entry(a.date).or_default().push(Named {
                log,
                police,
                municipality,
                row: a,
            });
        }
    }
    let mut twice = days.values().filter_map(|day| pair_of_day(day));
    let (first, second) = twice.next()?;
    Some((1 + twice.count(), first, second))
}

/// A row of a promise that is not joint, naming one party or both.
struct Named<'a> {
    log: LogKey<'a>,
    police: bool,
    municipality: bool,
    row: &'a Activity,
}

/// The first two rows of one day, in two logs, that can be one event and
/// together show both parties; in the day's order.
fn pair_of_day<'a>(day: &[Named<'a>]) -> Option<(&'a Activity, &'a Activity)> {
    // A day of one log's rows, or of one party's, holds no such pair;
    // most days are one of them, and are read once.
    let first = day.first()?;
    let one_log = day.iter().all(|n| n.log == first.log);
    let police = day.iter().any(|n| n.police);
    let municipality = day.iter().any(|n| n.municipality);
    if one_log || !police || !municipality {
        return None;
    }
    day.iter().enumerate().find_map(|(k, a)| {
        day[k + 1..]
            .iter()
            .find(|b| {
                b.log != a.log
                    && (a.police || b.police)
                    && (a.municipality || b.municipality)
                    && same_event(a.row, b.row)
            })
            .map(|b| (a.row, b.row))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(cell: &str) -> bool {
        parties_with(cell, &PartyWords::default()).len() == 2
    }

    fn only(cell: &str, party: Party) -> bool {
        parties_with(cell, &PartyWords::default()) == BTreeSet::from([party])
    }

    /// Regression: "LPO Kalix" and "Samhällsbyggnad" named no party, and
    /// Skolinspektionen, Socialstyrelsen and the region's or the county
    /// board's roles were the municipality.
    #[test]
    fn state_agencies_are_not_the_municipality() {
        assert!(only("LPO Kalix", Party::Police));
        assert!(only("Samhällsbyggnad", Party::Municipality));
        assert!(only(
            "Barn- och utbildningsförvaltningen",
            Party::Municipality
        ));
        assert!(only("Elevhälsan", Party::Municipality));
        for cell in [
            "Skolinspektionen",
            "Socialstyrelsen",
            "Region Norrbottens folkhälsostrateg",
            "Länsstyrelsens samordnare",
        ] {
            assert!(
                parties_with(cell, &PartyWords::default()).is_empty(),
                "{cell}"
            );
        }
        assert!(only("Kommunen, Länsstyrelsen", Party::Municipality));
        assert!(both("Polisen, trygghetssamordnaren, Länsstyrelsen"));
        assert!(only("Polisen, Skolverket", Party::Police));
        assert!(both("Polisen, Region Norrbotten, kommunen"));
    }

    #[test]
    fn kommunpolis_is_the_police_alone() {
        assert!(only("Kommunpolis", Party::Police));
        assert!(only("kommunpolisen i Kalix", Party::Police));
        assert!(only("Närpolisen", Party::Police));
        assert!(only("Kalix kommun", Party::Municipality));
        assert!(only("Socialtjänsten", Party::Municipality));
        assert!(only("Brå-samordnare", Party::Municipality));
        assert!(both("Polis, Kommun"));
        assert!(both("Kommunpolis och fritidsgården"));
        assert!(both("Gemensamt"));
        assert!(only("Fältgruppen", Party::Municipality));
        assert!(only("trygghetssamordnaren", Party::Municipality));
        assert!(only("folkhälsostrategen", Party::Municipality));
        assert!(only("Socialsekreterare", Party::Municipality));
        assert!(only("Räddningstjänsten", Party::Municipality));
        assert!(both("Polis + soc"));
        assert!(both("Kommunpolisen, trygghetssamordnaren"));
        assert!(only("Polisens ungdomsgrupp", Party::Police));
        assert!(parties_with("Föreningen", &PartyWords::default()).is_empty());
    }

    #[test]
    fn local_words_name_a_party_as_whole_words() {
        let local = PartyWords {
            police: vec!["Ingripande".to_owned()],
            municipality: vec!["Fältgruppen".to_owned(), "Navet Väst".to_owned()],
        };
        assert_eq!(
            parties_with("Ingripande, Fältgruppen", &local),
            BTreeSet::from([Party::Police, Party::Municipality])
        );
        // Whole words only: "Navet" alone is not the phrase "Navet Väst".
        assert!(parties_with("Navet", &local).is_empty());
        assert!(parties_with("Navets bil", &local).is_empty());
        // A word the promise file gives the police is not the
        // municipality for beginning like one of its services.
        let police_group = PartyWords {
            police: vec!["Ungdomsgruppen".to_owned(), "Fältgruppen".to_owned()],
            municipality: Vec::new(),
        };
        assert_eq!(
            parties_with("Fältgruppen", &police_group),
            BTreeSet::from([Party::Police])
        );
        assert_eq!(
            parties_with("Polisen, ungdomsgruppen", &police_group),
            BTreeSet::from([Party::Police])
        );
        assert_eq!(
            parties_with("Ungdomsgruppen, socialtjänsten", &police_group),
            BTreeSet::from([Party::Police, Party::Municipality])
        );
        assert_eq!(
            parties_with("navet väst", &local),
            BTreeSet::from([Party::Municipality])
        );
    }
}
