//! Diagnostics as values: every stage reports problems with user data as
//! [`Diagnostic`]s that carry a [`Location`] (file, sheet and cell, or file,
//! line and column) so a user can fix everything in one pass.
//!
//! Problems travel as values, as typst's do: a stage that cannot go on
//! returns `Warned<Result<T, Errors>>` (its output or the errors that stop
//! it, and its warnings either way); a stage that goes on past a bad cell
//! reports into a [`Sink`], so the stages after it still run and a user
//! sees every problem in one pass. Every kind of problem is a [`Code`].
//!
//! This module only describes and prints problems; it decides nothing.

use arcstr::ArcStr;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

use crate::locale::Lang;

/// How bad a problem is. Errors stop a report; warnings travel with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data cannot be trusted: no report is written.
    Error,
    /// The report is written, and says what was odd.
    Warning,
}

/// Where in a position inside a file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A spreadsheet or csv cell; `row` and `column` are 0-based and
    /// absolute (row 0 is spreadsheet row 1, column 0 is column A).
    Cell {
        /// 0-based row.
        row: u32,
        /// 0-based column.
        column: u32,
    },
    /// A whole spreadsheet row (0-based).
    Row {
        /// 0-based row.
        row: u32,
    },
    /// A text position, 1-based (promise file, template).
    Line {
        /// 1-based line.
        line: u32,
        /// 1-based column, counted in characters.
        column: u32,
    },
    /// The file as a whole.
    File,
}

/// A place in one of the user's files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file as the user named it (or its file name). Shared: a log's
    /// tens of thousands of warnings name one file.
    pub file: ArcStr,
    /// The sheet, for workbooks; `None` for csv and text files.
    pub sheet: Option<ArcStr>,
    /// The position inside the file or sheet.
    pub place: Place,
}

impl Location {
    /// A place in a file and sheet whose names are shared with others
    /// (a log's rows and its tens of thousands of problems name one file):
    /// no name is copied.
    pub fn shared(file: &ArcStr, sheet: Option<&ArcStr>, place: Place) -> Self {
        Location {
            file: file.clone(),
            sheet: sheet.cloned(),
            place,
        }
    }

    /// A whole file.
    pub fn file(file: impl Into<ArcStr>) -> Self {
        Location {
            file: file.into(),
            sheet: None,
            place: Place::File,
        }
    }

    /// A cell; `sheet` is `None` for csv files.
    pub fn cell(file: impl Into<ArcStr>, sheet: Option<&str>, row: u32, column: u32) -> Self {
        Location {
            file: file.into(),
            sheet: sheet.map(ArcStr::from),
            place: Place::Cell { row, column },
        }
    }

    /// A whole row; `sheet` is `None` for csv files.
    pub fn row(file: impl Into<ArcStr>, sheet: Option<&str>, row: u32) -> Self {
        Location {
            file: file.into(),
            sheet: sheet.map(ArcStr::from),
            place: Place::Row { row },
        }
    }

    /// A 1-based line and column in a text file.
    pub fn line(file: impl Into<ArcStr>, line: u32, column: u32) -> Self {
        Location {
            file: file.into(),
            sheet: None,
            place: Place::Line { line, column },
        }
    }

    /// The location of a byte offset in `text`, as 1-based line and column.
    pub fn at_offset(file: impl Into<ArcStr>, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        Self::line(file, line, column)
    }

    /// The A1 name of a cell location ("D14"), if this is one.
    pub fn a1(&self) -> Option<String> {
        match self.place {
            Place::Cell { row, column } => Some(a1(row, column)),
            _ => None,
        }
    }
}

impl Location {
    /// The location in words of `lang`, for the report: English as printed
    /// in the terminal; Swedish as `logg.csv rad 5, kolumn C` or
    /// `aktiviteter.xlsx, blad Polisen, cell D14`.
    pub fn describe(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let file = match &self.sheet {
            Some(sheet) => format!("{}, blad {sheet}", self.file),
            None => self.file.to_string(),
        };
        let sep = if self.sheet.is_some() { "," } else { "" };
        match self.place {
            Place::Cell { row, column } if self.sheet.is_some() => {
                format!("{file}, cell {}", a1(row, column))
            }
            Place::Cell { row, column } => format!(
                "{file} rad {}, kolumn {}",
                u64::from(row) + 1,
                column_letters(column)
            ),
            Place::Row { row } => format!("{file}{sep} rad {}", u64::from(row) + 1),
            Place::Line { line, column } => format!("{file} rad {line}, kolumn {column}"),
            Place::File => file,
        }
    }

    /// The 1-based spreadsheet row (or csv line), for row and cell places.
    pub fn row_number(&self) -> Option<u64> {
        self.place.row_number()
    }
}

impl Place {
    /// The 1-based spreadsheet row (or csv line), for row and cell places.
    pub fn row_number(&self) -> Option<u64> {
        match self {
            Place::Cell { row, .. } | Place::Row { row } => Some(u64::from(*row) + 1),
            _ => None,
        }
    }
}

/// Rows named together, as in "3 identical rows: polisen.csv, line 5, 26,
/// 33": each file (and sheet) once, then its row numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct RowList(pub Vec<Location>);

impl RowList {
    /// The rows in words of `lang`: `polisen.csv, line 5, 26, 33` or
    /// `polisen.csv rad 5, 26, 33`; files apart by "; ".
    pub fn text(&self, lang: Lang) -> String {
        let mut text = String::new();
        push_rows(
            &mut text,
            lang,
            self.0.len(),
            self.0.iter().map(|location| NamedRow {
                file: &location.file,
                sheet: location.sheet.as_deref(),
                row: location.row_number().ok_or(location),
            }),
        );
        text
    }

    /// How many rows are named; a log pasted in twice would otherwise name
    /// hundreds in one line.
    pub const MAX_NAMED: usize = 10;
}

/// One row a [`RowList`] names: its file and sheet, and its 1-based
/// number (or, for a place that is no row, the place).
pub struct NamedRow<'a> {
    /// The file, as the user named it.
    pub file: &'a str,
    /// The sheet, for workbooks.
    pub sheet: Option<&'a str>,
    /// The 1-based row number, or the place when it is no row.
    pub row: Result<u64, &'a Location>,
}

/// Appends `rows` (`n` of them in all) as [`RowList::text`] words them:
/// each file (and sheet) once, then its row numbers, at most
/// [`RowList::MAX_NAMED`] rows. Written straight into `out`: a log pasted
/// in twice words tens of thousands of such lists.
pub fn push_rows<'a>(
    out: &mut String,
    lang: Lang,
    n: usize,
    rows: impl IntoIterator<Item = NamedRow<'a>>,
) {
    use std::fmt::Write as _;
    let mut last: Option<(&str, Option<&str>)> = None;
    for row in rows.into_iter().take(RowList::MAX_NAMED) {
        let here = (row.file, row.sheet);
        if last == Some(here) {
            out.push_str(", ");
        } else {
            if last.is_some() {
                out.push_str("; ");
            }
            let _ = match (row.sheet, lang) {
                (None, Lang::Sv) => write!(out, "{} rad ", row.file),
                (Some(sheet), Lang::Sv) => write!(out, "{}, blad {sheet}, rad ", row.file),
                (None, Lang::En) => write!(out, "{}, line ", row.file),
                (Some(sheet), Lang::En) => write!(out, "{}, sheet \"{sheet}\", row ", row.file),
            };
            last = Some(here);
        }
        let _ = match row.row {
            Ok(number) => write!(out, "{number}"),
            Err(location) => write!(out, "{}", location.describe(lang)),
        };
    }
    let more = n.saturating_sub(RowList::MAX_NAMED);
    if more > 0 {
        let _ = match lang {
            Lang::Sv => write!(out, " och {more} till"),
            Lang::En => write!(out, " and {more} more"),
        };
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
/// Offsets past the end or inside a character are clamped, never panic.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Items as a message lists them: "a", "a or b", "a, b or c" (with
/// `last` "or"; "and" makes "a, b and c").
pub fn listed(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., end] => format!("{} {last} {end}", init.join(", ")),
    }
}

/// Spreadsheet column letters for a 0-based column: 0 → "A", 26 → "AA".
pub fn column_letters(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A1 name of a 0-based cell: (13, 3) → "D14".
pub fn a1(row: u32, column: u32) -> String {
    format!("{}{}", column_letters(column), u64::from(row) + 1)
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.sheet, &self.place) {
            (_, Place::Line { line, column }) => write!(f, "{}:{line}:{column}", self.file),
            (Some(sheet), Place::Cell { row, column }) => {
                write!(
                    f,
                    "{}, sheet \"{sheet}\", cell {}",
                    self.file,
                    a1(*row, *column)
                )
            }
            (None, Place::Cell { row, column }) => write!(
                f,
                "{}, line {}, column {}",
                self.file,
                u64::from(*row) + 1,
                column_letters(*column)
            ),
            (Some(sheet), Place::Row { row }) => {
                write!(
                    f,
                    "{}, sheet \"{sheet}\", row {}",
                    self.file,
                    u64::from(*row) + 1
                )
            }
            (None, Place::Row { row }) => write!(f, "{}, line {}", self.file, u64::from(*row) + 1),
            (Some(sheet), Place::File) => write!(f, "{}, sheet \"{sheet}\"", self.file),
            (None, Place::File) => write!(f, "{}", self.file),
        }
    }
}

/// JSON form: `{"file", "sheet", "cell": "D14"}`, `{"file", "line", "column"}`,
/// `{"file", "sheet", "row"}` or `{"file"}`, plus the printed form as `text`.
impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("file", &self.file)?;
        if let Some(sheet) = &self.sheet {
            map.serialize_entry("sheet", sheet)?;
        }
        match &self.place {
            Place::Cell { row, column } => {
                map.serialize_entry("cell", &a1(*row, *column))?;
                map.serialize_entry("row", &(u64::from(*row) + 1))?;
            }
            Place::Row { row } => map.serialize_entry("row", &(u64::from(*row) + 1))?,
            Place::Line { line, column } => {
                map.serialize_entry("line", line)?;
                map.serialize_entry("column", column)?;
            }
            Place::File => {}
        }
        map.serialize_entry("text", &self.to_string())?;
        map.end()
    }
}

/// Declares [`Code`]: each variant with its stable text, so the text is
/// written once and `as_str` cannot miss a variant.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $text:literal,)*) => {
        /// What kind of problem a [`Diagnostic`] is: a stable name, printed
        /// as `error[bad-count]` and written as `"code": "bad-count"` in the
        /// JSON of `check --format json` and the results file. A new kind is
        /// a new variant; the build then fails in `render/wording.rs` until
        /// the Datakvalitet section has its words (or says why it needs none).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, as declared.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case text ("bad-count").
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    // The activity logs, as files.
    /// A log or other input that does not exist.
    MissingFile = "missing-file",
    /// A file that exists but cannot be read (permissions, a disk error).
    UnreadableFile = "unreadable-file",
    /// A log that is a folder, a device or a pipe.
    NotAFile = "not-a-file",
    /// A link that leads to no file.
    BrokenLink = "broken-link",
    /// A file over `--max-file-mb`.
    FileTooLarge = "file-too-large",
    /// A file of no bytes, or only white space.
    EmptyFile = "empty-file",
    /// A PDF or other file that is no spreadsheet.
    NotASpreadsheet = "not-a-spreadsheet",
    /// A password-protected workbook.
    EncryptedWorkbook = "encrypted-workbook",
    /// A damaged workbook, or one over the limits.
    UnreadableWorkbook = "unreadable-workbook",
    /// A csv that cannot be read as a table.
    UnreadableCsv = "unreadable-csv",
    /// A NUL byte in a text log.
    NulByte = "nul-byte",
    /// A quote in a text log that is never closed.
    UnclosedQuote = "unclosed-quote",
    /// Lines of a text log in another encoding than the rest.
    MixedEncoding = "mixed-encoding",
    /// A text log in an encoding lofte does not read (a DOS code page):
    /// its å, ä and ö would come out as other characters.
    UnknownEncoding = "unknown-encoding",
    /// The same log given twice, or two logs with the same bytes.
    SameLogTwice = "same-log-twice",
    /// Hidden sheets, which are not read.
    HiddenSheets = "hidden-sheets",
    /// A workbook whose every sheet is hidden.
    OnlyHiddenSheets = "only-hidden-sheets",
    /// A sheet without a Datum column beside sheets that hold logs.
    SheetSkipped = "sheet-skipped",
    /// A sheet that looks like an example or a template.
    ExampleSheet = "example-sheet",
    /// A sheet named as a plan ("Planering") that holds rows.
    PlanSheet = "plan-sheet",
    /// A log or sheet whose every row repeats a row of another.
    CopiedLog = "copied-log",
    /// A log or sheet whose every row sums rows of another by period.
    SummedLog = "summed-log",
    /// Numbers in a column without a header, in a log without Antal.
    UnnamedNumbers = "unnamed-numbers",
    /// Consecutive rows repeating an earlier run of the same log.
    RepeatedRows = "repeated-rows",
    /// A log with a header and no rows.
    EmptyLog = "empty-log",
    // The activity logs: their header and cells.
    /// No header row found.
    NoHeader = "no-header",
    /// A header without a Datum column.
    NoDateColumn = "no-date-column",
    /// A header written as a known column's, near enough.
    NearHeader = "near-header",
    /// A header that may or may not be a known column.
    UnclearColumn = "unclear-column",
    /// A column counting people, not read as Antal.
    PeopleNotCount = "people-not-count",
    /// Two columns with the same header.
    DuplicateColumn = "duplicate-column",
    /// A row below the header that looks like the header.
    NotTheHeader = "not-the-header",
    /// Activities above the header row, not read.
    RowsAboveHeader = "rows-above-header",
    /// The header row again under the data.
    RepeatedHeader = "repeated-header",
    /// A Summa or Totalt row, skipped.
    SummaryRow = "summary-row",
    /// A row its log marks as not done, skipped.
    NotDone = "not-done",
    /// A Genomförd or Inställd cell that is neither yes nor no.
    UnclearDone = "unclear-done",
    /// A counted row whose Genomförd cell is empty where the column says
    /// yes on other rows.
    BlankDone = "blank-done",
    /// Every row of a promise whose target needs the day dated the 1st of
    /// its month: sums per month.
    SumsPerMonth = "sums-per-month",
    /// Date cells typed day first and read month first by a spreadsheet
    /// in another locale, beside the text it could not read so.
    SwappedDates = "swapped-dates",
    /// A Friday row of a weekend target whose Tid cell holds no time.
    FridayWithoutTime = "friday-without-time",
    /// A row marked not done of a promise counting requests and
    /// activities both.
    NotDoneRequest = "not-done-request",
    /// A row without a date.
    MissingDate = "missing-date",
    /// A date that is no date.
    BadDate = "bad-date",
    /// A date that reads two ways (day and month).
    AmbiguousDate = "ambiguous-date",
    /// A date before 2000 or after 2100.
    DateOutOfRange = "date-out-of-range",
    /// An Antal that is no whole number of 0 or more.
    BadCount = "bad-count",
    /// An Antal with a thousands separator that may be a decimal one.
    AmbiguousCount = "ambiguous-count",
    /// An Antal larger than one row can hold.
    ImplausibleCount = "implausible-count",
    /// An Antal merged over several rows.
    MergedCount = "merged-count",
    /// A quantity column's cell that is no number.
    BadQuantity = "bad-quantity",
    /// A cell holding a spreadsheet error (#DIV/0!).
    ErrorCell = "error-cell",
    /// An Antal or Löfte whose formula gives an empty value.
    EmptyFormula = "empty-formula",
    /// A cell longer than a spreadsheet cell can be.
    CellTooLong = "cell-too-long",
    /// A Löfte cell naming more than one promise.
    SeveralPromises = "several-promises",
    /// A Plats cell naming two or more of a target's places.
    SeveralPlaces = "several-places",
    /// A row dated after its workbook was last saved.
    AfterSaved = "after-saved",
    /// Every log last saved long before the report's as-of date: the
    /// periods after it are judged with no row they could hold.
    SavedBeforeAsOf = "saved-before-as-of",
    /// Rows hidden by hand (not by a filter or a collapsed group) that
    /// would be counted.
    HiddenRows = "hidden-rows",
    /// Rows struck through that would be counted.
    StruckRows = "struck-rows",
    /// A log without the column `urval` selects by.
    SelectionColumnMissing = "selection-column-missing",
    /// A row without a value in the column `urval` selects by.
    SelectionValueMissing = "selection-value-missing",
    /// No row of a log has the value `urval` selects.
    SelectionMatchesNothing = "selection-matches-nothing",
    /// Rows whose selection value names the agreement's among other words.
    SelectionNear = "selection-near",
    /// Rows counted toward promises naming another municipality in a
    /// Kommun column, where the promise file selects no rows (`urval`).
    OtherMunicipality = "other-municipality",
    /// A selection column holding codes and names, `urval` only one kind.
    SelectionForms = "selection-forms",
    // The promise file.
    /// The promise file is not UTF-8.
    NotUtf8 = "not-utf8",
    /// The promise file is not valid TOML.
    TomlSyntax = "toml-syntax",
    /// A promise file that could not be read as an agreement.
    InvalidPromiseFile = "invalid-promise-file",
    /// A key lofte does not know.
    UnknownKey = "unknown-key",
    /// A key given twice.
    DuplicateKey = "duplicate-key",
    /// A required key left out.
    MissingKey = "missing-key",
    /// A key of another target kind.
    KeyNotForKind = "key-not-for-kind",
    /// A value of the wrong type.
    WrongType = "wrong-type",
    /// An empty value.
    EmptyValue = "empty-value",
    /// A value lofte cannot use.
    BadValue = "bad-value",
    /// A number out of its range.
    BadNumber = "bad-number",
    /// A window that is no year or range.
    BadWindow = "bad-window",
    /// A range that ends before it starts.
    RangeReversed = "range-reversed",
    /// A date outside the agreement period.
    OutsidePeriod = "outside-period",
    /// An id given twice.
    DuplicateId = "duplicate-id",
    /// A promise without a target.
    MissingTarget = "missing-target",
    /// A target type lofte does not know.
    UnknownTargetType = "unknown-target-type",
    /// A `per` lofte does not know.
    UnknownUnit = "unknown-unit",
    /// A focus area no area is called.
    UnknownArea = "unknown-area",
    /// `urval` without both kolumn and varde.
    IncompleteSelection = "incomplete-selection",
    /// A comment for a window outside the agreement period.
    CommentOutsidePeriod = "comment-outside-period",
    /// An agreement period assumed from the title or the follow-up.
    AssumedPeriod = "assumed-period",
    /// A follow-up date read from the follow-up's text.
    AssumedDeadline = "assumed-deadline",
    /// A follow-up without a date.
    NoDeadlineDate = "no-deadline-date",
    /// A promise file naming no logs yet (`check`).
    NoLogs = "no-logs",
    // Indicator tables and indicators.
    /// An indicator table without its header.
    NoIndicatorHeader = "no-indicator-header",
    /// A column of the indicator table that is not read.
    UnknownIndicatorColumn = "unknown-indicator-column",
    /// An indicator table without a needed column.
    MissingColumn = "missing-column",
    /// An indicator row with figures and no name.
    MissingName = "missing-name",
    /// An indicator without a direction.
    MissingDirection = "missing-direction",
    /// A direction lofte does not know.
    BadDirection = "bad-direction",
    /// An indicator figure that is no number.
    BadFigure = "bad-figure",
    /// A year that is no year.
    BadYear = "bad-year",
    /// An indicator given twice.
    DuplicateIndicator = "duplicate-indicator",
    // Evaluation.
    /// A row whose Löfte names no promise.
    UnknownPromise = "unknown-promise",
    /// Rows with an empty Löfte under a row naming a promise.
    PromiseWrittenOnce = "promise-written-once",
    /// A row that looks like a total of the rows above it, with no word.
    UnlabelledTotal = "unlabelled-total",
    /// A column of promise ids not read as Löfte.
    UnreadPromiseColumn = "unread-promise-column",
    /// Lines of a csv file with more fields than its header.
    FieldsBeyondHeader = "fields-beyond-header",
    /// A Löfte cell holding a number that two promise ids read as.
    NumberedPromise = "numbered-promise",
    /// A column a target names that no log has.
    UnknownColumn = "unknown-column",
    /// An activity written nearly as the promise file writes one, and so
    /// not counted.
    NearActivity = "near-activity",
    /// Rows with no Aktivitet of a promise whose every target counts some
    /// activities only.
    NoActivity = "no-activity",
    /// A value of the promise file that matches no row.
    MatchesNoRow = "matches-no-row",
    /// A joint promise whose rows never show both parties.
    JointWithoutPartner = "joint-without-partner",
    /// A promise that is not joint, whose joint rows two logs both hold.
    LoggedTwice = "logged-twice",
    /// Rows of a promise dated outside its own `fran`/`till`.
    OutsidePromiseDates = "outside-promise-dates",
    /// A promise with no counted row.
    NoRows = "no-rows",
    /// Identical rows.
    DuplicateRow = "duplicate-row",
    /// A row dated far outside the agreement period.
    FarOutsidePeriod = "far-outside-period",
    // Writing the report, and the other commands.
    /// A problem in the template, from typst.
    Template = "template",
    /// A character the embedded fonts cannot print.
    Unprintable = "unprintable",
    /// A logo that cannot be read.
    UnreadableLogo = "unreadable-logo",
    /// A report that cannot be written.
    WriteFailed = "write-failed",
    /// A file `diff` reads that is no results file.
    NotResults = "not-results",
    /// The log workbook could not be made (`lofte logg`).
    WorkbookNotWritten = "workbook-not-written",
    /// An agreement text `lofte init` cannot read.
    UnreadableAgreement = "unreadable-agreement",
    /// An agreement text of a format `lofte init` does not read.
    UnknownAgreementFormat = "unknown-agreement-format",
    /// An agreement text with no text.
    EmptyAgreement = "empty-agreement",
    /// An agreement text in which `lofte init` found no promise.
    NoPromises = "no-promises",
    /// A request `serve` cannot carry out (a bad window, no logs).
    Usage = "usage",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Written as its text, as before codes were a type.
impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Ordered by text, as the codes were ordered when they were text.
impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// One problem with the user's data, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of problem ("bad-count").
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What was found, verbatim, when there is a value to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// What was expected instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Where the problem is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The bytes of a text file (promise file, template) the problem is
    /// about, so the printer can show the line and point at them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Other places that belong to the same problem (the first copy of a
    /// duplicated row, say), each with a short label.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// What to do about it. Often the same words for every problem of a
    /// kind: those are not copied into each (a log can have tens of
    /// thousands of duplicate rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Cow<'static, str>>,
    /// What the problem is about and what the user may have meant, when
    /// the message names them and `found` does not ([`About`]). Boxed: most
    /// problems have neither, and a log can have tens of thousands.
    #[serde(skip)]
    pub about: Option<Box<About>>,
}

/// What a problem is about, as the user wrote it, and what they may have
/// meant. The message is English; a page in another language names the
/// kind of problem in its own words and these beside them. Not written to
/// JSON, where the message and the hint say them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct About {
    /// A key of the promise file, a column's header, a promise id, a
    /// sheet: what the message names.
    pub subject: Option<String>,
    /// A known key, promise id or value near what was written, when the
    /// hint asks "did you mean …?".
    pub suggestion: Option<String>,
}

/// A byte range in a text file: where in the promise file or the template
/// a problem sits, for printing the line with a caret under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte (equal to `start` for a point).
    pub end: usize,
}

impl Span {
    /// As a range of bytes.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A value and the warnings found while making it, as typst's `Warned`:
/// warnings travel with a success; what stops a run travels as `Err`.
/// The one carrier of "value plus warnings" between the stages and the
/// printer.
#[derive(Debug, Clone, PartialEq)]
pub struct Warned<T> {
    /// What was made.
    pub output: T,
    /// What was odd on the way (warnings only; errors stop).
    pub warnings: Vec<Diagnostic>,
}

impl<T> Warned<T> {
    /// `output` with no warnings yet.
    pub fn new(output: T) -> Self {
        Warned {
            output,
            warnings: Vec::new(),
        }
    }

    /// `output` with `warnings`.
    pub fn with(output: T, warnings: Vec<Diagnostic>) -> Self {
        Warned { output, warnings }
    }

    /// The same warnings with the output changed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Warned<U> {
        Warned {
            output: f(self.output),
            warnings: self.warnings,
        }
    }
}

/// Errors in the user's data: what stops a run, as the error side of
/// typst's `SourceResult`. Never empty, and every one is an error; the
/// warnings found beside them travel in the [`Warned`] around the `Result`.
#[derive(Debug, Clone, PartialEq)]
pub struct Errors(Vec<Diagnostic>);

impl Errors {
    /// `errors` as the reason a run stops; `None` when there are none.
    /// Warnings among them are a mistake of the caller (checked in debug).
    pub fn new(errors: Vec<Diagnostic>) -> Option<Self> {
        debug_assert!(errors.iter().all(Diagnostic::is_error));
        (!errors.is_empty()).then_some(Errors(errors))
    }

    /// The errors, in the order found.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.0
    }

    /// The errors, in the order found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

/// The carrier a stage hands on: its output or the errors that stop the
/// run, and the warnings found either way. Errors first, then warnings,
/// is the order the printer shows them in.
impl<T> Warned<Result<T, Errors>> {
    /// Every problem, errors first, each in the order found.
    pub fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        let errors = match &self.output {
            Ok(_) => &[][..],
            Err(errors) => errors.as_slice(),
        };
        errors.iter().chain(&self.warnings)
    }

    /// The output with its warnings, or every problem (errors first) when
    /// errors stopped it.
    pub fn into_result(self) -> Result<Warned<T>, Vec<Diagnostic>> {
        match self.output {
            Ok(output) => Ok(Warned::with(output, self.warnings)),
            Err(errors) => {
                let mut all = errors.into_vec();
                all.extend(self.warnings);
                Err(all)
            }
        }
    }
}

/// The problems found on the way through stages that go on past an error,
/// as typst's `Sink` collects delayed errors: a bad cell loses its row,
/// not the whole log, so the stages after it still run and a user sees
/// every problem of the run at once. Errors and warnings are kept apart,
/// each in the order found; [`Sink::finish`] ends the run as the one
/// carrier, `Warned<Result<T, Errors>>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sink {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Sink {
    /// Adds one problem, to the errors or the warnings by its severity.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        match diagnostic.severity {
            Severity::Error => self.errors.push(diagnostic),
            Severity::Warning => self.warnings.push(diagnostic),
        }
    }

    /// The errors so far, in the order found.
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    /// The warnings so far, in the order found.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Whether any error was found: the run will stop.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Whether nothing at all was found.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.warnings.is_empty()
    }

    /// Every problem, errors first, each in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.errors.iter().chain(&self.warnings)
    }

    /// Removes repeats of the same problem (see [`dedup`]).
    pub fn dedup(&mut self) {
        dedup(&mut self.errors);
        dedup(&mut self.warnings);
    }

    /// Ends the run: `output` with the warnings when there is no error,
    /// else the errors (and the warnings all the same).
    pub fn finish<T>(self, output: T) -> Warned<Result<T, Errors>> {
        let output = match Errors::new(self.errors) {
            None => Ok(output),
            Some(errors) => Err(errors),
        };
        Warned::with(output, self.warnings)
    }

    /// Ends the run without an output: its errors, or `reason` when a
    /// stage gave up without saying why.
    pub fn stop<T>(mut self, reason: impl FnOnce() -> Diagnostic) -> Warned<Result<T, Errors>> {
        if self.errors.is_empty() {
            self.errors.push(reason());
        }
        Warned::with(Err(Errors(self.errors)), self.warnings)
    }

    /// Every problem, errors first, each in the order found: what a run
    /// that stops prints.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let mut all = self.errors;
        all.extend(self.warnings);
        all
    }

    /// The warnings alone, when the caller has checked there is no error.
    pub fn into_warnings(self) -> Vec<Diagnostic> {
        self.warnings
    }
}

impl Extend<Diagnostic> for Sink {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        for d in iter {
            self.push(d);
        }
    }
}

impl FromIterator<Diagnostic> for Sink {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        let mut sink = Sink::default();
        sink.extend(iter);
        sink
    }
}

/// A second location that belongs to a diagnostic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    /// What this place is ("first logged here").
    pub label: Cow<'static, str>,
    /// Where.
    pub location: Location,
}

impl Diagnostic {
    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            found: None,
            expected: None,
            location: None,
            span: None,
            related: Vec::new(),
            hint: None,
            about: None,
        }
    }

    /// A new error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A new warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Sets where the problem is.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets the byte range of a text file the problem is about (the file
    /// of [`Diagnostic::location`]).
    pub fn span(mut self, range: std::ops::Range<usize>) -> Self {
        self.span = Some(Span {
            start: range.start,
            end: range.end.max(range.start),
        });
        self
    }

    /// Sets what was found.
    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    /// Sets what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Sets what the problem is about, as the user wrote it (see
    /// [`About`]).
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.set_subject(Some(subject.into()));
        self
    }

    /// Sets (or clears) what the problem is about, in place.
    pub fn set_subject(&mut self, subject: Option<String>) {
        self.about.get_or_insert_default().subject = subject;
    }

    /// What the problem is about, as the user wrote it.
    pub fn subject_text(&self) -> Option<&str> {
        self.about.as_ref()?.subject.as_deref()
    }

    /// What the user may have meant.
    pub fn suggestion_text(&self) -> Option<&str> {
        self.about.as_ref()?.suggestion.as_deref()
    }

    /// Sets what the user may have meant (see [`About`]).
    pub fn suggestion(mut self, near: impl Into<String>) -> Self {
        self.about.get_or_insert_default().suggestion = Some(near.into());
        self
    }

    /// Asks whether the user meant `near`: the hint `did you mean "near"?`
    /// and the suggestion.
    pub fn did_you_mean(self, near: &str) -> Self {
        self.hint(format!("did you mean \"{near}\"?"))
            .suggestion(near)
    }

    /// Sets what to do.
    pub fn hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a related location.
    pub fn related(mut self, label: impl Into<Cow<'static, str>>, location: Location) -> Self {
        // Most problems name one other place; a vector's first growth
        // would make room for four (a log's tens of thousands of
        // duplicate pairs paid 10 MB for the three unused).
        if self.related.capacity() == 0 {
            self.related.reserve_exact(1);
        }
        self.related.push(Related {
            label: label.into(),
            location,
        });
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// How many related places a printed diagnostic names.
const MAX_RELATED_SHOWN: usize = 5;

/// Compiler-style text:
/// ```text
/// error[bad-count]: column "Antal" expects a whole number
///   --> aktiviteter.xlsx, sheet "Polisen", cell D14
///    = found: "ca 5"
///    = expected: a whole number, 0 or more
///    = hint: put remarks in the column "Kommentar"
/// ```
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        if let Some(location) = &self.location {
            write!(f, "\n  --> {location}")?;
        }
        f.write_str(&self.details())
    }
}

impl Diagnostic {
    /// The lines under the header and location: related places, what was
    /// found and expected, and the hint, each starting with a line break.
    /// Printed the same whether the location is a cell or a source line.
    pub fn details(&self) -> String {
        let mut out = String::new();
        // A group of many rows (a log pasted in twice) names the first
        // few; every one is in the JSON.
        for related in self.related.iter().take(MAX_RELATED_SHOWN) {
            out.push_str(&format!("\n  --> {} ({})", related.location, related.label));
        }
        if self.related.len() > MAX_RELATED_SHOWN {
            out.push_str(&format!(
                "\n  --> … {} more",
                self.related.len() - MAX_RELATED_SHOWN
            ));
        }
        if let Some(found) = &self.found {
            out.push_str(&format!("\n   = found: {found:?}"));
        }
        if let Some(expected) = &self.expected {
            out.push_str(&format!("\n   = expected: {expected}"));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n   = hint: {hint}"));
        }
        out
    }
}

/// Removes repeats of the same problem, keeping the first: a cell read by
/// several promises or targets is one cause and one warning.
///
/// The problems are compared where they lie, nothing copied: a large log
/// has tens of thousands of warnings.
pub fn dedup(diagnostics: &mut Vec<Diagnostic>) {
    let first: Vec<bool> = {
        let mut seen: rustc_hash::FxHashSet<_> = rustc_hash::FxHashSet::default();
        seen.reserve(diagnostics.len());
        diagnostics
            .iter()
            .map(|d| {
                seen.insert((
                    d.severity,
                    d.code,
                    d.location.as_ref(),
                    d.message.as_str(),
                    d.found.as_deref(),
                ))
            })
            .collect()
    };
    let mut first = first.into_iter();
    diagnostics.retain(|_| first.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(code: Code, error: bool, row: u32) -> Diagnostic {
        let d = if error {
            Diagnostic::error(code, "bad")
        } else {
            Diagnostic::warning(code, "odd")
        };
        d.at(Location::row("logg.csv", None, row))
    }

    #[test]
    fn a_sink_keeps_errors_apart_from_warnings_each_in_the_order_found() {
        let found = [
            problem(Code::DuplicateRow, false, 1),
            problem(Code::BadCount, true, 2),
            problem(Code::HiddenSheets, false, 3),
            problem(Code::BadDate, true, 4),
        ];
        let sink: Sink = found.iter().cloned().collect();
        assert!(sink.has_errors());
        let codes = |list: &[Diagnostic]| list.iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(codes(sink.errors()), [Code::BadCount, Code::BadDate]);
        assert_eq!(
            codes(sink.warnings()),
            [Code::DuplicateRow, Code::HiddenSheets]
        );
        // A run that stops prints its errors first, as the terminal does.
        assert_eq!(
            codes(&sink.clone().into_vec()),
            [
                Code::BadCount,
                Code::BadDate,
                Code::DuplicateRow,
                Code::HiddenSheets
            ]
        );
        let finished = sink.finish("report");
        assert_eq!(
            finished.output.as_ref().map_err(|e| codes(e.as_slice())),
            Err(vec![Code::BadCount, Code::BadDate])
        );
        assert_eq!(finished.warnings.len(), 2, "warnings travel with errors");
        assert_eq!(finished.problems().count(), 4);
    }

    #[test]
    fn a_sink_without_errors_finishes_with_the_output_and_its_warnings() {
        let mut sink = Sink::default();
        sink.push(problem(Code::DuplicateRow, false, 1));
        sink.push(problem(Code::DuplicateRow, false, 1));
        sink.dedup();
        let Warned { output, warnings } = sink.finish(7);
        assert_eq!(output.ok(), Some(7));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn a_stage_that_gives_up_without_an_error_still_stops_with_a_reason() {
        let mut sink = Sink::default();
        sink.push(problem(Code::DuplicateRow, false, 1));
        let stopped: Warned<Result<(), Errors>> =
            sink.stop(|| Diagnostic::error(Code::InvalidPromiseFile, "why"));
        let errors = stopped.output.unwrap_err();
        assert_eq!(errors.as_slice()[0].code, Code::InvalidPromiseFile);
        assert_eq!(stopped.warnings.len(), 1);
        assert_eq!(Errors::new(Vec::new()), None);
    }

    #[test]
    fn every_code_has_its_own_kebab_case_text_as_in_the_json() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} is given twice");
            assert!(
                text.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{text}"
            );
            assert_eq!(serde_json::to_value(code).unwrap(), text);
            assert_eq!(code.to_string(), text);
        }
        let json = serde_json::to_value(Diagnostic::error(Code::BadCount, "x")).unwrap();
        assert_eq!(json["code"], "bad-count");
    }

    #[test]
    fn column_letters_roll_over() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(a1(13, 3), "D14");
    }

    #[test]
    fn line_column_counts_characters_and_clamps() {
        let text = "a = 1\nåäö = x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 7));
        assert_eq!(line_column(text, 10_000), (3, 1));
        // Inside a multi-byte character: clamps back, does not panic.
        assert_eq!(line_column(text, 7), (2, 1));
    }

    #[test]
    fn a_large_group_names_its_first_rows_and_counts_the_rest() {
        let mut d = Diagnostic::warning(Code::DuplicateRow, "8 identical rows")
            .at(Location::row("logg.csv", None, 1));
        for r in 2..9 {
            d = d.related("identical", Location::row("logg.csv", None, r));
        }
        let text = d.to_string();
        assert_eq!(text.matches("(identical)").count(), 5, "{text}");
        assert!(text.ends_with("\n  --> … 2 more"), "{text}");
    }

    #[test]
    fn rows_are_listed_file_by_file_in_either_language() {
        let rows = RowList(vec![
            Location::row("polisen.csv", None, 4),
            Location::row("polisen.csv", None, 25),
            Location::row("kommunen.xlsx", Some("Logg"), 2),
        ]);
        assert_eq!(
            rows.text(Lang::Sv),
            "polisen.csv rad 5, 26; kommunen.xlsx, blad Logg, rad 3"
        );
        assert_eq!(
            rows.text(Lang::En),
            "polisen.csv, line 5, 26; kommunen.xlsx, sheet \"Logg\", row 3"
        );
        let many = RowList((1..=25).map(|r| Location::row("a.csv", None, r)).collect());
        assert_eq!(
            many.text(Lang::Sv),
            "a.csv rad 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 och 15 till"
        );
        assert_eq!(
            Location::cell("logg.csv", None, 3, 4).describe(Lang::Sv),
            "logg.csv rad 4, kolumn E"
        );
        assert_eq!(
            Location::cell("a.xlsx", Some("Polisen"), 13, 3).describe(Lang::Sv),
            "a.xlsx, blad Polisen, cell D14"
        );
    }

    #[test]
    fn dedup_keeps_the_first_of_each_cause() {
        let bad = |row| {
            Diagnostic::warning(
                Code::BadQuantity,
                "column \"Beslag (g)\" should hold a number",
            )
            .at(Location::cell("logg.csv", None, row, 5))
            .found("ca 5")
        };
        let mut list = vec![bad(1), bad(2), bad(1), bad(1)];
        dedup(&mut list);
        assert_eq!(list, vec![bad(1), bad(2)]);
    }

    #[test]
    fn display_names_file_sheet_and_cell() {
        let d = Diagnostic::error(Code::BadCount, "column \"Antal\" expects a whole number")
            .at(Location::cell("logg.xlsx", Some("Polisen"), 13, 3))
            .found("ca 5")
            .hint("put remarks in the column \"Kommentar\"");
        let text = d.to_string();
        assert!(
            text.contains("--> logg.xlsx, sheet \"Polisen\", cell D14"),
            "{text}"
        );
        assert!(text.contains("= found: \"ca 5\""), "{text}");
        let csv = Location::cell("logg.csv", None, 4, 2).to_string();
        assert_eq!(csv, "logg.csv, line 5, column C");
        let json = serde_json::to_value(Location::cell("a.xlsx", Some("S"), 2, 1)).unwrap();
        assert_eq!(json["cell"], "B3");
        assert_eq!(json["sheet"], "S");
    }
}

/// The candidate closest to `word` by edit distance (case-insensitive),
/// when it is close enough to be a likely typo: for "did you mean K3?".
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            let current = row.get(j + 1).copied().unwrap_or(0);
            let insert = row.get(j).copied().unwrap_or(0) + 1;
            let delete = current + 1;
            previous = current;
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = substitute.min(insert).min(delete);
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// A text as a TOML basic string, for a line of the promise file a hint
/// or `lofte init` writes: a header typed with a line break (Alt+Enter), a
/// quote or a backslash is escaped, so the line parses and names the text.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod nearest_tests {
    use super::nearest;

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["K1", "K2", "K3", "narvaro"];
        assert_eq!(nearest("k3", ids), Some("K3"));
        assert_eq!(nearest("narvar", ids), Some("narvaro"));
        assert_eq!(nearest("trafiksäkerhet", ids), None);
    }
}

#[cfg(test)]
mod toml_string_tests {
    use super::toml_string;

    /// Regression: a header typed with a line break gave a `[kolumner]`
    /// line that did not parse.
    #[test]
    fn every_text_reads_back_as_itself() {
        for text in [
            "Medborgar-\nlöfte",
            "Antal \"st\"",
            "C:\\logg",
            "tab\there",
            "cr\r\n",
            "bell\u{7}",
            "Löfte",
        ] {
            let line = format!("k = {}", toml_string(text));
            let table: toml::Table = toml::from_str(&line).unwrap();
            assert_eq!(table["k"].as_str(), Some(text), "{line}");
        }
    }
}
