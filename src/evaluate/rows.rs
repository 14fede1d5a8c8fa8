//! The activity rows of a report, listed once: every row read, in an order
//! that survives re-sorting the spreadsheet (by place, then content), with
//! where it is. Targets and data quality refer to rows by their index in
//! this list instead of copying them.

use std::path::Path;

use super::{ActivityRow, Row, RowForm};
use crate::ingest::{Activity, LogSheet, Text, TextField, TextId};

impl Row {
    /// Where `a` was read.
    pub fn of(a: &Activity) -> Row {
        Row {
            file: a.source.file.as_str().to_owned(),
            sheet: a.source.sheet.as_deref().map(str::to_owned),
            row: a.row,
        }
    }
}

impl Row {
    /// The row a place string names, as [`ActivityRow::place`] writes it
    /// ("a.xlsx, sheet \"2023\", row 14", "a.csv, line 3").
    pub fn parse_place(place: &str) -> Option<Row> {
        let (file, sheet, row) = super::written::place_parts(place)?;
        Some(Row {
            file: file.to_owned(),
            sheet: sheet.map(str::to_owned),
            row,
        })
    }
}

/// What the rows of one listing share: each distinct text of the log and
/// each file and sheet, held once; a row names them by number.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    texts: Vec<Text>,
    /// File (as given) and sheet.
    sources: Vec<(Text, Option<Text>)>,
    /// The place of each source's rows up to their number ([`prefix`]).
    prefixes: Vec<String>,
}

/// A text of no row (a blank cell).
const NONE: u32 = u32::MAX;

/// A row of a log as the report lists it: its date and count, and the
/// numbers of its texts, file and sheet in the listing's [`Shared`] (48
/// bytes, where the texts themselves were 120).
#[derive(Debug, Clone)]
pub(crate) struct ReadRow {
    shared: std::sync::Arc<Shared>,
    date: chrono::NaiveDate,
    source: u32,
    row: u32,
    /// Löfte, Aktivitet, Plats, Ansvarig.
    texts: [u32; 4],
    count: u64,
}

impl ReadRow {
    fn text(&self, which: usize) -> &str {
        self.texts
            .get(which)
            .filter(|t| **t != NONE)
            .and_then(|t| self.shared.texts.get(*t as usize))
            .map_or("", |t| t.as_ref())
    }

    fn source(&self) -> (&str, Option<&str>) {
        self.shared
            .sources
            .get(self.source as usize)
            .map_or(("", None), |(f, s)| (f.as_ref(), s.as_deref()))
    }

    /// The row as ingest named it: file as given, sheet, 1-based row.
    pub(crate) fn row_key(&self) -> (&str, Option<&str>, u32) {
        let (file, sheet) = self.source();
        (file, sheet, self.row)
    }

    /// What the content is made of.
    fn parts(&self) -> Content<'_> {
        Content {
            date: self.date,
            count: self.count,
            texts: [self.text(0), self.text(1), self.text(2), self.text(3)],
        }
    }

    /// Appends the row's place to `out` ("a.xlsx, sheet \"2023\", row 14",
    /// "a.csv, line 3": the file named without its folders, so reports made
    /// from another folder compare), from the prefix its source was given
    /// once: writing a million rows' places through the formatter,
    /// each finding its file name in its path again, was a third of
    /// writing the results.
    pub(crate) fn push_place(&self, out: &mut String) {
        match self.shared.prefixes.get(self.source as usize) {
            Some(prefix) => out.push_str(prefix),
            None => {
                let (file, sheet) = self.source();
                push_prefix(out, file, sheet);
            }
        }
        push_row(out, self.row);
    }

    /// Appends the row's content to `out` ("2023-04-12 | K2 | 1 |
    /// Trafiksäkerhetsinsats | Centrum | Polisen").
    pub(crate) fn push_content(&self, out: &mut String) {
        self.parts().push_to(out);
    }
}

/// Appends the place of a file's (and sheet's) rows up to their number:
/// "a.xlsx, sheet \"2023\", row ", "a.csv, line ". The one writer of
/// places, with [`push_row`].
fn push_prefix(out: &mut String, file: &str, sheet: Option<&str>) {
    out.push_str(&short(file));
    match sheet {
        Some(sheet) => {
            out.push_str(", sheet \"");
            out.push_str(sheet);
            out.push_str("\", row ");
        }
        None => out.push_str(", line "),
    }
}

/// Appends the number a place shows for `row`.
fn push_row(out: &mut String, row: u32) {
    let mut buf = [0u8; 20];
    push_digits(out, digits(shown_row(row), &mut buf));
}

/// Appends ASCII digits made by [`digits`].
fn push_digits(out: &mut String, digits: &[u8]) {
    out.extend(digits.iter().map(|d| char::from(*d)));
}

/// Appends `date` as its `Display` writes it ("2023-04-12"), without the
/// formatter for the years a log holds.
fn push_date(out: &mut String, date: chrono::NaiveDate) {
    use chrono::Datelike;
    let year = date.year();
    if !(0..=9999).contains(&year) {
        use std::fmt::Write;
        let _ = write!(out, "{date}");
        return;
    }
    let mut buf = [0u8; 20];
    let year = digits(u64::from(year.unsigned_abs()), &mut buf);
    for _ in year.len()..4 {
        out.push('0');
    }
    push_digits(out, year);
    for part in [date.month(), date.day()] {
        out.push('-');
        if part < 10 {
            out.push('0');
        }
        push_digits(out, digits(u64::from(part), &mut buf));
    }
}

/// The file name of `path` without its folders.
pub(super) fn short(path: &str) -> std::borrow::Cow<'_, str> {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.into(), |n| n.to_string_lossy())
}

/// The 1-based number a place shows for `row` (as `Location` does).
fn shown_row(row: u32) -> u64 {
    u64::from(row.saturating_sub(1)) + 1
}

struct Content<'a> {
    date: chrono::NaiveDate,
    count: u64,
    /// Löfte, Aktivitet, Plats, Ansvarig.
    texts: [&'a str; 4],
}

impl<'a> Content<'a> {
    fn of(a: &'a Activity) -> Self {
        Content {
            date: a.date,
            count: u64::from(a.count),
            texts: [
                a.promise().unwrap_or_default(),
                a.activity().unwrap_or_default(),
                a.place().unwrap_or_default(),
                a.responsible().unwrap_or_default(),
            ],
        }
    }
}

impl Content<'_> {
    /// Appends "2023-04-12 | K2 | 1 | Trafiksäkerhetsinsats | Centrum |
    /// Polisen": the one writer of contents.
    fn push_to(&self, out: &mut String) {
        let [promise, activity, place, responsible] = self.texts;
        push_date(out, self.date);
        out.push_str(" | ");
        out.push_str(promise);
        out.push_str(" | ");
        let mut buf = [0u8; 20];
        push_digits(out, digits(self.count, &mut buf));
        for text in [activity, place, responsible] {
            out.push_str(" | ");
            out.push_str(text);
        }
    }
}

impl std::fmt::Display for Content<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        self.push_to(&mut out);
        f.write_str(&out)
    }
}

/// A text field as the content shows it: empty when blank.
/// The place of every row of one file and sheet up to its number
/// ("a.xlsx, sheet \"2023\", row "), made once per file and sheet.
fn prefix(r: &LogSheet) -> String {
    let mut out = String::new();
    push_prefix(&mut out, &r.file, r.sheet.as_deref());
    out
}

/// Two row numbers compared as the texts they are written as ("10"
/// before "9"), without writing them: this is asked some twenty times a
/// row when a million rows are put in order. The shorter is scaled to the
/// longer's number of digits; equal then, the shorter comes first, as a
/// text that is the start of another does.
fn as_text(a: u64, b: u64) -> std::cmp::Ordering {
    let width = |n: u64| n.checked_ilog10().unwrap_or(0);
    let (wa, wb) = (width(a), width(b));
    let scaled = |n: u64, by: u32| {
        10u64
            .checked_pow(by)
            .and_then(|p| n.checked_mul(p))
            .map_or(u128::from(n) * 10u128.pow(by), u128::from)
    };
    let (sa, sb) = if wa < wb {
        (scaled(a, wb - wa), u128::from(b))
    } else {
        (u128::from(a), scaled(b, wa - wb))
    };
    sa.cmp(&sb).then(wa.cmp(&wb))
}

/// The decimal digits of `n`, in `buf`.
fn digits(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        if let Some(slot) = buf.get_mut(at) {
            // n % 10 < 10: the cast cannot truncate.
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    buf.get(at..).unwrap_or_default()
}

/// One key per file and sheet, by the address of their shared names: a
/// log's rows all share them.
fn source_key(r: &LogSheet) -> (usize, usize) {
    (
        r.file.as_ptr() as usize,
        r.sheet.as_ref().map_or(0, |s| s.as_ptr() as usize),
    )
}

/// The listing's order: for each of its positions, the ingest index of
/// the activity there, every activity sorted by place, then content (then
/// the file's whole path and ingest's order, for rows that read the same).
/// Its [`inverse`] gives each activity its position in the listing.
///
/// Sorted without making the strings: the place of a row is its file's and
/// sheet's prefix (made once for each) followed by its number, compared as
/// the text it is ("row 10" before "row 9"); the content is made only for
/// two rows at the same place, which only files of one name in two folders
/// have.
pub(super) fn order(activities: &[Activity]) -> Vec<u32> {
    let mut prefixes: Vec<String> = Vec::new();
    let mut groups: rustc_hash::FxHashMap<(usize, usize), u32> = Default::default();
    let group: Vec<u32> = activities
        .iter()
        .map(|a| {
            *groups.entry(source_key(&a.source)).or_insert_with(|| {
                prefixes.push(prefix(&a.source));
                u32::try_from(prefixes.len() - 1).unwrap_or(u32::MAX)
            })
        })
        .collect();
    order_by_keys(activities, &group, &prefixes)
        .unwrap_or_else(|| order_by_comparing(activities, &group, &prefixes))
}

/// [`order`] by comparing rows: their places (a prefix per sheet in
/// `prefixes`, each row's in `group`), then their contents.
fn order_by_comparing(activities: &[Activity], group: &[u32], prefixes: &[String]) -> Vec<u32> {
    let prefix_of = |i: usize| -> &str {
        group
            .get(i)
            .and_then(|g| prefixes.get(*g as usize))
            .map_or("", String::as_str)
    };
    let mut order: Vec<u32> = (0..activities.len())
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect();
    order.sort_by(|&x, &y| {
        let (x, y) = (x as usize, y as usize);
        let (Some(a), Some(b)) = (activities.get(x), activities.get(y)) else {
            return x.cmp(&y);
        };
        let place = if group.get(x) == group.get(y) {
            as_text(shown_row(a.row), shown_row(b.row))
        } else {
            let (mut da, mut db) = ([0u8; 20], [0u8; 20]);
            let na = digits(shown_row(a.row), &mut da);
            let nb = digits(shown_row(b.row), &mut db);
            prefix_of(x)
                .bytes()
                .chain(na.iter().copied())
                .cmp(prefix_of(y).bytes().chain(nb.iter().copied()))
        };
        place
            .then_with(|| {
                let (ca, cb) = (Content::of(a), Content::of(b));
                ca.to_string().cmp(&cb.to_string())
            })
            .then_with(|| Row::of(a).cmp(&Row::of(b)))
            .then(x.cmp(&y))
    });
    order
}

/// [`order`] without a comparison function, for the logs nearly every
/// report reads: each row's place as one number that sorts as its text
/// does (its sheet's rank among the sheets' prefixes, then its number
/// scaled to ten digits, then the number's width: "row 1" before "row 10"
/// before "row 9"), packed with its index into a `u64`, sorted as numbers:
/// a million rows in a third of the time. `None` (sort by comparing) when
/// the prefixes alone do not order two sheets (one is the start of another,
/// as two files of one name in two folders are), two rows share a place
/// (their content decides), or the numbers do not fit.
fn order_by_keys(activities: &[Activity], group: &[u32], prefixes: &[String]) -> Option<Vec<u32>> {
    let mut ranked: Vec<u32> = (0..u32::try_from(prefixes.len()).ok()?).collect();
    ranked.sort_by(|a, b| prefixes[*a as usize].cmp(&prefixes[*b as usize]));
    // In sorted order, a prefix that starts another is right before it.
    if ranked
        .windows(2)
        .any(|w| prefixes[w[1] as usize].starts_with(prefixes[w[0] as usize].as_str()))
    {
        return None;
    }
    let mut rank = vec![0u64; prefixes.len()];
    for (r, g) in ranked.iter().enumerate() {
        rank[*g as usize] = r as u64;
    }
    // Bits for the index below, the sheet's rank above, and between them
    // the row's number as text: below 10^10 · 16 (a row number has at most
    // ten digits), so 38 bits.
    let index_bits = u64::BITS - (activities.len() as u64).leading_zeros();
    let rank_bits = u64::BITS - (prefixes.len() as u64).leading_zeros();
    if index_bits + rank_bits + 38 > u64::BITS {
        return None;
    }
    let mut keys: Vec<u64> = Vec::with_capacity(activities.len());
    for (i, (a, g)) in activities.iter().zip(group).enumerate() {
        let n = shown_row(a.row);
        let width = n.checked_ilog10().unwrap_or(0);
        let as_text =
            n.checked_mul(10u64.checked_pow(9_u32.checked_sub(width)?)?)? * 16 + u64::from(width);
        let place = (*rank.get(*g as usize)? << 38) | as_text;
        keys.push((place << index_bits) | i as u64);
    }
    keys.sort_unstable();
    if keys
        .windows(2)
        .any(|w| w[0] >> index_bits == w[1] >> index_bits)
    {
        return None;
    }
    let index_mask = (1u64 << index_bits) - 1;
    Some(keys.iter().map(|k| (k & index_mask) as u32).collect())
}

/// The inverse of a permutation of `0..n`: where each number is in it
/// (each activity's position from the listing's [`order`], and back).
pub(super) fn inverse(permutation: &[u32]) -> Vec<u32> {
    let mut inverse = vec![0u32; permutation.len()];
    for (at, i) in permutation.iter().enumerate() {
        if let Some(slot) = inverse.get_mut(*i as usize) {
            *slot = u32::try_from(at).unwrap_or(u32::MAX);
        }
    }
    inverse
}

/// Activities are given back in steps of this many rows.
const GIVE_BACK: usize = 1 << 16;

/// The listing's rows, in the listing's [`order`], made from
/// `activities`.
///
/// Each activity is dropped as its row is made, and the list's memory is
/// given back every [`GIVE_BACK`] rows: a million activities are 72 MB
/// and their rows 48 MB, and the two are never both whole at once.
pub(super) fn rows(mut activities: Vec<Activity>, order: &[u32]) -> Vec<ActivityRow> {
    // Each distinct text, file and sheet once. A text is numbered by its
    // place in its sheet's table (ingest keeps each text a sheet repeats
    // there once), so each row's texts are found by indexing, not hashing:
    // a million rows asked a map of addresses eight million times.
    let mut shared = Shared::default();
    let mut sheets = SheetNumbers::default();
    for a in &activities {
        let sheet = sheets.of(a, &mut shared);
        for field in LISTED_TEXTS {
            if let Some(id) = a.id(field) {
                sheet.number_or_add(id, || a.source.text(id), &mut shared);
            }
        }
    }
    let shared = std::sync::Arc::new(shared);
    // Made from the last activity back, so each can be dropped from the
    // end of its list; put in ingest's order after.
    let mut made: Vec<ActivityRow> = Vec::with_capacity(activities.len());
    while let Some(a) = activities.pop() {
        let (source, texts) = sheets.numbers(&a);
        made.push(ActivityRow(RowForm::Read(ReadRow {
            shared: shared.clone(),
            date: a.date,
            source,
            row: a.row,
            texts,
            count: u64::from(a.count),
        })));
        if activities.len().is_multiple_of(GIVE_BACK) {
            activities.shrink_to_fit();
        }
    }
    made.reverse();
    permute(&mut made, order);
    made
}

/// The texts of a row the listing shows, in the order of
/// [`ReadRow::texts`].
const LISTED_TEXTS: [TextField; 4] = [
    TextField::Promise,
    TextField::Activity,
    TextField::Place,
    TextField::Responsible,
];

/// For each sheet of the rows (by address: the two halves of a large log
/// read at once are two sheets with one file and sheet name), its file and
/// sheet's number and its texts' numbers in [`Shared`], by text id.
#[derive(Default)]
struct SheetNumbers {
    index: rustc_hash::FxHashMap<usize, usize>,
    sheets: Vec<SheetTexts>,
    /// Files and sheets by name: the halves of one log are one source.
    groups: rustc_hash::FxHashMap<(usize, usize), u32>,
    /// The sheet last asked for, and where it is: rows of a sheet come
    /// together.
    last: Option<(usize, usize)>,
}

/// One sheet's file-and-sheet number and its texts' numbers ([`NONE`] for
/// a text not numbered yet), by text id.
struct SheetTexts {
    group: u32,
    numbers: Vec<u32>,
}

impl SheetTexts {
    /// Numbers the text `id` (`text`) when it has no number yet.
    fn number_or_add<'t>(
        &mut self,
        id: TextId,
        text: impl FnOnce() -> &'t str,
        shared: &mut Shared,
    ) {
        let k = id.get() as usize;
        if self.numbers.len() <= k {
            self.numbers.resize(k + 1, NONE);
        }
        if self.numbers[k] == NONE {
            shared.texts.push(Text::from(text()));
            self.numbers[k] = u32::try_from(shared.texts.len() - 1).unwrap_or(NONE);
        }
    }

    fn number(&self, id: Option<TextId>) -> u32 {
        id.and_then(|id| self.numbers.get(id.get() as usize).copied())
            .unwrap_or(NONE)
    }
}

impl SheetNumbers {
    /// Where the sheet at address `at` is among [`SheetNumbers::sheets`].
    fn find(&mut self, at: usize) -> Option<usize> {
        if let Some((sheet, k)) = self.last
            && sheet == at
        {
            return Some(k);
        }
        let k = *self.index.get(&at)?;
        self.last = Some((at, k));
        Some(k)
    }

    /// The numbers of `a`'s sheet, made (its file and sheet numbered when
    /// new) on its first row.
    fn of(&mut self, a: &Activity, shared: &mut Shared) -> &mut SheetTexts {
        let at = std::sync::Arc::as_ptr(&a.source) as usize;
        let k = match self.find(at) {
            Some(k) => k,
            None => {
                let group = *self.groups.entry(source_key(&a.source)).or_insert_with(|| {
                    shared.prefixes.push(prefix(&a.source));
                    shared
                        .sources
                        .push((a.source.file.clone(), a.source.sheet.clone()));
                    u32::try_from(shared.sources.len() - 1).unwrap_or(u32::MAX)
                });
                let k = self.sheets.len();
                self.sheets.push(SheetTexts {
                    group,
                    numbers: Vec::new(),
                });
                self.index.insert(at, k);
                self.last = Some((at, k));
                k
            }
        };
        &mut self.sheets[k]
    }

    /// `a`'s file and sheet number and its texts' numbers, as numbered.
    fn numbers(&mut self, a: &Activity) -> (u32, [u32; 4]) {
        let at = std::sync::Arc::as_ptr(&a.source) as usize;
        match self.find(at).and_then(|k| self.sheets.get(k)) {
            Some(sheet) => (sheet.group, LISTED_TEXTS.map(|f| sheet.number(a.id(f)))),
            None => (0, [NONE; 4]),
        }
    }
}

/// Puts `items` in `order`: afterwards `items[i]` is the element that was
/// at `order[i]`. In place, one cycle of the permutation at a time; an
/// `order` that is not a permutation of the indices leaves the items as
/// they are.
fn permute<T>(items: &mut [T], order: &[u32]) {
    let n = items.len();
    let mut seen = vec![false; n];
    let is_permutation = order.len() == n
        && order.iter().all(|&i| {
            let slot = seen.get_mut(i as usize);
            match slot {
                Some(s) if !*s => {
                    *s = true;
                    true
                }
                _ => false,
            }
        });
    if !is_permutation {
        return;
    }
    // Reused: every index is marked again as its cycle is walked.
    let mut done = seen;
    done.iter_mut().for_each(|d| *d = false);
    for start in 0..n {
        if done.get(start).copied().unwrap_or(true) {
            continue;
        }
        let mut at = start;
        while let Some(d) = done.get_mut(at) {
            *d = true;
            let Some(from) = order.get(at).map(|f| *f as usize) else {
                break;
            };
            if from == start {
                break;
            }
            // `from` < n: `order` is a permutation of 0..n.
            items.swap(at, from);
            at = from;
        }
    }
}

/// Every activity as an [`ActivityRow`] in the listing's order, and for
/// each activity (in ingest's order) its index in that list.
#[cfg(test)]
pub fn listing(activities: &[Activity]) -> (Vec<ActivityRow>, Vec<u32>) {
    let order = order(activities);
    let index = inverse(&order);
    (rows(activities.to_vec(), &order), index)
}

/// Where `a` is in `all`, when it is one of its elements: evaluation holds
/// references into ingest's list, and the address says which row it is
/// without a map from every row.
pub fn position(all: &[Activity], a: &Activity) -> Option<usize> {
    let size = std::mem::size_of::<Activity>();
    let start = all.as_ptr() as usize;
    let at = std::ptr::from_ref(a) as usize;
    let offset = at.checked_sub(start)?;
    (size > 0 && offset % size == 0)
        .then_some(offset / size)
        .filter(|i| *i < all.len())
}

#[cfg(test)]
mod tests {

    /// Row numbers compare as their texts do, "10" before "9".
    #[test]
    fn row_numbers_compare_as_texts() {
        let mut seed = 11u64;
        let mut numbers = vec![
            0,
            1,
            9,
            10,
            11,
            19,
            100,
            101,
            999,
            1000,
            u64::from(u32::MAX),
            u64::MAX / 7,
            u64::MAX,
        ];
        for _ in 0..2000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            // Numbers of every width, from 1 to 20 digits.
            numbers.push(seed >> (seed % 64));
        }
        for &a in &numbers {
            for &b in numbers.iter().step_by(7) {
                assert_eq!(
                    super::as_text(a, b),
                    a.to_string().cmp(&b.to_string()),
                    "{a} {b}"
                );
            }
        }
    }

    /// Putting items in an order in place gives what picking them in that
    /// order gives; what is not an order of them leaves them as they are.
    #[test]
    fn items_are_put_in_order_in_place() {
        let mut seed = 7u64;
        let mut orders: Vec<Vec<u32>> =
            vec![vec![], vec![0], vec![1, 0], vec![2, 0, 1], vec![0, 1, 2, 3]];
        for n in [5usize, 64, 1000] {
            // A shuffle by a fixed linear congruential sequence.
            let mut o: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                o.swap(i, (seed >> 33) as usize % (i + 1));
            }
            orders.push(o.clone());
            o.reverse();
            orders.push(o);
        }
        for order in &orders {
            let items: Vec<String> = (0..order.len()).map(|i| format!("r{i}")).collect();
            let want: Vec<String> = order.iter().map(|i| items[*i as usize].clone()).collect();
            let mut got = items.clone();
            permute(&mut got, order);
            assert_eq!(got, want);
        }
        for bad in [vec![0u32, 0, 1], vec![0, 1], vec![0, 1, 3]] {
            let items = vec!["a", "b", "c"];
            let mut got = items.clone();
            permute(&mut got, &bad);
            assert_eq!(got, items);
        }
    }

    /// Dates are written as chrono writes them, also years that are not
    /// four digits.
    #[test]
    fn a_date_is_written_as_its_display_writes_it() {
        for (y, m, d) in [
            (2023, 4, 12),
            (5, 1, 9),
            (999, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 3, 3),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            let mut out = String::new();
            push_date(&mut out, date);
            assert_eq!(out, date.to_string());
        }
    }

    use super::*;
    use crate::evaluate::tests_support::with;
    use crate::ingest::TextField;

    /// The indices of `rows` sorted by their places and contents made as
    /// strings, then path and index: what [`order`] must give.
    fn ordered_as_strings(rows: &[Activity]) -> Vec<u32> {
        let mut keyed: Vec<(String, String, Row, u32)> = rows
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut place = prefix(&a.source);
                push_row(&mut place, a.row);
                (place, Content::of(a).to_string(), Row::of(a), i as u32)
            })
            .collect();
        keyed.sort();
        keyed.into_iter().map(|(_, _, _, i)| i).collect()
    }

    proptest::proptest! {
        /// Sorted by numbers ([`order_by_keys`]) or by comparing, the
        /// listing's order is that of the places and contents as strings:
        /// sheets whose names start alike ("20", "2023"), row numbers of
        /// every width, rows that share a place (then compared).
        #[test]
        fn rows_sorted_by_keys_are_in_the_order_of_their_texts(
            picks in proptest::collection::vec((0usize..4, 0usize..12, 0usize..3), 0..200)
        ) {
            let (a, b, c): (Text, Text, Text) = ("a.csv".into(), "b.xlsx".into(), "c.csv".into());
            let (s2023, s20): (Text, Text) = ("2023".into(), "20".into());
            let sources = [
                LogSheet::new(a, None),
                LogSheet::new(b.clone(), Some(s2023)),
                LogSheet::new(b, Some(s20)),
                LogSheet::new(c, None),
            ];
            let numbers = [0u32, 1, 2, 9, 10, 11, 99, 100, 1000, 65_535, 4_000_000_000, u32::MAX];
            let activities = ["x", "y", "z"];
            let rows: Vec<Activity> = picks
                .iter()
                .map(|&(source, number, activity)| {
                    let mut r = with("2023-05-01", activities[activity], 1, &[]);
                    r.source = sources[source].clone();
                    r.set_text(TextField::Activity, Some(activities[activity]));
                    r.row = numbers[number];
                    r
                })
                .collect();
            proptest::prop_assert_eq!(order(&rows), ordered_as_strings(&rows));
        }
    }

    /// Rows of sheets with one file and sheet name but tables of their own
    /// (the two halves of a large log read at once are two such sheets),
    /// whose tables give the same ids to other texts: each row is listed
    /// with its own texts, and the sheets as one source.
    #[test]
    fn rows_of_two_tables_of_one_log_list_their_own_texts() {
        let places = ["Torget", "Skolan", "Torget", "Hamnen"];
        let rows: Vec<Activity> = places
            .iter()
            .enumerate()
            .map(|(k, place)| {
                let mut r = with("2023-05-01", "x", 1, &[]);
                r.row = k as u32 + 1;
                r.with_texts(&[(TextField::Place, place), (TextField::Activity, place)])
            })
            .collect();
        // Each row made by hand is a sheet of its own, its texts from 1.
        assert!(
            rows.windows(2)
                .all(|w| !std::sync::Arc::ptr_eq(&w[0].source, &w[1].source))
        );
        let listed = super::rows(rows.clone(), &order(&rows));
        let mut got: Vec<(String, String)> = listed
            .iter()
            .map(|r| (r.place().into_owned(), r.content().into_owned()))
            .collect();
        got.sort();
        let mut expected: Vec<(String, String)> = rows
            .iter()
            .map(|a| {
                let mut place = prefix(&a.source);
                push_row(&mut place, a.row);
                (place, Content::of(a).to_string())
            })
            .collect();
        expected.sort();
        assert_eq!(got, expected);
        for (place, (_, content)) in places.iter().zip(&expected) {
            assert!(content.contains(&format!("{place} | {place}")), "{content}");
        }
    }

    /// One log's rows, or several logs named apart, each at a place of its
    /// own: sorted by numbers, not by comparing.
    #[test]
    fn distinct_places_are_sorted_by_keys() {
        let (a, b): (Text, Text) = ("polisen.csv".into(), "kommunen.csv".into());
        let rows: Vec<Activity> = (0..3000u32)
            .map(|k| {
                let mut r = with("2023-05-01", "x", 1, &[]);
                r.source = LogSheet::new(if k % 3 == 0 { b.clone() } else { a.clone() }, None);
                r.set_text(TextField::Activity, Some("x"));
                r.row = 3000 - k;
                r
            })
            .collect();
        let mut prefixes: Vec<String> = Vec::new();
        let mut groups: std::collections::HashMap<(usize, usize), u32> = Default::default();
        let group: Vec<u32> = rows
            .iter()
            .map(|r| {
                *groups.entry(source_key(&r.source)).or_insert_with(|| {
                    prefixes.push(prefix(&r.source));
                    prefixes.len() as u32 - 1
                })
            })
            .collect();
        let by_keys = order_by_keys(&rows, &group, &prefixes).expect("sorted by keys");
        assert_eq!(by_keys, ordered_as_strings(&rows));
        assert_eq!(by_keys, order_by_comparing(&rows, &group, &prefixes));
    }

    /// The listing is in the order of its place and content as text, as
    /// when the strings were made and sorted (schema 1's order, which
    /// `row_indexes` of earlier files refer to): "row 10" before "row 9",
    /// files of one name in two folders by content, then by path.
    #[test]
    fn rows_are_listed_in_the_order_of_their_place_and_content_as_text() {
        let (csv, xlsx, other): (Text, Text, Text) =
            ("in/logg.csv".into(), "b.xlsx".into(), "ut/logg.csv".into());
        let (s2023, s20): (Text, Text) = ("2023".into(), "20".into());
        let mut rows = Vec::new();
        for (file, sheet, row, activity) in [
            (&csv, None, 9, "x"),
            (&csv, None, 10, "x"),
            (&xlsx, Some(&s2023), 2, "y"),
            (&xlsx, Some(&s20), 11, "y"),
            (&xlsx, Some(&s20), 3, "y"),
            (&other, None, 9, "a"),
            (&csv, None, 100, "x"),
            (&xlsx, Some(&s2023), 2, "y"),
            (&other, None, 9, "x"),
        ] {
            let mut a = with("2023-05-01", activity, 1, &[]);
            a.source = LogSheet::new(file.clone(), sheet.cloned());
            a.set_text(TextField::Activity, Some(activity));
            a.row = row;
            rows.push(a);
        }
        let (listed, index) = listing(&rows);
        let expected = ordered_as_strings(&rows);
        let got: Vec<(String, String)> = listed
            .iter()
            .map(|r| (r.place().into_owned(), r.content().into_owned()))
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|i| {
                let a = &rows[*i as usize];
                let mut place = prefix(&a.source);
                push_row(&mut place, a.row);
                (place, Content::of(a).to_string())
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(got[0].0, "b.xlsx, sheet \"20\", row 11");
        // A place from its source's prefix made once says what one made
        // for the row says; a content written says what the sort compares.
        for r in &listed {
            let RowForm::Read(read) = &r.0 else {
                panic!("a listed row is a read row")
            };
            let (mut place, mut content) = (String::new(), String::new());
            read.push_place(&mut place);
            read.push_content(&mut content);
            let (file, sheet, row) = read.row_key();
            let mut fresh = String::new();
            push_prefix(&mut fresh, file, sheet);
            push_row(&mut fresh, row);
            assert_eq!(place, fresh);
            assert_eq!(content, read.parts().to_string());
        }
        for (at, i) in expected.iter().enumerate() {
            assert_eq!(index[*i as usize] as usize, at);
        }
    }
}
