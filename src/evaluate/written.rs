//! Activity rows read back from a results JSON (`lofte diff`,
//! `--previous`), held the way the listing holds rows read from a log
//! (`rows.rs`): each distinct text once in a table shared by the report's
//! rows, a row naming its texts by number.
//!
//! A million-row report read back as two strings and a [`Row`] per row took
//! about 250 bytes a row; here a row is a few numbers (see
//! [`WrittenRow`]). What callers see is unchanged, byte for byte: a place is
//! its text before the row number plus the number, a content its parts
//! between " | " joined again, and anything that does not split that way is
//! kept whole. Nothing here knows what the parts mean, so a row of any
//! content reads back as written.

use std::sync::{Arc, OnceLock};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{ActivityRow, Row, RowForm};

/// A number naming no text.
const NONE: u32 = u32::MAX;

/// How many parts of a content are held apart: a content has six (date,
/// Löfte, Antal, Aktivitet, Plats, Ansvarig); one of more is held whole.
const PARTS: usize = 6;

/// Between the parts of a content.
const SEPARATOR: &str = " | ";

/// What the rows of one report read back share: each distinct text (a
/// place up to its row number, a part of a content, a file or sheet name)
/// once.
#[derive(Default)]
pub(crate) struct Table {
    texts: Vec<Box<str>>,
    sites: Vec<Site>,
}

/// What the rows of one file and sheet share: the place up to the row
/// number, and the file and sheet (`NONE`: none) of [`Row`], whose row is
/// the place's number or, for a row of another kind, `fixed`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Site {
    head: u32,
    file: u32,
    sheet: u32,
    fixed: Option<u32>,
}

impl Table {
    fn text(&self, id: u32) -> &str {
        self.texts.get(id as usize).map_or("", |t| t)
    }
}

/// An activity row read back from a results JSON: 40 bytes, a pointer to
/// the table it shares with the other rows of its report (set once the
/// list is read, [`rows`]) and numbers into it.
#[derive(Clone)]
pub(crate) struct WrittenRow {
    table: Arc<OnceLock<Table>>,
    /// The place's text up to its row number, file and sheet.
    site: u32,
    /// The row number (`NONE`: the site's text is the whole place).
    number: u32,
    /// The content's parts (`NONE` after the last).
    content: [u32; PARTS],
}

impl WrittenRow {
    fn site(&self) -> Option<(&Table, Site)> {
        let table = self.table.get()?;
        Some((table, *table.sites.get(self.site as usize)?))
    }

    /// Appends the place, as the file wrote it, to `out`.
    pub(crate) fn push_place(&self, out: &mut String) {
        let Some((table, site)) = self.site() else {
            return;
        };
        out.push_str(table.text(site.head));
        if self.number != NONE {
            use std::fmt::Write;
            let _ = write!(out, "{}", self.number);
        }
    }

    /// Appends the content, as the file wrote it, to `out`.
    pub(crate) fn push_content(&self, out: &mut String) {
        let Some(table) = self.table.get() else {
            return;
        };
        for (i, part) in self.content.iter().take_while(|p| **p != NONE).enumerate() {
            if i > 0 {
                out.push_str(SEPARATOR);
            }
            out.push_str(table.text(*part));
        }
    }

    /// The row: file, sheet and 1-based row, borrowed.
    pub(crate) fn row_key(&self) -> (&str, Option<&str>, u32) {
        let Some((table, site)) = self.site() else {
            return ("", None, 0);
        };
        let sheet = (site.sheet != NONE).then(|| table.text(site.sheet));
        (
            table.text(site.file),
            sheet,
            site.fixed.unwrap_or(self.number),
        )
    }

    /// A row alone, with a table of its own (a test's row, or one read
    /// outside a report's list).
    pub(crate) fn single(place: &str, content: &str, row: Option<Row>) -> WrittenRow {
        let mut builder = Builder::default();
        let rows = builder.push(place, content, row);
        builder.finish();
        rows
    }
}

impl std::fmt::Debug for WrittenRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (mut place, mut content) = (String::new(), String::new());
        self.push_place(&mut place);
        self.push_content(&mut content);
        f.debug_struct("WrittenRow")
            .field("place", &place)
            .field("content", &content)
            .field("row", &self.row_key())
            .finish()
    }
}

/// Gives each distinct text a number while a report's rows are read, and
/// the rows their shared table.
struct Builder {
    numbers: rustc_hash::FxHashMap<Box<str>, u32>,
    sites: rustc_hash::FxHashMap<Site, u32>,
    table: Arc<OnceLock<Table>>,
    /// The last site looked up: a report's rows come file by file.
    last: Option<(Site, u32)>,
    /// The text before the number of the last place read from its place
    /// alone, and its site: the next row of that file is known from it
    /// without reading its place again.
    last_head: String,
    head_site: Option<u32>,
    /// More distinct texts or sites than a number names: the list is
    /// refused rather than two texts given one number.
    full: bool,
    /// How many texts may be numbered (all a `u32` names but `NONE`; a
    /// test's few).
    limit: u32,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            numbers: Default::default(),
            sites: Default::default(),
            table: Default::default(),
            last: None,
            last_head: String::new(),
            head_site: None,
            full: false,
            limit: NONE,
        }
    }
}

impl Builder {
    fn number(&mut self, text: &str) -> u32 {
        if let Some(n) = self.numbers.get(text) {
            return *n;
        }
        // `NONE` stays free.
        match u32::try_from(self.numbers.len()) {
            Ok(n) if n < NONE && n < self.limit => {
                self.numbers.insert(text.into(), n);
                n
            }
            _ => {
                self.full = true;
                0
            }
        }
    }

    fn site(&mut self, site: Site) -> u32 {
        if let Some((last, n)) = self.last
            && last == site
        {
            return n;
        }
        let Ok(next) = u32::try_from(self.sites.len()) else {
            self.full = true;
            return 0;
        };
        let n = *self.sites.entry(site).or_insert(next);
        self.last = Some((site, n));
        n
    }

    /// A row of `place` and `content`; its [`Row`] as given, or else read
    /// from the place as [`Row::parse_place`] reads it.
    fn push(&mut self, place: &str, content: &str, row: Option<Row>) -> WrittenRow {
        let (head, number) = split_number(place);
        let site = match (&row, self.head_site) {
            // File and sheet depend on the text before the number alone
            // when the row is the number (a canonical one, as here).
            (None, Some(site)) if number != NONE && self.last_head == head => site,
            _ => {
                let (file, sheet, at) = match &row {
                    Some(r) => (r.file.as_str(), r.sheet.as_deref(), r.row),
                    None => place_parts(place).unwrap_or((place, None, 0)),
                };
                let site = Site {
                    head: self.number(head),
                    file: self.number(file),
                    sheet: sheet.map_or(NONE, |s| self.number(s)),
                    fixed: (number == NONE || number != at).then_some(at),
                };
                let fixed = site.fixed;
                let site = self.site(site);
                self.head_site = None;
                if fixed.is_none() && row.is_none() {
                    self.last_head.clear();
                    self.last_head.push_str(head);
                    self.head_site = Some(site);
                }
                site
            }
        };
        let mut parts = [NONE; PARTS];
        let mut split = Parts::of(content);
        for (slot, part) in parts.iter_mut().zip(split.by_ref()) {
            *slot = self.number(part);
        }
        if split.next().is_some() {
            // More parts than are held apart: the content is one text.
            parts = [NONE; PARTS];
            parts[0] = self.number(content);
        }
        WrittenRow {
            table: self.table.clone(),
            site,
            number,
            content: parts,
        }
    }

    /// Hands the texts to the rows made.
    fn finish(self) {
        let mut texts: Vec<Box<str>> = vec![Box::default(); self.numbers.len()];
        for (text, n) in self.numbers {
            if let Some(slot) = texts.get_mut(n as usize) {
                *slot = text;
            }
        }
        let empty = Site {
            head: NONE,
            file: NONE,
            sheet: NONE,
            fixed: None,
        };
        let mut sites = vec![empty; self.sites.len()];
        for (site, n) in self.sites {
            if let Some(slot) = sites.get_mut(n as usize) {
                *slot = site;
            }
        }
        let _ = self.table.set(Table { texts, sites });
    }
}

/// The parts of a content between " | ", as `str::split` gives them, found
/// by their '|' (a searcher for the separator was made for every row).
struct Parts<'a> {
    text: &'a str,
    bars: memchr::Memchr<'a>,
    start: usize,
    done: bool,
}

impl<'a> Parts<'a> {
    fn of(text: &'a str) -> Self {
        Parts {
            text,
            bars: memchr::memchr_iter(b'|', text.as_bytes()),
            start: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for Parts<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        let bytes = self.text.as_bytes();
        for bar in self.bars.by_ref() {
            // " | " around this bar, not overlapping the last one.
            let Some(at) = bar.checked_sub(1) else {
                continue;
            };
            if at >= self.start && bytes.get(at) == Some(&b' ') && bytes.get(bar + 1) == Some(&b' ')
            {
                let part = self.text.get(self.start..at);
                self.start = bar + 2;
                return part;
            }
        }
        self.done = true;
        self.text.get(self.start..)
    }
}

/// `place` as the text before its row number and the number, when it ends
/// in one written as a `u32` writes it; else the whole place and `NONE`.
fn split_number(place: &str) -> (&str, u32) {
    let digits = place.len() - place.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (head, tail) = place.split_at(digits);
    // Digits only: written back as a `u32` writes them unless they have
    // a leading zero.
    let canonical = tail.len() == 1 || !tail.starts_with('0');
    match tail.parse::<u32>() {
        Ok(n) if n != NONE && canonical => (head, n),
        _ => (place, NONE),
    }
}

/// File, sheet and row of a place as [`super::ActivityRow::place`] writes
/// it ("a.xlsx, sheet \"2023\", row 14", "a.csv, line 3"), borrowed from
/// it: the one reader of places ([`Row::parse_place`] owns its parts).
pub(super) fn place_parts(place: &str) -> Option<(&str, Option<&str>, u32)> {
    if let Some((file, rest)) = place.split_once(", sheet \"") {
        let (sheet, row) = rest.rsplit_once("\", row ")?;
        return Some((file, Some(sheet), row.parse().ok()?));
    }
    let (file, line) = place.rsplit_once(", line ")?;
    Some((file, None, line.parse().ok()?))
}

/// Why a list of rows whose distinct texts outnumber a `u32` is refused.
const TOO_MANY: &str = "activity_rows holds more distinct texts than lofte can read back";

/// Reads a results JSON's `activity_rows` into rows sharing one table
/// (`#[serde(deserialize_with)]` on [`super::Results::activity_rows`]),
/// or, inside [`sifting`], only what the sift asks for.
pub(crate) fn rows<'de, D: de::Deserializer<'de>>(d: D) -> Result<Vec<ActivityRow>, D::Error> {
    struct List(Option<Sift>);
    impl<'de> Visitor<'de> for List {
        type Value = Vec<ActivityRow>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of activity rows")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut reader = Reader::default();
            let mut rows = Vec::new();
            match self.0 {
                None => {
                    while let Some(row) = seq.next_element_seed(&mut reader)? {
                        rows.push(reader.push(row)?);
                    }
                }
                Some(Sift::Prints) => {
                    let mut prints = RowPrints::default();
                    while seq.next_element_seed(&mut reader)?.is_some() {
                        prints.content.push(content_print(&reader.content));
                        prints.place.push(place_print(&reader.place));
                    }
                    SIFTED.with(|s| *s.borrow_mut() = Some(Sifted::Prints(prints)));
                }
                Some(Sift::Keep(keep)) => {
                    let mut kept = Vec::new();
                    let mut i = 0u32;
                    while let Some(row) = seq.next_element_seed(&mut reader)? {
                        if keep.get(i as usize).copied().unwrap_or(false) {
                            rows.push(reader.push(row)?);
                            kept.push(i);
                        }
                        i = i.saturating_add(1);
                    }
                    SIFTED.with(|s| *s.borrow_mut() = Some(Sifted::Kept(kept, i)));
                }
            }
            reader.builder.finish();
            Ok(rows)
        }
    }
    let sift = SIFT.with(|s| s.borrow_mut().take());
    d.deserialize_seq(List(sift))
}

/// What to read of a results JSON's `activity_rows` when a report is
/// compared with the version before it (`lofte report` run again): a
/// million rows read back whole are tens of megabytes beside the new
/// report's own, where the comparison needs a fingerprint of each and the
/// texts of the few that differ.
// Made by the command line only (`lofte report` run again, `lofte diff`).
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) enum Sift {
    /// Each row's [`RowPrints`], no row.
    Prints,
    /// Only the rows marked `true`, by their index in the list.
    Keep(Vec<bool>),
}

/// What a [`Sift`] gave.
// Made by the command line only (`lofte report` run again, `lofte diff`).
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) enum Sifted {
    /// The fingerprints of every row, in the list's order.
    Prints(RowPrints),
    /// The indexes in the written list of the rows kept, ascending, and
    /// how many rows the list held.
    Kept(Vec<u32>, u32),
}

/// The fingerprints of a report's activity rows: 20 bytes a row.
#[derive(Debug, Default)]
pub struct RowPrints {
    /// Each row's content as a 128-bit XXH3, of which the pairing keeps
    /// the top 96 bits: two contents of equal print are taken as equal
    /// (for a million rows the odds of two others sharing one are below
    /// 10^-17).
    pub content: Vec<u128>,
    /// Each row's place, 32 bits: only narrows which rows are read again,
    /// whose places are then compared as text (a place sharing another's
    /// print costs a row read, never a wrong record).
    pub place: Vec<u32>,
}

/// A row's content as [`RowPrints`] holds it.
pub(crate) fn content_print(content: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(content.as_bytes())
}

/// A row's place as [`RowPrints`] holds it.
pub(crate) fn place_print(place: &str) -> u32 {
    // The high half: XXH3's bits are alike in quality.
    (xxhash_rust::xxh3::xxh3_64(place.as_bytes()) >> 32) as u32
}

thread_local! {
    /// The sift [`rows`] reads the next list with: serde's derived
    /// `Results` reader passes no state to one field's reader.
    static SIFT: std::cell::RefCell<Option<Sift>> = const { std::cell::RefCell::new(None) };
    /// What it gave.
    static SIFTED: std::cell::RefCell<Option<Sifted>> = const { std::cell::RefCell::new(None) };
}

/// Runs `read` (a results JSON read into [`super::Results`] on this
/// thread) with its `activity_rows` read as `sift` says; gives what the
/// sift found (`None` when the JSON has no rows).
// Made by the command line only (`lofte report` run again, `lofte diff`).
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) fn sifting<T>(sift: Sift, read: impl FnOnce() -> T) -> (T, Option<Sifted>) {
    SIFT.with(|s| *s.borrow_mut() = Some(sift));
    SIFTED.with(|s| *s.borrow_mut() = None);
    let out = read();
    // A JSON without `activity_rows` leaves the sift unused: the next
    // reading must not take it.
    SIFT.with(|s| *s.borrow_mut() = None);
    (out, SIFTED.with(|s| s.borrow_mut().take()))
}

/// Reads one row's texts (`place`, `content`, and `file`, `sheet`, `row`
/// when an earlier file's rows were brought up to date) into buffers kept
/// from row to row; [`Reader::push`] makes the row.
#[derive(Default)]
struct Reader {
    builder: Builder,
    place: String,
    content: String,
}

impl Reader {
    /// The row whose texts were just read, as [`ActivityRow`].
    fn push<E: de::Error>(&mut self, row: Option<Row>) -> Result<ActivityRow, E> {
        let written = self.builder.push(&self.place, &self.content, row);
        if self.builder.full {
            return Err(de::Error::custom(TOO_MANY));
        }
        Ok(ActivityRow(RowForm::Written(written)))
    }

    /// One row alone, as [`WrittenRow::single`] makes it.
    fn read_one<'de, D: de::Deserializer<'de>>(d: D) -> Result<WrittenRow, D::Error> {
        let mut reader = Reader::default();
        let row = (&mut reader).deserialize(d)?;
        let row = reader.builder.push(&reader.place, &reader.content, row);
        reader.builder.finish();
        Ok(row)
    }
}

impl<'de> DeserializeSeed<'de> for &mut Reader {
    type Value = Option<Row>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<Row>, D::Error> {
        const FIELDS: &[&str] = &["place", "content", "file", "sheet", "row"];
        d.deserialize_struct("ActivityRow", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for &mut Reader {
    type Value = Option<Row>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an activity row")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Row>, A::Error> {
        let (mut place, mut content) = (false, false);
        let (mut file, mut sheet, mut row) = (None::<String>, None::<String>, None::<u32>);
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Place if place => return Err(de::Error::duplicate_field("place")),
                Key::Place => {
                    map.next_value_seed(IntoBuffer(&mut self.place))?;
                    place = true;
                }
                Key::Content if content => return Err(de::Error::duplicate_field("content")),
                Key::Content => {
                    map.next_value_seed(IntoBuffer(&mut self.content))?;
                    content = true;
                }
                Key::File => file = map.next_value()?,
                Key::Sheet => sheet = map.next_value()?,
                Key::Row => row = map.next_value()?,
                Key::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        if !place {
            return Err(de::Error::missing_field("place"));
        }
        if !content {
            return Err(de::Error::missing_field("content"));
        }
        Ok(match (file, row) {
            (Some(file), Some(row)) => Some(Row { file, sheet, row }),
            _ => None,
        })
    }
}

/// The fields of a row the reader knows.
enum Key {
    Place,
    Content,
    File,
    Sheet,
    Row,
    Other,
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = Key;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "place" => Key::Place,
                    "content" => Key::Content,
                    "file" => Key::File,
                    "sheet" => Key::Sheet,
                    "row" => Key::Row,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_identifier(Name)
    }
}

/// A string read into a buffer kept from row to row.
struct IntoBuffer<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for IntoBuffer<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for IntoBuffer<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.clear();
        self.0.push_str(v);
        Ok(())
    }
}

impl<'de> de::Deserialize<'de> for WrittenRow {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Reader::read_one(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(place: &str, content: &str) -> WrittenRow {
        WrittenRow::single(place, content, None)
    }

    fn texts(r: &WrittenRow) -> (String, String) {
        let (mut place, mut content) = (String::new(), String::new());
        r.push_place(&mut place);
        r.push_content(&mut content);
        (place, content)
    }

    /// Whatever a place or content says, it reads back as written, and
    /// its row is what [`Row::parse_place`] reads from the place.
    #[test]
    fn a_row_reads_back_as_written_whatever_it_says() {
        let places = [
            "a.xlsx, sheet \"Logg\", row 14",
            "a.xlsx, sheet \"Logg\", row 15",
            "a.xlsx, sheet \"Logg\", row 015",
            "a.xlsx, sheet \"Logg\", row 16",
            "a.csv, line 3",
            "a.csv, line 4",
            "a.csv, line 03",
            "a.csv, line 0",
            "a.csv, line 4294967295",
            "a.csv, line 99999999999",
            "a.xlsx, sheet \"2023\", row 7",
            "a.xlsx, sheet \"x\", row \", row 5",
            "",
            "12",
            "no number",
            "ö, line 1",
        ];
        let contents = [
            "2023-04-12 | K2 | 1 | Trafiksäkerhetsinsats | Centrum | Polisen",
            "2023-04-12 | K2 | 1 |  |  | ",
            "2023-04-12 | K2 | 1 | a | b | c | d | e",
            "2023-04-12 | K2 | 1 | a|b | c | d",
            "",
            " | ",
            "x",
        ];
        let expect = |r: &WrittenRow, place: &str, content: &str| {
            assert_eq!(texts(r), (place.to_owned(), content.to_owned()));
            let row = Row::parse_place(place).unwrap_or(Row {
                file: place.to_owned(),
                sheet: None,
                row: 0,
            });
            assert_eq!(
                r.row_key(),
                (row.file.as_str(), row.sheet.as_deref(), row.row),
                "{place}"
            );
        };
        let mut list = Vec::new();
        for place in places {
            for content in contents {
                expect(&back(place, content), place, content);
                list.push(serde_json::json!({"place": place, "content": content}));
            }
        }
        // In one list, each place after the others (the next row of a
        // file is known from the one before).
        let json = serde_json::to_string(&list).unwrap();
        let read = rows(&mut serde_json::Deserializer::from_str(&json)).unwrap();
        assert_eq!(read.len(), list.len());
        for (r, written) in read.iter().zip(&list) {
            let RowForm::Written(r) = &r.0 else {
                panic!("a row read back")
            };
            let place = written["place"].as_str().unwrap();
            expect(r, place, written["content"].as_str().unwrap());
        }
    }

    #[test]
    fn a_content_splits_as_str_split_splits_it() {
        for text in [
            "",
            "|",
            " | ",
            " |  | ",
            "a | | b",
            "a |  | b",
            "| x",
            "x |",
            "a || b | c",
            "2023-04-12 | K2 | 1 | å | ö | ",
        ] {
            let ours: Vec<&str> = Parts::of(text).collect();
            let std: Vec<&str> = text.split(SEPARATOR).collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn a_list_shares_one_table_and_keeps_given_rows() {
        let json = r#"[
            {"place": "a.csv, line 2", "content": "2023-01-01 | K1 | 1 | x |  | "},
            {"place": "a.csv, line 3", "content": "2023-01-01 | K1 | 1 | x |  | ", "extra": [1]},
            {"place": "a.xlsx, sheet \"S\", row 3", "content": "c",
             "file": "in/a.xlsx", "sheet": "S", "row": 3}
        ]"#;
        let rows = rows(&mut serde_json::Deserializer::from_str(json)).unwrap();
        assert_eq!(rows.len(), 3);
        let written: Vec<&WrittenRow> = rows
            .iter()
            .filter_map(|r| match &r.0 {
                RowForm::Written(w) => Some(w),
                RowForm::Read(_) => None,
            })
            .collect();
        assert_eq!(written.len(), 3);
        assert!(Arc::ptr_eq(&written[0].table, &written[2].table));
        assert_eq!(written[0].content, written[1].content, "one text each");
        assert_eq!(written[0].site, written[1].site, "one site per file");
        assert_eq!(written[1].number, 3);
        assert_eq!(written[2].row_key(), ("in/a.xlsx", Some("S"), 3));
        assert_eq!(written[0].row_key(), ("a.csv", None, 2));
        assert!(
            std::mem::size_of::<WrittenRow>() <= 40,
            "a row read back is a few numbers"
        );
    }

    /// Texts beyond what a number names are refused, never two texts
    /// under one number.
    #[test]
    fn more_distinct_texts_than_numbers_are_refused() {
        let mut builder = Builder {
            limit: 7,
            ..Builder::default()
        };
        builder.push("a.csv, line 2", "1 | 2 | 3", None);
        assert!(
            !builder.full,
            "five texts: the place, its file and three parts"
        );
        builder.push("a.csv, line 3", "1 | 2 | 3", None);
        assert!(!builder.full, "the same texts again");
        builder.push("a.csv, line 4", "4 | 5 | 6", None);
        assert!(builder.full);
    }

    #[test]
    fn a_row_without_place_or_content_is_refused() {
        for json in [r#"[{"place": "a"}]"#, r#"[{"content": "a"}]"#] {
            assert!(rows(&mut serde_json::Deserializer::from_str(json)).is_err());
        }
        let twice = r#"[{"place": "a", "content": "b", "place": "c"}]"#;
        assert!(rows(&mut serde_json::Deserializer::from_str(twice)).is_err());
    }
}
