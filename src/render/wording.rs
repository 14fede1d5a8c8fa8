//! Every word the report says about a figure, in one place: statuses,
//! roles of inputs, periods (singular and plural), units, target
//! descriptions, outcomes, interval labels and the pace of a target not
//! yet due, per language. evaluate hands over figures and enums; this
//! module turns them into words.
//!
//! Every match over a [`Kind`], [`Status`], [`Role`] or [`Period`] here is
//! exhaustive, with no catch-all arm: a new kind of target does not compile
//! until it has its words in every language.

use chrono::{Datelike, NaiveDate};

use super::document::Words;

use crate::agreement::{
    Counting, DateRange, Denominator, Direction, IndicatorChange, Period, Promise, ShareUnit,
    Target, TargetKind, Verdict,
};
use crate::diag::Code;
use crate::evaluate::{
    DEFAULT_NOUN, DateSource, Exclusion, IntervalResult, Kind, Pace, Role, Status, TargetResult,
    TargetWords,
};
use crate::locale::{self, Lang};

/// A number as outcomes print it (two decimals at most).
fn num(lang: Lang, x: f64) -> String {
    locale::number(lang, x, 2)
}

/// The label of a status ("Delvis uppfyllt", "Partly met").
pub fn status_label(lang: Lang, status: Status) -> &'static str {
    match (lang, status) {
        (Lang::Sv, Status::Met) => "Uppfyllt",
        (Lang::Sv, Status::PartlyMet) => "Delvis uppfyllt",
        (Lang::Sv, Status::NotMet) => "Ej uppfyllt",
        (Lang::Sv, Status::InProgress) => "Pågår",
        (Lang::Sv, Status::ReportedInText) => "Redovisas i text",
        (Lang::Sv, Status::NotApplicable) => "Ej aktuellt",
        (Lang::Sv, Status::NoData) => "Underlag saknas",
        (Lang::En, Status::Met) => "Met",
        (Lang::En, Status::PartlyMet) => "Partly met",
        (Lang::En, Status::NotMet) => "Not met",
        (Lang::En, Status::InProgress) => "In progress",
        (Lang::En, Status::ReportedInText) => "Reported in text",
        (Lang::En, Status::NotApplicable) => "Not applicable",
        (Lang::En, Status::NoData) => "No data",
    }
}

/// A symbol for each status, so that no meaning rests on colour alone;
/// all of them are glyphs the embedded font has.
pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Met => "✓",
        Status::PartlyMet => "◇",
        Status::NotMet => "✗",
        Status::InProgress => "→",
        Status::ReportedInText => "■",
        Status::NotApplicable => "–",
        Status::NoData => "⚠",
    }
}

/// What an input is to the report ("Aktivitetslogg").
pub fn role(lang: Lang, role: Role) -> &'static str {
    match (lang, role) {
        (Lang::Sv, Role::Promises) => "Löftesfil",
        (Lang::Sv, Role::Log) => "Aktivitetslogg",
        (Lang::Sv, Role::Indicators) => "Indikatortabell",
        (Lang::Sv, Role::Template) => "Mall",
        (Lang::En, Role::Promises) => "Promise file",
        (Lang::En, Role::Log) => "Activity log",
        (Lang::En, Role::Indicators) => "Indicator table",
        (Lang::En, Role::Template) => "Template",
    }
}

/// A period's singular and plural: ("vecka", "veckor"), ("week", "weeks").
fn period_forms(lang: Lang, per: Period) -> (&'static str, &'static str) {
    match (lang, per) {
        (Lang::Sv, Period::Day) => ("dag", "dagar"),
        (Lang::Sv, Period::Week) => ("vecka", "veckor"),
        (Lang::Sv, Period::Month) => ("månad", "månader"),
        (Lang::Sv, Period::Quarter) => ("kvartal", "kvartal"),
        (Lang::Sv, Period::Year) => ("år", "år"),
        (Lang::En, Period::Day) => ("day", "days"),
        (Lang::En, Period::Week) => ("week", "weeks"),
        (Lang::En, Period::Month) => ("month", "months"),
        (Lang::En, Period::Quarter) => ("quarter", "quarters"),
        (Lang::En, Period::Year) => ("year", "years"),
        (Lang::Sv, Period::HalfYear) => ("halvår", "halvår"),
        (Lang::Sv, Period::Term) => ("termin", "terminer"),
        (Lang::Sv, Period::Weekend) => ("helg", "helger"),
        (Lang::En, Period::HalfYear) => ("half-year", "half-years"),
        (Lang::En, Period::Term) => ("term", "terms"),
        (Lang::En, Period::Weekend) => ("weekend", "weekends"),
    }
}

/// A period in the singular, after "per" ("vecka", "week").
pub fn period_singular(lang: Lang, per: Period) -> &'static str {
    period_forms(lang, per).0
}

/// A period in the plural, after a number ("10 av 12 månader").
pub fn period_plural(lang: Lang, per: Period) -> &'static str {
    period_forms(lang, per).1
}

/// The singular or the plural a count asks for ("1 månad", "2 månader").
pub fn period_n(lang: Lang, count: f64, per: Period) -> &'static str {
    let (one, many) = period_forms(lang, per);
    noun_for(count, one, many)
}

/// "varje vecka", "every week": how often, for the log's instructions.
pub fn period_every(lang: Lang, per: Period) -> &'static str {
    match (lang, per) {
        (Lang::Sv, Period::Day) => "varje dag",
        (Lang::Sv, Period::Week) => "varje vecka",
        (Lang::Sv, Period::Month) => "varje månad",
        (Lang::Sv, Period::Quarter) => "varje kvartal",
        (Lang::Sv, Period::Year) => "varje kalenderår",
        (Lang::En, Period::Day) => "every day",
        (Lang::En, Period::Week) => "every week",
        (Lang::En, Period::Month) => "every month",
        (Lang::En, Period::Quarter) => "every quarter",
        (Lang::En, Period::Year) => "every calendar year",
        (Lang::Sv, Period::HalfYear) => "varje halvår",
        (Lang::Sv, Period::Term) => "varje termin",
        (Lang::Sv, Period::Weekend) => "varje helg",
        (Lang::En, Period::HalfYear) => "every half-year",
        (Lang::En, Period::Term) => "every term",
        (Lang::En, Period::Weekend) => "every weekend",
    }
}

/// `singular` for exactly 1, else `plural`: "1 insats", "0 insatser",
/// "1,5 insatser".
pub fn noun_for<'a>(x: f64, singular: &'a str, plural: &'a str) -> &'a str {
    if (x - 1.0).abs() < f64::EPSILON {
        singular
    } else {
        plural
    }
}

/// A thing a summary line counts: "1 varning", "2 varningar".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// A warning about the data or the template.
    Warning,
    /// An error that stops the report.
    Error,
    /// A promise of the agreement.
    Promise,
    /// A focus area of the agreement.
    FocusArea,
    /// A guess of `lofte init` to check.
    Guess,
}

/// `n` and the noun for `what`, singular for exactly one: "1 varning",
/// "3 varningar", "1 löfte".
pub fn count(lang: Lang, n: usize, what: Counted) -> String {
    let (one, many) = match (lang, what) {
        (Lang::Sv, Counted::Warning) => ("varning", "varningar"),
        (Lang::Sv, Counted::Error) => ("fel", "fel"),
        (Lang::Sv, Counted::Promise) => ("löfte", "löften"),
        (Lang::Sv, Counted::FocusArea) => ("fokusområde", "fokusområden"),
        (Lang::Sv, Counted::Guess) => ("gissning", "gissningar"),
        (Lang::En, Counted::Warning) => ("warning", "warnings"),
        (Lang::En, Counted::Error) => ("error", "errors"),
        (Lang::En, Counted::Promise) => ("promise", "promises"),
        (Lang::En, Counted::FocusArea) => ("focus area", "focus areas"),
        (Lang::En, Counted::Guess) => ("guess", "guesses"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The note under a promise's rows when some are left out: "1 rad till
/// räknas men visas inte här …".
pub fn rows_left_out(lang: Lang, n: usize, max: usize) -> String {
    let shown = locale::count(lang, n as u64);
    match (lang, n) {
        (Lang::Sv, 1) => format!(
            "{shown} rad till räknas men visas inte här (högst {max} per löfte); resultat-JSON:en har alla."
        ),
        (Lang::Sv, _) => format!(
            "{shown} rader till räknas men visas inte här (högst {max} per löfte); resultat-JSON:en har alla."
        ),
        (Lang::En, 1) => format!(
            "{shown} more row counts but is not shown here (at most {max} a promise); the results JSON has them all."
        ),
        (Lang::En, _) => format!(
            "{shown} more rows count but are not shown here (at most {max} a promise); the results JSON has them all."
        ),
    }
}

/// The activity types a promise's list leaves out, after its last one:
/// "och 31 till, sammanlagt 412 (resultat-JSON:en har alla)".
pub fn activities_left_out(lang: Lang, n: usize, count: u64) -> String {
    let types = locale::count(lang, n as u64);
    let count = locale::count(lang, count);
    match lang {
        Lang::Sv => format!("och {types} till, sammanlagt {count} (resultat-JSON:en har alla)"),
        Lang::En => format!("and {types} more, {count} in all (the results JSON has them all)"),
    }
}

/// Periods of a change left out of its sentence: "1 period till",
/// "3 perioder till".
pub fn more_periods(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Sv, 1) => "1 period till".to_owned(),
        (Lang::Sv, n) => format!("{n} perioder till"),
        (Lang::En, 1) => "1 more period".to_owned(),
        (Lang::En, n) => format!("{n} more periods"),
    }
}

/// The text alternative of the summary chart: "Stapeldiagram över 12
/// löften: Uppfyllt 5, …".
pub fn summary_alt(lang: Lang, promises: usize, figures: &str) -> String {
    match (lang, promises) {
        (Lang::Sv, 1) => format!("Stapeldiagram över 1 löfte: {figures}."),
        (Lang::Sv, n) => format!("Stapeldiagram över {n} löften: {figures}."),
        (Lang::En, 1) => format!("Bar chart of 1 promise: {figures}."),
        (Lang::En, n) => format!("Bar chart of {n} promises: {figures}."),
    }
}

/// A count the Datakvalitet section states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QualityCount {
    /// The number of rows read.
    RowsRead,
    /// The number of rows counted toward a promise.
    RowsCounted,
    /// The number of rows outside the report period, not counted.
    RowsOutsideWindow,
    /// The number of rows before the report period that a target over
    /// the agreement period counts.
    RowsBeforeWindowCounted,
    /// The number of rows after the as-of date.
    RowsAfterAsOf,
    /// The number of rows matching no promise.
    Unmatched,
    /// The number of rows of joint promises lacking the partner.
    MissingPartner,
    /// The number of joint events logged by both parties.
    LoggedByBoth,
}

/// The label of a count in the Datakvalitet section ("Rader lästa").
pub fn quality_label(lang: Lang, count: QualityCount) -> &'static str {
    match (lang, count) {
        (Lang::Sv, QualityCount::RowsRead) => "Rader lästa",
        (Lang::Sv, QualityCount::RowsCounted) => "Rader som räknats mot något löfte",
        (Lang::Sv, QualityCount::RowsOutsideWindow) => {
            "Rader utanför rapportperioden (räknas inte)"
        }
        (Lang::Sv, QualityCount::RowsBeforeWindowCounted) => {
            "Rader före rapportperioden som räknas mot mål över hela avtalsperioden"
        }
        (Lang::Sv, QualityCount::RowsAfterAsOf) => "Rader efter underlagsdatum (räknas inte)",
        (Lang::Sv, QualityCount::Unmatched) => "Rader som inte hör till något löfte",
        (Lang::Sv, QualityCount::MissingPartner) => {
            "Rader som saknar samverkanspart i gemensamma löften"
        }
        (Lang::Sv, QualityCount::LoggedByBoth) => {
            "Gemensamma händelser loggade av båda parter, räknade en gång"
        }
        (Lang::En, QualityCount::RowsRead) => "Rows read",
        (Lang::En, QualityCount::RowsCounted) => "Rows counted toward a promise",
        (Lang::En, QualityCount::RowsOutsideWindow) => {
            "Rows outside the report period (not counted)"
        }
        (Lang::En, QualityCount::RowsBeforeWindowCounted) => {
            "Rows before the report period counted toward targets over the whole agreement period"
        }
        (Lang::En, QualityCount::RowsAfterAsOf) => "Rows after the as-of date (not counted)",
        (Lang::En, QualityCount::Unmatched) => "Rows matching no promise",
        (Lang::En, QualityCount::MissingPartner) => "Rows of joint promises lacking the partner",
        (Lang::En, QualityCount::LoggedByBoth) => {
            "Joint events logged by both parties, counted once"
        }
    }
}

/// The words for a kind of row left out. Exhaustive: a new kind must be
/// named here before it can reach a report.
pub fn excluded_label(lang: Lang, kind: Exclusion) -> &'static str {
    match (kind, lang) {
        (Exclusion::SummaryRow, Lang::Sv) => "Summeringsrader som inte räknats",
        (Exclusion::SummaryRow, Lang::En) => "Summary rows not counted",
        (Exclusion::Invalid, Lang::Sv) => "Rader med fel som inte räknats",
        (Exclusion::Invalid, Lang::En) => "Rows with errors not counted",
        (Exclusion::RepeatedHeader, Lang::Sv) => "Upprepade rubrikrader som inte räknats",
        (Exclusion::RepeatedHeader, Lang::En) => "Repeated header rows not counted",
        (Exclusion::NotDone, Lang::Sv) => "Rader markerade som inte genomförda, inte räknade",
        (Exclusion::NotDone, Lang::En) => "Rows marked as not done, not counted",
    }
}

/// The words for a kind of warning in the Datakvalitet section.
/// Exhaustive over [`Code`]: a new kind of problem must be placed here
/// (given its words, or named among those that never reach a report)
/// before it compiles.
pub fn warning_label(lang: Lang, code: Code) -> String {
    let (sv, en) = match code {
        Code::DuplicateRow => (
            "Grupper av rader som är identiska i varje kolumn (alla rader räknas)",
            "Groups of rows identical in every column (every row is counted)",
        ),
        Code::EmptyLog => (
            "Loggar med rubrikrad men utan rader",
            "Logs with a header but no rows",
        ),
        Code::FarOutsidePeriod => (
            "Rader daterade mer än ett år utanför avtalsperioden (räknas inte)",
            "Rows dated more than a year outside the agreement period (not counted)",
        ),
        Code::HiddenSheets => (
            "Loggar med dolda blad som inte lästs",
            "Logs with hidden sheets not read",
        ),
        Code::SheetSkipped => (
            "Blad utan Datum-kolumn (lästs inte)",
            "Sheets without a Datum column (not read)",
        ),
        Code::SameLogTwice => (
            "Loggar angivna två gånger (lästa en gång)",
            "Logs given twice (read once)",
        ),
        Code::MixedEncoding => (
            "Rader i annan teckenkodning (lästa som Windows-1252 eller Mac Roman)",
            "Lines in another encoding (read as Windows-1252 or Mac Roman)",
        ),
        Code::NearHeader => (
            "Kolumnrubriker tolkade som kända kolumner",
            "Column headers read as known columns",
        ),
        Code::PeopleNotCount => (
            "Kolumner som räknar personer, inte aktiviteter (läses inte som Antal)",
            "Columns counting people, not activities (not read as Antal)",
        ),
        Code::OutsidePromiseDates => (
            "Rader daterade utanför löftets egna datum (räknas inte)",
            "Rows dated outside the promise's own dates (not counted)",
        ),
        Code::NoRows => (
            "Löften utan någon räknad rad",
            "Promises with no counted row",
        ),
        Code::JointWithoutPartner => (
            "Gemensamma löften där ingen rad visar båda parter",
            "Joint promises where no row shows both parties",
        ),
        Code::MatchesNoRow => (
            "Värden i löftesfilen som ingen rad har",
            "Values in the promise file that no row holds",
        ),
        Code::CommentOutsidePeriod => (
            "Kommentarer för en annan period",
            "Comments for another period",
        ),
        Code::AssumedPeriod => (
            "Avtalsperiod som löftesfilen inte anger: antagen ur rubriken eller uppföljningen",
            "Agreement period the promise file does not state: assumed from the title or the follow-up",
        ),
        Code::AssumedDeadline => (
            "Uppföljningsdatum som lästs ur uppföljningstexten",
            "Follow-up date read from the follow-up text",
        ),
        Code::NoDeadlineDate => ("Uppföljning utan datum", "Follow-up without a date"),
        Code::UnknownIndicatorColumn => (
            "Kolumner i indikatortabellen som inte lästs",
            "Columns of the indicator table not read",
        ),
        Code::SelectionMatchesNothing => (
            "Loggar där inga rader har urvalets värde (inget räknas från dem)",
            "Logs where no row has the selected value (nothing counted from them)",
        ),
        Code::SelectionValueMissing => (
            "Rader utan värde i urvalskolumnen (räknas inte)",
            "Rows without a value in the selection column (not counted)",
        ),
        Code::SummaryRow => (
            "Summeringsrader som inte räknats",
            "Summary rows not counted",
        ),
        Code::RepeatedHeader => (
            "Upprepade rubrikrader som inte räknats",
            "Repeated header rows not counted",
        ),
        Code::NotDone => (
            "Rader markerade som inte genomförda, inte räknade",
            "Rows marked as not done, not counted",
        ),
        // Errors stop a run before any report is written, and these
        // warnings are said on the terminal only (check, the template,
        // the fonts): none reaches the Datakvalitet section. Named by
        // code, should one ever do so.
        Code::MissingFile
        | Code::UnreadableFile
        | Code::NotAFile
        | Code::BrokenLink
        | Code::FileTooLarge
        | Code::EmptyFile
        | Code::NotASpreadsheet
        | Code::EncryptedWorkbook
        | Code::UnreadableWorkbook
        | Code::UnreadableCsv
        | Code::UnknownEncoding
        | Code::NulByte
        | Code::UnclosedQuote
        | Code::OnlyHiddenSheets
        | Code::ExampleSheet
        | Code::PlanSheet
        | Code::CopiedLog
        | Code::SummedLog
        | Code::RepeatedRows
        | Code::UnnamedNumbers
        | Code::NoHeader
        | Code::NoDateColumn
        | Code::UnclearColumn
        | Code::DuplicateColumn
        | Code::NotTheHeader
        | Code::RowsAboveHeader
        | Code::NotDoneRequest
        | Code::UnclearDone
        | Code::BlankDone
        | Code::SumsPerMonth
        | Code::SwappedDates
        | Code::FridayWithoutTime
        | Code::MissingDate
        | Code::BadDate
        | Code::AmbiguousDate
        | Code::DateOutOfRange
        | Code::BadCount
        | Code::AmbiguousCount
        | Code::ImplausibleCount
        | Code::MergedCount
        | Code::ErrorCell
        | Code::EmptyFormula
        | Code::CellTooLong
        | Code::SeveralPromises
        | Code::SeveralPlaces
        | Code::AfterSaved
        | Code::SavedBeforeAsOf
        | Code::HiddenRows
        | Code::StruckRows
        | Code::SelectionColumnMissing
        | Code::NotUtf8
        | Code::TomlSyntax
        | Code::InvalidPromiseFile
        | Code::UnknownKey
        | Code::DuplicateKey
        | Code::MissingKey
        | Code::KeyNotForKind
        | Code::WrongType
        | Code::EmptyValue
        | Code::BadValue
        | Code::BadNumber
        | Code::BadWindow
        | Code::RangeReversed
        | Code::OutsidePeriod
        | Code::DuplicateId
        | Code::MissingTarget
        | Code::UnknownTargetType
        | Code::UnknownUnit
        | Code::UnknownArea
        | Code::IncompleteSelection
        | Code::NoLogs
        | Code::NoIndicatorHeader
        | Code::MissingColumn
        | Code::MissingName
        | Code::MissingDirection
        | Code::BadDirection
        | Code::BadFigure
        | Code::BadYear
        | Code::DuplicateIndicator
        | Code::UnknownPromise
        | Code::NumberedPromise
        | Code::NoActivity
        | Code::PromiseWrittenOnce
        | Code::UnlabelledTotal
        | Code::BadQuantity
        | Code::UnreadPromiseColumn
        | Code::SelectionNear
        | Code::OtherMunicipality
        | Code::SelectionForms
        | Code::LoggedTwice
        | Code::NearActivity
        | Code::FieldsBeyondHeader
        | Code::UnknownColumn
        | Code::Template
        | Code::Unprintable
        | Code::UnreadableLogo
        | Code::WriteFailed
        | Code::NotResults
        | Code::WorkbookNotWritten
        | Code::UnreadableAgreement
        | Code::UnknownAgreementFormat
        | Code::EmptyAgreement
        | Code::NoPromises
        | Code::Usage => {
            return match lang {
                Lang::Sv => format!("Varningar ({code})"),
                Lang::En => format!("Warnings ({code})"),
            };
        }
    };
    match lang {
        Lang::Sv => sv.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// The last line of a Datakvalitet item's examples: how many more there
/// are, and where they all are.
pub fn quality_more(lang: Lang, more: usize) -> String {
    let n = locale::count(lang, more as u64);
    match lang {
        Lang::Sv => format!("… och {n} till; resultatfilen (JSON) listar alla"),
        Lang::En => format!("… and {n} more; the results file (JSON) lists every one"),
    }
}

/// An example of identical rows: "3 identiska rader: …".
pub fn identical_rows(lang: Lang, n: usize, list: &str) -> String {
    match lang {
        Lang::Sv => format!("{n} identiska rader: {list}"),
        Lang::En => format!("{n} identical rows: {list}"),
    }
}

/// An example of a joint event both parties logged, counted once.
pub fn logged_by_both(lang: Lang, at: &str, promise: &str, also: &str) -> String {
    match lang {
        Lang::Sv => {
            format!("{at} ({promise}): loggad av båda parter, räknad en gång (också {also})")
        }
        Lang::En => format!("{at} ({promise}): logged by both parties, counted once (also {also})"),
    }
}

/// The report's headings in Swedish.
const SV: Words = Words {
    title: "Uppföljning av medborgarlöften",
    window: "Rapportperiod",
    as_of: "Underlag per",
    deadline: "Uppföljningen besvarar",
    version: "Version",
    diarienummer: "Diarienummer",
    summary: "Sammanfattning",
    promise: "Löfte",
    responsible: "Ansvarig",
    partners: "Samverkan",
    target: "Mål",
    outcome: "Utfall",
    status: "Bedömning",
    comment: "Kommentar",
    next_step: "Nästa steg",
    done_by: "Utfört av",
    logged: "Loggade aktiviteter",
    data_quality: "Datakvalitet",
    provenance: "Underlag och spårbarhet",
    rules: "Så räknas utfallet",
    signatures: "Underskrifter",
    authors: "Sammanställd av",
    recipients: "Mottagare",
    changes: "Ändringar sedan version",
    underlag: "Bilaga: rader bakom varje löfte",
    file: "Fil",
    role: "Roll",
    rows: "Rader",
    intervals: "Perioder",
    pace: "Takt",
    legend: "Tecken i periodtabellerna: ✓ uppfyllt · ◇ delvis uppfyllt · ✗ ej uppfyllt · · bedöms inte (period i kanten eller inte avslutad)",
    periods: "Bilaga: utfall per period",
    period: "Period",
    required: "Krav",
    year: "År",
    place: "Plats",
    date: "Datum",
    count: "Antal",
    activity: "Aktivitet",
    participants: "Deltagare",
    source: "Källa",
    notes: "Skäl",
    version_date: "Versionsdatum",
    situation: "Lägesbild och effekter",
    expected_effects: "Förväntad effekt",
    area_indicators: "Indikatorer (se Lägesbild och effekter)",
    value: "Värde",
};

/// The report's headings in English.
const EN: Words = Words {
    title: "Follow-up of citizen promises",
    window: "Report period",
    as_of: "Data as of",
    deadline: "This follow-up answers",
    version: "Version",
    diarienummer: "Reference number",
    summary: "Summary",
    promise: "Promise",
    responsible: "Responsible",
    partners: "Partners",
    target: "Target",
    outcome: "Outcome",
    status: "Verdict",
    comment: "Comment",
    next_step: "Next step",
    done_by: "Done by",
    logged: "Logged activities",
    data_quality: "Data quality",
    provenance: "Sources and traceability",
    rules: "How the outcome is counted",
    signatures: "Signatures",
    authors: "Compiled by",
    recipients: "Recipients",
    changes: "Changes since version",
    underlag: "Appendix: rows behind each promise",
    file: "File",
    role: "Role",
    rows: "Rows",
    intervals: "Intervals",
    pace: "Pace",
    legend: "Symbols in the period tables: ✓ met · ◇ partly met · ✗ not met · · not judged (edge period or not yet over)",
    periods: "Appendix: outcome per period",
    period: "Period",
    required: "Required",
    year: "Year",
    place: "Place",
    date: "Date",
    count: "Count",
    activity: "Activity",
    participants: "Participants",
    source: "Source",
    notes: "Reason",
    version_date: "Version date",
    situation: "Situation and effects",
    expected_effects: "Expected effects",
    area_indicators: "Indicators (see Situation and effects)",
    value: "Value",
};

/// The report's headings and column names in `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// An interval not judged: an edge period or one not yet over.
pub fn not_judged(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "Bedöms inte",
        Lang::En => "Not judged",
    }
}

/// A period table's result: "3 av 4 månader uppfyllda".
pub fn strip_result(lang: Lang, met: usize, judged: usize, unit: &str) -> String {
    match lang {
        Lang::Sv => format!("{met} av {judged} {unit} uppfyllda"),
        Lang::En => format!("{met} of {judged} {unit} met"),
    }
}

/// A quarter's column heading: "K2", "Q2".
pub fn quarter_label(lang: Lang, quarter: u32) -> String {
    match lang {
        Lang::Sv => format!("K{quarter}"),
        Lang::En => format!("Q{quarter}"),
    }
}

/// A term's column heading: "vt" or "ht", "spring" or "autumn".
pub fn term_label(lang: Lang, spring: bool) -> &'static str {
    match (lang, spring) {
        (Lang::Sv, true) => "vt",
        (Lang::Sv, false) => "ht",
        (Lang::En, true) => "spring",
        (Lang::En, false) => "autumn",
    }
}

/// Under a promise no row counts toward: why it cannot be judged and what
/// to check.
pub fn no_data_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => {
            "Inga rader i loggarna räknas mot löftet, så det kan inte bedömas. Kontrollera att aktiviteterna är loggade och att löftets id eller aktivitetstyper stämmer med loggen."
        }
        Lang::En => {
            "No row in the logs counts toward this promise, so it cannot be judged. Check that the activities are logged and that the promise's id or activity types match the log."
        }
    }
}

/// A period table's alt text opens with its tally: "3 av 4 månader
/// uppfyllda, 1 delvis, 0 ej uppfyllda."
pub fn alt_tally(
    lang: Lang,
    unit: &str,
    judged: usize,
    met: usize,
    partly: usize,
    missed: usize,
) -> String {
    match lang {
        Lang::Sv => {
            format!("{met} av {judged} {unit} uppfyllda, {partly} delvis, {missed} ej uppfyllda.")
        }
        Lang::En => format!("{met} of {judged} {unit} met, {partly} partly, {missed} not met."),
    }
}

/// Where a period table's alt text sends the reader for every period.
pub fn alt_tail(lang: Lang, appendix: &str) -> String {
    match lang {
        Lang::Sv => format!(" Alla perioder i tabellen i {appendix}."),
        Lang::En => format!(" Every period is in the table in the {appendix}."),
    }
}

/// The lead-in to the periods short of the target in an alt text.
pub fn alt_short_head(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => " Ej nått kravet: ",
        Lang::En => " Short of the target: ",
    }
}

/// One period short of the target in an alt text: "mars 2023 3 av 4".
pub fn alt_short_item(lang: Lang, label: &str, value: &str, required: &str) -> String {
    match lang {
        Lang::Sv => format!("{label} {value} av {required}"),
        Lang::En => format!("{label} {value} of {required}"),
    }
}

/// A short label for a calendar interval: "v. 14 2023", "mars 2023",
/// "K1 2023", "2023", "2023-03-15".
pub fn calendar_label(lang: Lang, per: Period, r: DateRange) -> String {
    match per {
        Period::Day => locale::iso(r.from),
        Period::Week => {
            let iso = r.from.iso_week();
            match lang {
                Lang::Sv => format!("v. {} {}", iso.week(), iso.year()),
                Lang::En => format!("w. {} {}", iso.week(), iso.year()),
            }
        }
        Period::Month => format!(
            "{} {}",
            locale::month_name(lang, r.from.month()),
            r.from.year()
        ),
        Period::Quarter => match lang {
            Lang::Sv => format!("K{} {}", r.from.month0() / 3 + 1, r.from.year()),
            Lang::En => format!("Q{} {}", r.from.month0() / 3 + 1, r.from.year()),
        },
        Period::Year => r.from.year().to_string(),
        Period::HalfYear => format!("H{} {}", r.from.month0() / 6 + 1, r.from.year()),
        Period::Term => match (lang, r.from.month() < 8) {
            (Lang::Sv, true) => format!("vt {}", r.from.year()),
            (Lang::Sv, false) => format!("ht {}", r.from.year()),
            (Lang::En, true) => format!("spring {}", r.from.year()),
            (Lang::En, false) => format!("autumn {}", r.from.year()),
        },
        Period::Weekend => match lang {
            Lang::Sv => format!("helg {}", block_label(lang, r)),
            Lang::En => format!("weekend {}", block_label(lang, r)),
        },
    }
}

/// The unit a target's figure is counted in, singular and plural, and
/// whether it is the agreement's own Swedish word: the promise file's
/// `enhet`; the occasion for distinct occasions ("helger", "weekends");
/// lofte's own "aktiviteter" in the report's language.
pub fn counted_unit(lang: Lang, t: &TargetResult) -> (String, String, bool) {
    let own = |one: &str, many: &str| (one.to_owned(), many.to_owned(), false);
    if t.occasion_noun {
        match (lang, t.counting) {
            (Lang::Sv, Counting::Days) => return own("dag", "dagar"),
            (Lang::Sv, Counting::Weekends) => return own("helg", "helger"),
            (Lang::Sv, Counting::Weeks) => return own("vecka", "veckor"),
            (Lang::Sv, Counting::Places) => return own("plats", "platser"),
            (Lang::En, Counting::Days) => return own("day", "days"),
            (Lang::En, Counting::Weekends) => return own("weekend", "weekends"),
            (Lang::En, Counting::Weeks) => return own("week", "weeks"),
            (Lang::En, Counting::Places) => return own("place", "places"),
            // Antal summed is in the agreement's unit.
            (Lang::Sv | Lang::En, Counting::Sum) => {}
        }
    }
    if lang == Lang::En && t.noun == DEFAULT_NOUN {
        return own("activity", "activities");
    }
    (t.noun_singular.clone(), t.noun.clone(), lang == Lang::En)
}

/// A block's label: first and last day ("6 mar 2023 – 26 mar 2023").
pub fn block_label(lang: Lang, r: DateRange) -> String {
    format!("{} – {}", short_date(lang, r.from), short_date(lang, r.to))
}

fn short_date(lang: Lang, d: NaiveDate) -> String {
    let month = locale::month_name(lang, d.month());
    let short: String = month.chars().take(3).collect();
    format!("{} {} {}", d.day(), short, d.year())
}

/// The label of one of a target's intervals, in `lang`.
pub fn interval_label(lang: Lang, kind: &Kind, i: &IntervalResult) -> String {
    let r = DateRange {
        from: i.from,
        to: i.to,
    };
    match kind {
        Kind::AtLeastPer { per, .. } => calendar_label(lang, *per, r),
        Kind::EveryN { .. } => block_label(lang, r),
        Kind::Trend { .. } => i.from.year().to_string(),
        Kind::PerPlace {
            per: Some(per),
            each_interval: true,
            ..
        } => format!(
            "{} {}",
            i.place.clone().unwrap_or_default(),
            calendar_label(lang, *per, r)
        ),
        Kind::PerPlace { .. } => i.place.clone().unwrap_or_default(),
        // These kinds have no intervals of their own; should one appear it
        // is named by its days.
        Kind::Average { .. }
        | Kind::Total { .. }
        | Kind::Requests { .. }
        | Kind::Coverage { .. }
        | Kind::Share { .. }
        | Kind::Text => {
            format!("{} – {}", locale::iso(r.from), locale::iso(r.to))
        }
    }
}

/// What a target's intervals are called, in the plural ("månader",
/// "perioder" for blocks, "platser"): "3 av 4 månader uppfyllda".
pub fn intervals_unit(lang: Lang, kind: &Kind) -> &'static str {
    match (lang, kind) {
        (Lang::Sv, Kind::EveryN { .. }) => "perioder",
        (Lang::En, Kind::EveryN { .. }) => "blocks",
        (Lang::Sv, Kind::PerPlace { .. }) => "platser",
        (Lang::En, Kind::PerPlace { .. }) => "places",
        (
            Lang::Sv | Lang::En,
            Kind::AtLeastPer { .. }
            | Kind::Average { .. }
            | Kind::Total { .. }
            | Kind::Requests { .. }
            | Kind::Coverage { .. }
            | Kind::Share { .. }
            | Kind::Trend { .. }
            | Kind::Text,
        ) => kind.per().map_or("", |p| period_plural(lang, p)),
    }
}

/// The unit of a target's `required` and `achieved`, as the results JSON
/// names it (Swedish): "år", "perioder", "per vecka", "andel av dagar",
/// "platser", or the noun counted.
pub fn unit_sv(t: &TargetResult) -> String {
    let lang = Lang::Sv;
    match &t.kind {
        Kind::AtLeastPer { prorated: true, .. } | Kind::EveryN { prorated: true, .. } => {
            t.noun.clone()
        }
        Kind::AtLeastPer { per, .. } => period_plural(lang, *per).to_owned(),
        Kind::EveryN { .. } => "perioder".to_owned(),
        Kind::Average { per } => format!("per {}", period_singular(lang, *per)),
        Kind::Share {
            share_of: ShareUnit::Day,
            ..
        } => "andel av dagar".to_owned(),
        Kind::Share {
            share_of: ShareUnit::Shift,
            ..
        } => "andel av arbetspass".to_owned(),
        Kind::PerPlace { .. } => "platser".to_owned(),
        Kind::Requests { .. } => "andel av önskemål".to_owned(),
        Kind::Coverage { .. } => format!("andel av {}", counted_unit(lang, t).1),
        Kind::Total { .. } | Kind::Trend { .. } | Kind::Text => counted_unit(lang, t).1,
    }
}

/// The target in words: as the promise file writes it, or made from its
/// kind ("minst 4 per år"). Always the agreement's language, Swedish: it
/// restates the agreement.
pub fn target_description(t: &TargetResult) -> String {
    if let Some(written) = &t.written {
        return written.clone();
    }
    let lang = Lang::Sv;
    let n = |x: f64| num(lang, x);
    let required = t.required.unwrap_or(0.0);
    match &t.kind {
        Kind::AtLeastPer {
            per, per_interval, ..
        } => format!(
            "minst {} per {}",
            n(*per_interval),
            period_singular(lang, *per)
        ),
        Kind::EveryN {
            per,
            per_interval,
            every,
            ..
        } => format!(
            "minst {} per block om {} {}",
            n(*per_interval),
            every,
            period_n(lang, f64::from(*every), *per)
        ),
        Kind::Average { per } => {
            format!(
                "minst {} i snitt per {}",
                n(required),
                period_singular(lang, *per)
            )
        }
        Kind::Total {
            agreement_ends: Some(_),
        } => format!("minst {} under avtalsperioden", n(required)),
        Kind::Total {
            agreement_ends: None,
        } => format!("minst {} under perioden", n(required)),
        Kind::Requests { .. } if required >= 1.0 => "varje önskemål besvaras".to_owned(),
        Kind::Requests { .. } => format!(
            "minst {} % av önskemålen besvaras",
            n((required * 100.0).round())
        ),
        Kind::Coverage { of } => {
            let (one, many, _) = counted_unit(lang, t);
            let unit = noun_for(*of, &one, &many);
            if required >= 1.0 {
                format!("alla {} {unit}", n(*of))
            } else {
                format!(
                    "minst {} % av {} {unit}",
                    n((required * 100.0).round()),
                    n(*of)
                )
            }
        }
        Kind::Share { share_of, .. } => match share_of {
            ShareUnit::Day => format!("aktivitet {} % av dagarna", n(required * 100.0)),
            ShareUnit::Shift => format!("aktivitet {} % av arbetspassen", n(required * 100.0)),
        },
        Kind::Trend {
            direction,
            baseline,
            baseline_period,
            ..
        } => {
            let verb = match direction {
                Direction::Increase => "ska öka",
                Direction::Decrease => "ska minska",
            };
            match baseline {
                Some(b) => format!(
                    "{verb} jämfört med {}{}",
                    n(*b),
                    baseline_period
                        .as_ref()
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default()
                ),
                None => format!("{verb} jämfört med föregående år"),
            }
        }
        Kind::PerPlace {
            per, per_interval, ..
        } => match per {
            Some(p) => format!(
                "minst {} per {} och plats",
                n(*per_interval),
                period_singular(lang, *p)
            ),
            None => format!("minst {} per plats", n(*per_interval)),
        },
        Kind::Text => "redovisas i text".to_owned(),
    }
}

/// One piece of an outcome sentence: text, and whether it is the
/// agreement's own Swedish word (tagged Swedish in the PDF).
pub type Part = (String, bool);

/// The outcome of a target in words, in pieces ([`Part`]).
pub fn outcome(lang: Lang, t: &TargetResult) -> Vec<Part> {
    match lang {
        Lang::Sv => vec![(outcome_sv(t), false)],
        Lang::En => outcome_en(t),
    }
}

/// The outcome as one string ("1 av 2 år med minst 4
/// trafiksäkerhetsinsatser; totalt 8").
pub fn outcome_text(lang: Lang, t: &TargetResult) -> String {
    outcome(lang, t).into_iter().map(|(s, _)| s).collect()
}

fn outcome_sv(t: &TargetResult) -> String {
    let lang = Lang::Sv;
    let n = |x: f64| num(lang, x);
    let (one, many, _) = counted_unit(lang, t);
    let noun_n = |x: f64| noun_for(x, &one, &many).to_owned();
    let total = t.total;
    match t.status {
        Status::NotApplicable => return "målet gällde inte under rapportperioden".to_owned(),
        Status::NoData => {
            return "inga rader räknades: löftesfilens aktivitet eller plats finns inte i loggarna"
                .to_owned();
        }
        Status::Met
        | Status::PartlyMet
        | Status::NotMet
        | Status::InProgress
        | Status::ReportedInText => {}
    }
    let in_progress = t.status == Status::InProgress;
    let (judged, met) = t.tally();
    match &t.kind {
        Kind::Text => format!(
            "{} {} {}",
            n(total),
            noun_n(total),
            if noun_n(total) == one {
                "loggad"
            } else {
                "loggade"
            }
        ),
        Kind::AtLeastPer {
            per,
            per_interval: need,
            prorated,
        } => {
            if *prorated {
                format!(
                    "{} {} mot {} för periodens del av {}",
                    n(total),
                    noun_n(total),
                    n(t.required.unwrap_or(0.0)),
                    period_singular(lang, *per)
                )
            } else if in_progress && judged == 0 {
                // No interval has ended yet: "0 av 0 avslutade år" says
                // nothing; the pace says the rest.
                format!("{} {} hittills", n(total), noun_n(total))
            } else if in_progress {
                format!(
                    "hittills {met} av {judged} avslutade {} med minst {} {}; totalt {}",
                    period_n(lang, judged as f64, *per),
                    n(*need),
                    noun_n(*need),
                    n(total)
                )
            } else {
                format!(
                    "{met} av {judged} {} med minst {} {}; totalt {}",
                    period_n(lang, judged as f64, *per),
                    n(*need),
                    noun_n(*need),
                    n(total)
                )
            }
        }
        Kind::EveryN {
            per,
            every,
            prorated: true,
            ..
        } => format!(
            "{} {} mot {} för periodens del av en period om {every} {}",
            n(total),
            noun_n(total),
            n(t.required.unwrap_or(0.0)),
            period_n(lang, f64::from(*every), *per),
        ),
        Kind::EveryN {
            per,
            per_interval: need,
            every,
            ..
        } => format!(
            "{met} av {judged} {} om {every} {} med minst {} {}",
            if judged == 1 { "period" } else { "perioder" },
            period_n(lang, f64::from(*every), *per),
            n(*need),
            noun_n(*need)
        ),
        Kind::Average { per } => format!(
            "i snitt {} {} per {}",
            n(t.achieved),
            noun_n(t.achieved),
            period_singular(lang, *per)
        ),
        Kind::Total {
            agreement_ends: Some(ends),
        } => {
            let need = t.required.unwrap_or(0.0);
            if in_progress && total < need {
                format!(
                    "{} av {} hittills, avtalet löper till {}",
                    n(total),
                    n(need),
                    locale::iso(*ends)
                )
            } else {
                format!("{} av {} under avtalsperioden", n(total), n(need))
            }
        }
        Kind::Total {
            agreement_ends: None,
        } => format!(
            "{} {} (krav minst {})",
            n(total),
            noun_n(total),
            n(t.required.unwrap_or(0.0))
        ),
        Kind::Requests { requests } if *requests > 0.0 => format!(
            "{} av {} önskemål {} ({} %)",
            n(total),
            n(*requests),
            if (*requests - 1.0).abs() < f64::EPSILON {
                "besvarat"
            } else {
                "besvarade"
            },
            n((total / requests * 100.0).round())
        ),
        Kind::Requests { .. } => "inga önskemål loggade".to_owned(),
        Kind::Coverage { of } if *of > 0.0 => format!(
            "{} av {} {} ({} %)",
            n(total),
            n(*of),
            noun_n(*of),
            n((total / of * 100.0).round())
        ),
        Kind::Coverage { .. } => format!("{} {}; inget att räkna mot", n(total), noun_n(total)),
        Kind::Share {
            share_of,
            days_active,
            days,
        } => {
            let what = match share_of {
                ShareUnit::Day => "dagar",
                ShareUnit::Shift => "arbetspass (dagar)",
            };
            format!(
                "{days_active} av {days} {what} med aktivitet ({} %)",
                n(*days_active as f64 / (*days).max(1) as f64 * 100.0)
            )
        }
        Kind::Trend { direction, .. } => {
            let verb = match direction {
                Direction::Increase => "ökning",
                Direction::Decrease => "minskning",
            };
            let parts: Vec<String> = t
                .intervals
                .iter()
                .map(|i| {
                    let label = interval_label(lang, &t.kind, i);
                    match i.required {
                        Some(p) => format!("{label}: {} (före: {})", n(i.achieved), n(p)),
                        None => format!("{label}: {}", n(i.achieved)),
                    }
                })
                .collect();
            format!("{}; {verb} krävs", parts.join(", "))
        }
        Kind::PerPlace {
            per_interval: need, ..
        } => {
            // The places: one interval each, or one per place and
            // interval in a report over several.
            let all = t.required.unwrap_or(0.0) as usize;
            match (t.missed_places.is_empty(), all) {
                (true, 1) => format!("platsen nådde minst {}", n(*need)),
                (true, all) => format!("alla {all} platser nådde minst {}", n(*need)),
                (false, all) => format!(
                    "{} av {all} {} nådde minst {}; saknas: {}",
                    t.achieved,
                    if all == 1 { "plats" } else { "platser" },
                    n(*need),
                    t.missed_places.join(", ")
                ),
            }
        }
    }
}

/// The outcome in English, in parts: the unit counted
/// ("trafiksäkerhetsinsatser") is the agreement's Swedish word.
fn outcome_en(t: &TargetResult) -> Vec<Part> {
    let lang = Lang::En;
    let n = |x: f64| num(lang, x);
    let req = t.required.unwrap_or(0.0);
    let en = |s: String| (s, false);
    // The unit in the singular or plural the figure asks for; the
    // agreement's own Swedish word.
    // Without an `enhet` the unit is lofte's own word, not the agreement's:
    // it is said in English.
    let (one, many, agreements) = counted_unit(lang, t);
    let noun = |x: f64| (noun_for(x, &one, &many).to_owned(), agreements);
    match t.status {
        Status::NoData => {
            return vec![en(
                "no rows counted: an activity type or place of the promise file is not in the logs"
                    .to_owned(),
            )];
        }
        Status::NotApplicable => {
            return vec![en(
                "the target was not in force during the report period".to_owned()
            )];
        }
        Status::Met
        | Status::PartlyMet
        | Status::NotMet
        | Status::InProgress
        | Status::ReportedInText => {}
    }
    match &t.kind {
        Kind::AtLeastPer {
            per,
            per_interval,
            prorated,
        } => {
            if *prorated {
                vec![
                    en(format!("{} ", n(t.total))),
                    noun(t.total),
                    en(format!(
                        " against {} for the period's part of a {}",
                        n(req),
                        period_singular(lang, *per)
                    )),
                ]
            } else if t.status == Status::InProgress && req == 0.0 {
                vec![
                    en(format!("{} ", n(t.total))),
                    noun(t.total),
                    en(" so far".to_owned()),
                ]
            } else {
                vec![
                    en(format!(
                        "{} of {} {} with at least {} ",
                        n(t.achieved),
                        n(req),
                        period_n(lang, req, *per),
                        n(*per_interval),
                    )),
                    noun(*per_interval),
                    en(format!("; {} in all", n(t.total))),
                ]
            }
        }
        Kind::EveryN {
            per,
            every,
            prorated: true,
            ..
        } => vec![
            en(format!("{} ", n(t.total))),
            noun(t.total),
            en(format!(
                " against {} for the period's part of a block of {every} {}",
                n(req),
                period_n(lang, f64::from(*every), *per)
            )),
        ],
        Kind::EveryN { per_interval, .. } => vec![en(format!(
            "{} of {} blocks with at least {}",
            n(t.achieved),
            n(req),
            n(*per_interval)
        ))],
        Kind::Average { per } => vec![
            en(format!("on average {} ", n(t.achieved))),
            noun(t.achieved),
            en(format!(" per {}", period_singular(lang, *per))),
        ],
        Kind::Total {
            agreement_ends: Some(ends),
        } => {
            if t.status == Status::InProgress && t.total < req {
                vec![en(format!(
                    "{} of {} so far; the agreement runs to {}",
                    n(t.total),
                    n(req),
                    locale::iso(*ends)
                ))]
            } else {
                vec![en(format!(
                    "{} of {} over the agreement period",
                    n(t.total),
                    n(req)
                ))]
            }
        }
        Kind::Total {
            agreement_ends: None,
        } => vec![
            en(format!("{} ", n(t.total))),
            noun(t.total),
            en(format!(" (at least {} required)", n(req))),
        ],
        Kind::Requests { requests } if *requests > 0.0 => vec![en(format!(
            "{} of {} {} answered ({} %)",
            n(t.total),
            n(*requests),
            if (*requests - 1.0).abs() < f64::EPSILON {
                "request"
            } else {
                "requests"
            },
            n((t.total / requests * 100.0).round())
        ))],
        Kind::Requests { .. } => vec![en("no requests logged".to_owned())],
        Kind::Coverage { of } if *of > 0.0 => vec![
            en(format!("{} of {} ", n(t.total), n(*of))),
            noun(*of),
            en(format!(" ({} %)", n((t.total / of * 100.0).round()))),
        ],
        Kind::Coverage { .. } => vec![
            en(format!("{} ", n(t.total))),
            noun(t.total),
            en("; nothing to count against".to_owned()),
        ],
        Kind::Share { .. } => vec![en(format!(
            "activity on {} % of days",
            n(t.achieved * 100.0)
        ))],
        Kind::Trend { .. } => vec![en(t
            .intervals
            .iter()
            .map(|i| {
                let label = interval_label(lang, &t.kind, i);
                match i.required {
                    Some(p) => format!("{label}: {} (before: {})", n(i.achieved), n(p)),
                    None => format!("{label}: {}", n(i.achieved)),
                }
            })
            .collect::<Vec<_>>()
            .join(", "))],
        Kind::PerPlace { .. } if t.missed_places.is_empty() => {
            vec![en(format!("all {} places reached the target", n(req)))]
        }
        Kind::PerPlace { .. } => vec![
            en(format!("{} of {} places; missing: ", n(t.achieved), n(req))),
            (t.missed_places.join(", "), true),
        ],
        Kind::Text => vec![
            en(format!("{} ", n(t.total))),
            noun(t.total),
            en(" logged".to_owned()),
        ],
    }
}

/// The words the results JSON and the change record keep: Swedish, the
/// agreement's language, whatever language the PDF is in.
pub struct ResultsWords;

impl TargetWords for ResultsWords {
    fn description(&self, t: &TargetResult) -> String {
        target_description(t)
    }

    fn outcome(&self, t: &TargetResult) -> String {
        outcome_text(Lang::Sv, t)
    }

    fn interval_label(&self, kind: &Kind, i: &IntervalResult) -> String {
        interval_label(Lang::Sv, kind, i)
    }
}

/// The rows of a target that were not counted, one sentence per reason:
/// "Räknas inte, annan plats än byar: 1 rad (logg.csv rad 7)". At most
/// three rows are named; the results JSON lists them all.
pub fn not_counted(lang: Lang, t: &TargetResult) -> Vec<String> {
    const NAMED: usize = 3;
    let rows = |list: &[crate::evaluate::Row]| {
        let mut named: Vec<String> = list
            .iter()
            .take(NAMED)
            .map(|r| r.location().describe(lang))
            .collect();
        if list.len() > NAMED {
            named.push("…".to_owned());
        }
        let n = list.len();
        match lang {
            Lang::Sv => format!(
                "{} {} ({})",
                locale::count(lang, n as u64),
                if n == 1 { "rad" } else { "rader" },
                named.join("; ")
            ),
            Lang::En => format!(
                "{} {} ({})",
                locale::count(lang, n as u64),
                if n == 1 { "row" } else { "rows" },
                named.join("; ")
            ),
        }
    };
    let mut out = Vec::new();
    if !t.not_counted.is_empty() {
        let why = match (lang, t.kind.per(), t.counting) {
            (Lang::Sv, Some(Period::Weekend), _) | (Lang::Sv, _, Counting::Weekends) => {
                "utanför helgerna (fredag från kl. 17 till söndag)"
            }
            (Lang::En, Some(Period::Weekend), _) | (Lang::En, _, Counting::Weekends) => {
                "outside the weekends (Friday from 17:00 to Sunday)"
            }
            (Lang::Sv, Some(Period::Term), _) => "i juli, utanför terminerna",
            (Lang::En, Some(Period::Term), _) => "in July, outside the terms",
            (Lang::Sv, _, Counting::Places) => "utan plats",
            (Lang::En, _, Counting::Places) => "without a place",
            (Lang::Sv, _, _) => "utanför målets perioder",
            (Lang::En, _, _) => "outside the target's periods",
        };
        out.push(match lang {
            Lang::Sv => format!("Räknas inte, {why}: {}", rows(&t.not_counted)),
            Lang::En => format!("Not counted, {why}: {}", rows(&t.not_counted)),
        });
    }
    if !t.elsewhere.is_empty() {
        let within = t.places_within.clone().unwrap_or_default();
        out.push(match lang {
            Lang::Sv => format!(
                "Räknas inte, annan plats än {within}: {}",
                rows(&t.elsewhere)
            ),
            Lang::En => format!(
                "Not counted, elsewhere than {within}: {}",
                rows(&t.elsewhere)
            ),
        });
    }
    out
}

/// A number as the log's instructions print it (Swedish, two decimals at
/// most).
fn num_sv(x: f64) -> String {
    locale::number(Lang::Sv, x, 2)
}

/// When a promise or target is in force: "2023-01-01 – 2023-06-30", or
/// "från 2023-07-01" / "till 2023-06-30" when one end is open (stored as
/// the earliest or latest date there is).
pub fn in_force_sv(v: DateRange) -> String {
    match (v.from == NaiveDate::MIN, v.to == NaiveDate::MAX) {
        (true, true) => "hela tiden".to_owned(),
        (true, false) => format!("till och med {}", v.to),
        (false, true) => format!("från {}", v.from),
        (false, false) => format!("{} – {}", v.from, v.to),
    }
}

/// A target in words, as lofte will judge it ("trafiksäkerhetsinsatser:
/// minst 4 varje kalenderår"), with the agreement's own words in front when
/// the promise file gives them. The noun comes first so one form fits every
/// number ("minst 1" needs no singular).
pub fn target_in_words(target: &Target, promise: &Promise) -> String {
    let rule = match &target.kind {
        TargetKind::AtLeastPer { n: x, per } => {
            format!("minst {} {}", num_sv(*x), period_every(Lang::Sv, *per))
        }
        TargetKind::EveryN {
            n: x,
            every: k,
            per,
        } => {
            format!(
                "minst {} i varje block om {k} {} i följd",
                num_sv(*x),
                period_plural(Lang::Sv, *per)
            )
        }
        TargetKind::Average { n: x, per } => {
            format!(
                "i snitt minst {} per {}",
                num_sv(*x),
                period_singular(Lang::Sv, *per)
            )
        }
        TargetKind::Total { n: x } => format!("minst {} under hela perioden", num_sv(*x)),
        TargetKind::Share { share, unit } => {
            let of = match unit {
                ShareUnit::Day => "dagarna",
                ShareUnit::Shift => "arbetspassen",
            };
            if *share >= 1.0 {
                format!("något under alla {of}")
            } else {
                format!("något under minst {} % av {of}", num_sv(share * 100.0))
            }
        }
        TargetKind::Trend {
            direction,
            baseline,
        } => {
            let verb = match direction {
                Direction::Increase => "ska öka",
                Direction::Decrease => "ska minska",
            };
            match baseline {
                Some(b) => {
                    let mut s = format!("{verb} jämfört med {}", num_sv(b.value));
                    let source: Vec<&str> = [b.period.as_deref(), b.source.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect();
                    if !source.is_empty() {
                        s.push_str(&format!(" ({})", source.join(", ")));
                    }
                    s
                }
                None => format!("{verb} jämfört med året före"),
            }
        }
        TargetKind::PerPlace {
            n: x, per, places, ..
        } => format!(
            "minst {} {} på var och en av platserna {}",
            num_sv(*x),
            per.map_or("under perioden", |p| period_every(Lang::Sv, p)),
            places.join(", ")
        ),
        TargetKind::Requests { share, .. } if *share >= 1.0 => {
            "varje önskemål ska besvaras".to_owned()
        }
        TargetKind::Requests { share, .. } => {
            format!(
                "minst {} % av önskemålen ska besvaras",
                num_sv(share * 100.0)
            )
        }
        TargetKind::Coverage { share, of } => {
            let of = match of {
                Denominator::Fixed(x) => num_sv(*x),
                Denominator::Column(c) => format!("summan av kolumnen {c}"),
            };
            if *share >= 1.0 {
                format!("alla av {of}")
            } else {
                format!("minst {} % av {of}", num_sv(share * 100.0))
            }
        }
        TargetKind::Text => "inget antal: redovisas i text, utan bedömning".to_owned(),
    };
    let unit = target.unit.as_deref().or(promise.unit.as_deref());
    let rule = match unit {
        Some(u) if !u.trim().is_empty() && !matches!(target.kind, TargetKind::Text) => {
            format!("{}: {rule}", u.trim())
        }
        _ => rule,
    };
    let mut out = match &target.description {
        Some(d) if !d.trim().is_empty() => format!("\u{201d}{}\u{201d} – {rule}", d.trim()),
        _ => rule,
    };
    if let Some(v) = target.valid {
        out.push_str(&format!(" (gäller {})", in_force_sv(v)));
    }
    out
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

/// An indicator's verdict against the wished direction ("Bättre").
pub fn verdict(lang: Lang, verdict: Option<Verdict>) -> &'static str {
    match (lang, verdict) {
        (Lang::Sv, Some(Verdict::Better)) => "Bättre",
        (Lang::Sv, Some(Verdict::Worse)) => "Sämre",
        (Lang::Sv, Some(Verdict::Unchanged)) => "Oförändrat",
        (Lang::Sv, None) => "Kan inte jämföras",
        (Lang::En, Some(Verdict::Better)) => "Better",
        (Lang::En, Some(Verdict::Worse)) => "Worse",
        (Lang::En, Some(Verdict::Unchanged)) => "Unchanged",
        (Lang::En, None) => "Cannot be compared",
    }
}

/// Which way an indicator's figure went, as a symbol: the word of
/// [`verdict`] says whether that is the wished way, so no meaning rests
/// on the symbol or on colour alone.
pub fn movement_symbol(difference: Option<f64>) -> &'static str {
    match difference {
        Some(d) if d.abs() < 1e-9 => "●",
        Some(d) if d > 0.0 => "▲",
        Some(_) => "▼",
        None => "",
    }
}

/// The wished direction ("öka").
pub fn wish(lang: Lang, wish: Direction) -> &'static str {
    match (lang, wish) {
        (Lang::Sv, Direction::Increase) => "öka",
        (Lang::Sv, Direction::Decrease) => "minska",
        (Lang::En, Direction::Increase) => "increase",
        (Lang::En, Direction::Decrease) => "decrease",
    }
}

/// "71 procent": a figure with its unit.
fn with_unit(lang: Lang, x: f64, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("{} {u}", num(lang, x)),
        None => num(lang, x),
    }
}

/// The change an indicator shows: "71 procent 2018 → 77,5 procent 2023,
/// ökning med 6,5".
pub fn indicator_change(
    lang: Lang,
    change: Option<&IndicatorChange>,
    unit: Option<&str>,
) -> String {
    let Some(c) = change else {
        return match lang {
            Lang::Sv => "Färre än två år med värden: ingen jämförelse.",
            Lang::En => "Fewer than two years with figures: no comparison.",
        }
        .to_owned();
    };
    let span = format!(
        "{} {} → {} {}",
        with_unit(lang, c.from, unit),
        c.from_year,
        with_unit(lang, c.to, unit),
        c.to_year
    );
    let size = num(lang, c.difference.abs());
    match (lang, c.verdict == Verdict::Unchanged, c.difference >= 0.0) {
        (Lang::Sv, true, _) => format!("{span}, ingen förändring"),
        (Lang::Sv, false, true) => format!("{span}, ökning med {size}"),
        (Lang::Sv, false, false) => format!("{span}, minskning med {size}"),
        (Lang::En, true, _) => format!("{span}, no change"),
        (Lang::En, false, true) => format!("{span}, an increase of {size}"),
        (Lang::En, false, false) => format!("{span}, a decrease of {size}"),
    }
}

/// "Enhet: procent · Önskad riktning: öka".
pub fn indicator_about(lang: Lang, unit: Option<&str>, wished: Direction) -> String {
    let mut about = Vec::new();
    if let Some(u) = unit {
        about.push(match lang {
            Lang::Sv => format!("Enhet: {u}"),
            Lang::En => format!("Unit: {u}"),
        });
    }
    about.push(match lang {
        Lang::Sv => format!("Önskad riktning: {}", wish(lang, wished)),
        Lang::En => format!("Desired direction: {}", wish(lang, wished)),
    });
    about.join(" · ")
}

/// The alt text of an indicator's chart: what it shows, every figure, and
/// the result.
pub fn indicator_alt(
    lang: Lang,
    name: &str,
    unit: Option<&str>,
    figures: &[(String, String)],
    change: Option<&IndicatorChange>,
    wished: Direction,
) -> String {
    let figures = figures
        .iter()
        .map(|(y, v)| format!("{y} {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let unit = unit.map(|u| format!(" ({u})")).unwrap_or_default();
    let result = change.map(|c| match lang {
        Lang::Sv => format!(
            " {}: {} {} mot {} {}, önskad riktning {}.",
            verdict(lang, Some(c.verdict)),
            num(lang, c.to),
            c.to_year,
            num(lang, c.from),
            c.from_year,
            wish(lang, wished)
        ),
        Lang::En => format!(
            " {}: {} in {} against {} in {}, desired direction {}.",
            verdict(lang, Some(c.verdict)),
            num(lang, c.to),
            c.to_year,
            num(lang, c.from),
            c.from_year,
            wish(lang, wished)
        ),
    });
    let head = match lang {
        Lang::Sv => format!("Stapeldiagram, {name}{unit} per år: {figures}."),
        Lang::En => format!("Bar chart, {name}{unit} per year: {figures}."),
    };
    head + &result.unwrap_or_default()
}

/// "Källa: NTU".
pub fn indicator_source(lang: Lang, source: &str) -> String {
    match lang {
        Lang::Sv => format!("Källa: {source}"),
        Lang::En => format!("Source: {source}"),
    }
}

/// Figures left out because they are for years after the report window.
pub fn later_years(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Sv, 1) => "1 senare år visas inte: det ligger efter rapportperioden.".to_owned(),
        (Lang::Sv, n) => format!("{n} senare år visas inte: de ligger efter rapportperioden."),
        (Lang::En, 1) => "1 later year is not shown: it is after the report period.".to_owned(),
        (Lang::En, n) => {
            format!("{n} later years are not shown: they are after the report period.")
        }
    }
}

/// The direction rule as the report states it (docs/indicators.md).
pub fn indicator_rule(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => {
            "Det senaste värdet jämförs med det sista värdet före avtalsperioden, eller med det första värdet när inget är äldre. Bättre betyder att indikatorn rört sig i den önskade riktningen. Indikatorerna visar läget; de påverkar inte bedömningen av något löfte."
        }
        Lang::En => {
            "The latest figure is compared with the last figure before the agreement period, or with the first figure when none is older. Better means the indicator moved in the desired direction. The indicators show the situation; they do not affect the verdict on any promise."
        }
    }
}

/// The words of "Utfört av" for each kind of count.
pub struct DoneByWords {
    /// "Polisen".
    pub police: &'static str,
    /// "Kommunen", in the usual agreement.
    pub municipality: &'static str,
    /// "Gemensamt".
    pub joint: &'static str,
    /// "Annan part": the municipality's rows in a police-only agreement.
    pub other: &'static str,
    /// "Ej angivet".
    pub unknown: &'static str,
}

/// The words of "Utfört av".
pub fn done_by_words(lang: Lang) -> DoneByWords {
    match lang {
        Lang::Sv => DoneByWords {
            police: "Polisen",
            municipality: "Kommunen",
            joint: "Gemensamt",
            other: "Annan part",
            unknown: "Ej angivet",
        },
        Lang::En => DoneByWords {
            police: "Police",
            municipality: "Municipality",
            joint: "Joint",
            other: "Other party",
            unknown: "Not stated",
        },
    }
}

// The change record, sources and counting rules in words.

/// A location in the report's language: "polisen.xlsx, blad 2023, rad 14".
pub fn location_text(lang: Lang, l: &crate::diag::Location) -> String {
    use crate::diag::{Place, a1, column_letters};
    let (sheet_w, row_w, cell_w, line_w, col_w) = match lang {
        Lang::Sv => ("blad", "rad", "cell", "rad", "kolumn"),
        Lang::En => ("sheet", "row", "cell", "line", "column"),
    };
    let file = &l.file;
    match (&l.sheet, &l.place) {
        (_, Place::Line { line, column }) => format!("{file}, {line_w} {line}, {col_w} {column}"),
        (Some(sheet), Place::Cell { row, column }) => {
            format!("{file}, {sheet_w} {sheet}, {cell_w} {}", a1(*row, *column))
        }
        (None, Place::Cell { row, column }) => format!(
            "{file}, {row_w} {}, {col_w} {}",
            u64::from(*row) + 1,
            column_letters(*column)
        ),
        (Some(sheet), Place::Row { row }) => {
            format!("{file}, {sheet_w} {sheet}, {row_w} {}", u64::from(*row) + 1)
        }
        (None, Place::Row { row }) => format!("{file}, {row_w} {}", u64::from(*row) + 1),
        (Some(sheet), Place::File) => format!("{file}, {sheet_w} {sheet}"),
        (None, Place::File) => file.to_string(),
    }
}

/// "15 februari 2024 (--date)": a version's date and where it came from.
pub fn version_date_text(lang: Lang, r: &crate::evaluate::VersionRecord) -> String {
    let date = chrono::NaiveDate::parse_from_str(&r.date, "%Y-%m-%d")
        .map(|d| locale::date(lang, d))
        .unwrap_or_else(|_| r.date.clone());
    let source = match (lang, r.date_source) {
        (Lang::Sv, DateSource::DateFlag) => "angivet med --date",
        (Lang::Sv, DateSource::SourceDateEpoch) => "från SOURCE_DATE_EPOCH",
        (Lang::Sv, DateSource::AsOf) => "underlagsdatum",
        (Lang::En, DateSource::DateFlag) => "given with --date",
        (Lang::En, DateSource::SourceDateEpoch) => "from SOURCE_DATE_EPOCH",
        (Lang::En, DateSource::AsOf) => "the as-of date",
    };
    format!("{date} ({source})")
}

/// A status in words, or a dash when there is none.
pub fn status_word(lang: Lang, status: Option<Status>) -> String {
    status
        .map(|x| status_label(lang, x).to_owned())
        .unwrap_or_else(|| "–".to_owned())
}

/// A place string as `activity_rows` writes it ("a.xlsx, sheet \"2023\",
/// row 14", "a.csv, line 3") in the report's language.
pub fn place_words(lang: Lang, place: &str) -> String {
    crate::evaluate::Row::parse_place(place)
        .map_or_else(|| place.to_owned(), |r| location_text(lang, &r.location()))
}

/// "en rad rättad i polisen.xlsx, blad 2023, rad 14"; several rows of a
/// kind are counted and the first few named.
pub fn rows_words(lang: Lang, rows: &[&crate::evaluate::RowChange]) -> String {
    use crate::evaluate::RowChangeKind as K;
    let mut parts = Vec::new();
    for kind in [K::Changed, K::Added, K::Removed, K::NotDone] {
        let of: Vec<&&crate::evaluate::RowChange> =
            rows.iter().filter(|r| r.kind == kind).collect();
        if of.is_empty() {
            continue;
        }
        let n = of.len();
        let what = match (lang, kind, n) {
            (Lang::Sv, K::Changed, 1) => "en rad rättad i".to_owned(),
            (Lang::Sv, K::Changed, n) => format!("{n} rader rättade i"),
            (Lang::Sv, K::Added, 1) => "en rad tillagd i".to_owned(),
            (Lang::Sv, K::Added, n) => format!("{n} rader tillagda i"),
            (Lang::Sv, K::Removed, 1) => "en rad borttagen ur".to_owned(),
            (Lang::Sv, K::Removed, n) => format!("{n} rader borttagna ur"),
            (Lang::En, K::Changed, 1) => "one row corrected in".to_owned(),
            (Lang::En, K::Changed, n) => format!("{n} rows corrected in"),
            (Lang::En, K::Added, 1) => "one row added in".to_owned(),
            (Lang::En, K::Added, n) => format!("{n} rows added in"),
            (Lang::En, K::Removed, 1) => "one row removed from".to_owned(),
            (Lang::En, K::Removed, n) => format!("{n} rows removed from"),
            (Lang::Sv, K::NotDone, 1) => {
                "en rad markerad som inte genomförd (räknas inte) i".to_owned()
            }
            (Lang::Sv, K::NotDone, n) => {
                format!("{n} rader markerade som inte genomförda (räknas inte) i")
            }
            (Lang::En, K::NotDone, 1) => "one row marked as not done (not counted) in".to_owned(),
            (Lang::En, K::NotDone, n) => format!("{n} rows marked as not done (not counted) in"),
        };
        let mut places: Vec<String> = of
            .iter()
            .take(3)
            .map(|r| place_words(lang, &r.place))
            .collect();
        if n > 3 {
            places.push(match lang {
                Lang::Sv => format!("och {} till", n - 3),
                Lang::En => format!("and {} more", n - 3),
            });
        }
        parts.push(format!("{what} {}", places.join("; ")));
    }
    parts.join("; ")
}

/// A field the change record names: a promise's, a target's or the
/// agreement's, by its JSON name in the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `text`.
    Text,
    /// `area`.
    Area,
    /// `responsible`.
    Responsible,
    /// `partners`.
    Partners,
    /// `comment`.
    Comment,
    /// `next_step`.
    NextStep,
    /// `description`.
    Description,
    /// `kind`.
    Kind,
    /// `per_interval`.
    PerInterval,
    /// `per`.
    Per,
    /// `judged`.
    Judged,
    /// `kommun`.
    Kommun,
    /// `police_area`.
    PoliceArea,
    /// `title`.
    Title,
    /// `period`.
    Period,
    /// `deadline_text`.
    DeadlineText,
    /// `deadline`.
    Deadline,
    /// `diarienummer`.
    Diarienummer,
    /// `signatories`.
    Signatories,
    /// `authors`.
    Authors,
    /// `recipients`.
    Recipients,
    /// `place`.
    Place,
    /// `district`.
    District,
    /// `parties`.
    Parties,
    /// `effects`.
    Effects,
    /// `indicators`.
    Indicators,
    /// `areas`: the focus areas' names, intros and expected effects.
    Areas,
    /// `part_met`: the share of a requirement that is partly met (`delvis`).
    PartMet,
}

impl Field {
    /// The field of a JSON name; `None` for a name this lofte does not
    /// know (a results JSON of a later version), which is shown as it is.
    pub fn from_key(key: &str) -> Option<Field> {
        Some(match key {
            "text" => Field::Text,
            "area" => Field::Area,
            "responsible" => Field::Responsible,
            "partners" => Field::Partners,
            "comment" => Field::Comment,
            "next_step" => Field::NextStep,
            "description" => Field::Description,
            "kind" => Field::Kind,
            "per_interval" => Field::PerInterval,
            "per" => Field::Per,
            "judged" => Field::Judged,
            "kommun" => Field::Kommun,
            "police_area" => Field::PoliceArea,
            "title" => Field::Title,
            "period" => Field::Period,
            "deadline_text" => Field::DeadlineText,
            "deadline" => Field::Deadline,
            "diarienummer" => Field::Diarienummer,
            "signatories" => Field::Signatories,
            "authors" => Field::Authors,
            "recipients" => Field::Recipients,
            "place" => Field::Place,
            "district" => Field::District,
            "parties" => Field::Parties,
            "effects" => Field::Effects,
            "indicators" => Field::Indicators,
            "areas" => Field::Areas,
            "part_met" => Field::PartMet,
            _ => return None,
        })
    }
}

/// A field in words: "löftestexten", "the promise text".
pub fn field_words(lang: Lang, field: Field) -> &'static str {
    match (lang, field) {
        (Lang::Sv, Field::Text) => "löftestexten",
        (Lang::Sv, Field::Area) => "fokusområdet",
        (Lang::Sv, Field::Responsible) => "ansvarig",
        (Lang::Sv, Field::Partners) => "samverkan",
        (Lang::Sv, Field::Comment) => "kommentaren",
        (Lang::Sv, Field::NextStep) => "nästa steg",
        (Lang::Sv, Field::Description) => "målet",
        (Lang::Sv, Field::Kind) => "måltypen",
        (Lang::Sv, Field::PerInterval) => "kravet",
        (Lang::Sv, Field::Per) => "perioden",
        (Lang::Sv, Field::Judged) => "målets datum",
        (Lang::Sv, Field::Kommun) => "kommun",
        (Lang::Sv, Field::PoliceArea) => "lokalpolisområde",
        (Lang::Sv, Field::Title) => "rubriken",
        (Lang::Sv, Field::Period) => "avtalsperioden",
        (Lang::Sv, Field::DeadlineText) => "uppföljningstexten",
        (Lang::Sv, Field::Deadline) => "uppföljningsdatumet",
        (Lang::Sv, Field::Diarienummer) => "diarienumret",
        (Lang::Sv, Field::Signatories) => "undertecknarna",
        (Lang::Sv, Field::Authors) => "författarna",
        (Lang::Sv, Field::Recipients) => "mottagarna",
        (Lang::Sv, Field::Place) => "vad rapporten gäller",
        (Lang::Sv, Field::District) => "stadsdelen",
        (Lang::Sv, Field::Parties) => "parterna",
        (Lang::Sv, Field::Effects) => "de förväntade effekterna",
        (Lang::Sv, Field::Indicators) => "indikatorerna",
        (Lang::Sv, Field::Areas) => "fokusområdena",
        (Lang::Sv, Field::PartMet) => "andelen för delvis uppfyllt (delvis)",
        (Lang::En, Field::Text) => "the promise text",
        (Lang::En, Field::Area) => "the focus area",
        (Lang::En, Field::Responsible) => "responsible",
        (Lang::En, Field::Partners) => "partners",
        (Lang::En, Field::Comment) => "the comment",
        (Lang::En, Field::NextStep) => "the next step",
        (Lang::En, Field::Description) => "the target",
        (Lang::En, Field::Kind) => "the target kind",
        (Lang::En, Field::PerInterval) => "the requirement",
        (Lang::En, Field::Per) => "the period",
        (Lang::En, Field::Judged) => "the target's dates",
        (Lang::En, Field::Kommun) => "municipality",
        (Lang::En, Field::PoliceArea) => "police area",
        (Lang::En, Field::Title) => "the title",
        (Lang::En, Field::Period) => "the agreement period",
        (Lang::En, Field::DeadlineText) => "the follow-up text",
        (Lang::En, Field::Deadline) => "the follow-up date",
        (Lang::En, Field::Diarienummer) => "the reference number",
        (Lang::En, Field::Signatories) => "the signatories",
        (Lang::En, Field::Authors) => "the authors",
        (Lang::En, Field::Recipients) => "the recipients",
        (Lang::En, Field::Place) => "what the report is for",
        (Lang::En, Field::District) => "the district",
        (Lang::En, Field::Parties) => "the parties",
        (Lang::En, Field::Effects) => "the expected effects",
        (Lang::En, Field::Indicators) => "the indicators",
        (Lang::En, Field::Areas) => "the focus areas",
        (Lang::En, Field::PartMet) => "the part-met share (delvis)",
    }
}

/// A field named by its JSON name in words; an unknown name as it is.
pub fn field_word(lang: Lang, field: &str) -> String {
    Field::from_key(field).map_or_else(|| field.to_owned(), |f| field_words(lang, f).to_owned())
}

/// Long texts shortened for the change record: the whole old and new text
/// are in the two results JSONs.
pub fn quote(s: &Option<String>) -> String {
    match s {
        None => "–".to_owned(),
        Some(s) if s.chars().count() > 90 => {
            format!("”{}…”", s.chars().take(88).collect::<String>())
        }
        Some(s) => format!("”{s}”"),
    }
}

pub fn text_change_words(lang: Lang, t: &crate::evaluate::TextChange) -> String {
    let what = field_word(lang, &t.field);
    let what = match t.target {
        Some(i) => match lang {
            Lang::Sv => format!("mål {}: {what}", i + 1),
            Lang::En => format!("target {}: {what}", i + 1),
        },
        None => what,
    };
    // The part-met share is written as a share (0.7): a reader reads 70 %.
    let value = |v: &Option<String>| match Field::from_key(&t.field) {
        Some(Field::PartMet) => quote(
            &v.as_deref()
                .and_then(|x| x.parse::<f64>().ok())
                .map(|x| format!("{} %", locale::number(lang, x * 100.0, 2)))
                .or_else(|| v.clone()),
        ),
        _ => quote(v),
    };
    // "ändrades" whatever the noun's gender ("målet ändrad" was wrong).
    match lang {
        Lang::Sv => format!(
            "{what} ändrades från {} till {}",
            value(&t.old),
            value(&t.new)
        ),
        Lang::En => format!("{what} changed from {} to {}", value(&t.old), value(&t.new)),
    }
}

/// The change record in words: per promise, what moved and why
/// ("K2 · 2023: 3 → 4 trafiksäkerhetsinsatser (en rad rättad i
/// polisen.xlsx, blad 2023, rad 14); status Delvis uppfyllt → Uppfyllt").
pub fn change_lines(lang: Lang, c: &crate::evaluate::Changes) -> Vec<String> {
    let num = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |x| locale::number(lang, x, 2));
    let mut lines = Vec::new();
    if c.window_changed {
        lines.push(match lang {
            Lang::Sv => "Rapportperioden eller underlagsdatumet har ändrats: siffrorna gäller olika perioder.".to_owned(),
            Lang::En => "The report period or the as-of date changed: the figures are for different periods.".to_owned(),
        });
    }
    for a in &c.agreement {
        let head = match lang {
            Lang::Sv => "Avtalet",
            Lang::En => "The agreement",
        };
        lines.push(format!("{head}: {}.", text_change_words(lang, a)));
    }
    let mut attributed = std::collections::BTreeSet::new();
    for p in &c.promises {
        let rows: Vec<&crate::evaluate::RowChange> = p.rows.iter().collect();
        for r in &rows {
            attributed.insert(r.place.clone());
        }
        let why = if rows.is_empty() {
            String::new()
        } else {
            format!(" ({})", rows_words(lang, &rows))
        };
        let mut figures: Vec<String> = Vec::new();
        for f in &p.figures {
            let noun = if lang == Lang::Sv {
                format!(" {}", f.noun)
            } else {
                String::new()
            };
            let text = |t: &Option<String>| quote(t);
            match (&f.old_text, &f.new_text) {
                // A target only in the new version, or only in the old:
                // added or removed, not a figure that moved.
                (None, Some(_)) => figures.push(match lang {
                    Lang::Sv => format!("{}: nytt mål, {}", f.description, text(&f.new_text)),
                    Lang::En => format!("{}: new target, {}", f.description, text(&f.new_text)),
                }),
                (Some(_), None) => figures.push(match lang {
                    Lang::Sv => format!(
                        "{}: målet borttaget (var {})",
                        f.description,
                        text(&f.old_text)
                    ),
                    Lang::En => format!(
                        "{}: target removed (was {})",
                        f.description,
                        text(&f.old_text)
                    ),
                }),
                _ => {
                    // The headline the report prints (a share, an
                    // average, "N av M månader"), as it prints it.
                    let figure = if f.old_text != f.new_text {
                        Some(format!("{} → {}", text(&f.old_text), text(&f.new_text)))
                    } else if f.intervals.is_empty() && f.old_total != f.new_total {
                        Some(format!("{} → {}{noun}", num(f.old_total), num(f.new_total)))
                    } else {
                        None
                    };
                    // The target's verdict, unless it is the promise's own
                    // (said once, at the end of the line).
                    let verdict = (f.old_status != f.new_status
                        && (f.old_status, f.new_status) != (p.old_status, p.new_status))
                        .then(|| {
                            format!(
                                "{} → {}",
                                status_word(lang, f.old_status),
                                status_word(lang, f.new_status)
                            )
                        });
                    match (figure, verdict) {
                        (Some(figure), Some(verdict)) => {
                            figures.push(format!("{}: {figure} ({verdict})", f.description));
                        }
                        (Some(one), None) | (None, Some(one)) => {
                            figures.push(format!("{}: {one}", f.description));
                        }
                        (None, None) => {}
                    }
                    // A handful of periods in words; the rest counted (both
                    // results JSONs have them all).
                    for i in f.intervals.iter().take(6) {
                        figures.push(format!(
                            "{}: {} → {}{noun}",
                            i.label,
                            num(i.old),
                            num(i.new)
                        ));
                    }
                    if f.intervals.len() > 6 {
                        figures.push(more_periods(lang, f.intervals.len() - 6));
                    }
                }
            }
        }
        let mut line = if figures.is_empty() {
            p.id.clone()
        } else {
            format!("{} · {}", p.id, figures.join(", "))
        };
        line.push_str(&why);
        for t in &p.texts {
            line.push_str("; ");
            line.push_str(&text_change_words(lang, t));
        }
        if p.old_status != p.new_status {
            line.push_str(&format!(
                "; status {} → {}",
                status_word(lang, p.old_status),
                status_word(lang, p.new_status)
            ));
        }
        if line == p.id {
            continue;
        }
        lines.push(line);
    }
    let rest: Vec<&crate::evaluate::RowChange> = c
        .rows_changed
        .iter()
        .chain(&c.rows_added)
        .chain(&c.rows_removed)
        .filter(|r| !attributed.contains(&r.place))
        .collect();
    if !rest.is_empty() {
        lines.push(match lang {
            Lang::Sv => format!(
                "Rader som inte räknas mot något löfte: {}.",
                rows_words(lang, &rest)
            ),
            Lang::En => format!(
                "Rows counted toward no promise: {}.",
                rows_words(lang, &rest)
            ),
        });
    }
    lines
}

/// The counting rules the report states. `earlier_counted`: a target
/// over the agreement period counts rows before the report period, so
/// the rule on rows outside it says so.
pub fn rules_text(lang: Lang, part_met: f64, earlier_counted: bool) -> Vec<String> {
    let half = locale::number(lang, part_met * 100.0, 0);
    let outside = match (lang, earlier_counted) {
        (Lang::Sv, false) => "Rader daterade utanför rapportperioden räknas inte; antalet redovisas under Datakvalitet.",
        (Lang::Sv, true) => "Rader daterade utanför rapportperioden räknas inte, utom mot mål som räknas över hela avtalsperioden; antalen redovisas under Datakvalitet.",
        (Lang::En, false) => "Rows dated outside the report period are not counted; their number is given under Data quality.",
        (Lang::En, true) => "Rows dated outside the report period are not counted, except toward targets counted over the whole agreement period; the numbers are given under Data quality.",
    }
    .to_owned();
    match lang {
        Lang::Sv => vec![
            "Mål per vecka, månad, kvartal eller år bedöms för varje kalenderperiod som ligger helt inom rapportperioden (ISO-veckor, måndag först). Perioder i kanterna visas men bedöms inte.".to_owned(),
            "”Var N:e vecka/månad” bedöms i följd av block om N hela veckor eller månader från periodens början.".to_owned(),
            "Genomsnitt per vecka är summan delad med antalet dagar / 7; per dag summan delad med antalet dagar; per månad summan delad med antalet kalendermånader, där en påbörjad månad räknas med sin andel av månadens dagar.".to_owned(),
            format!("Ett utfall som når minst {half} % av kravet utan att nå det är delvis uppfyllt. Ett periodmål är uppfyllt när alla bedömda perioder är uppfyllda, ej uppfyllt när ingen når {half} %, annars delvis uppfyllt."),
            "Ett löfte med flera mål är uppfyllt när alla mätbara mål är uppfyllda. Mål utan siffra redovisas i text och bedöms inte.".to_owned(),
            outside.clone(),
            "Ett gemensamt löfte räknar bara rader som visar att både polisen och kommunen deltog. Samma gemensamma händelse som loggats av båda parter, samma dag i var sin logg eller på var sin rad i en logg som båda för, räknas en gång och redovisas under Datakvalitet.".to_owned(),
            "Ett mål vars period inte är slut bedöms som Pågår, med takten hittills. Underlag saknas sägs först när perioden är slut eller när minst en rad borde ha loggats.".to_owned(),
        ],
        Lang::En => vec![
            "Targets per week, month, quarter or year are judged for each calendar interval lying wholly inside the report period (ISO weeks, Monday first). Edge intervals are shown but not judged.".to_owned(),
            "“Every N weeks/months” is judged in consecutive blocks of N whole weeks or months from the start of the period.".to_owned(),
            "An average per week is the total divided by the number of days / 7; per day, by the number of days; per month, by the number of calendar months, a month begun counting as its share of the month's days.".to_owned(),
            format!("An outcome reaching at least {half}% of the requirement without reaching it is partly met. An interval target is met when every judged interval is met, not met when none reaches {half}%, and partly met otherwise."),
            "A promise with several targets is met when all measurable targets are met. Targets without a number are reported in text, not judged.".to_owned(),
            outside,
            "A joint promise counts only rows showing that both the police and the municipality took part. The same joint event logged by both parties, on the same day in each party's log or on a row each in a log both keep, is counted once and listed under Data quality.".to_owned(),
            "A target whose period is not over is In progress, with its pace so far. No data is said only when the period is over or when at least one row was due.".to_owned(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_named_in_the_reports_language() {
        let row = crate::diag::Location::row("polisen.xlsx", Some("2023"), 13);
        assert_eq!(
            location_text(Lang::Sv, &row),
            "polisen.xlsx, blad 2023, rad 14"
        );
        assert_eq!(
            location_text(Lang::En, &row),
            "polisen.xlsx, sheet 2023, row 14"
        );
        let cell = crate::diag::Location::cell("logg.csv", None, 2, 3);
        assert_eq!(location_text(Lang::Sv, &cell), "logg.csv, rad 3, kolumn D");
        assert_eq!(
            place_words(Lang::Sv, "polisen.xlsx, sheet \"2023\", row 14"),
            "polisen.xlsx, blad 2023, rad 14"
        );
        assert_eq!(place_words(Lang::Sv, "logg.csv, line 3"), "logg.csv, rad 3");
    }

    /// Counts of one said "1 varningar", "1 rader till", "1 perioder till"
    /// and "1 löften".
    #[test]
    fn one_is_singular_not_varningar() {
        assert_eq!(count(Lang::Sv, 1, Counted::Warning), "1 varning");
        assert_eq!(count(Lang::Sv, 2, Counted::Warning), "2 varningar");
        assert_eq!(count(Lang::Sv, 0, Counted::Warning), "0 varningar");
        assert_eq!(count(Lang::Sv, 1, Counted::Promise), "1 löfte");
        assert_eq!(count(Lang::Sv, 1, Counted::FocusArea), "1 fokusområde");
        assert_eq!(count(Lang::Sv, 1, Counted::Guess), "1 gissning");
        assert_eq!(count(Lang::En, 1, Counted::Guess), "1 guess");
        assert_eq!(count(Lang::En, 2, Counted::Guess), "2 guesses");
        assert!(rows_left_out(Lang::Sv, 1, 200).starts_with("1 rad till räknas"));
        assert!(rows_left_out(Lang::Sv, 2, 200).starts_with("2 rader till räknas"));
        assert_eq!(more_periods(Lang::Sv, 1), "1 period till");
        assert_eq!(more_periods(Lang::Sv, 3), "3 perioder till");
        assert_eq!(
            summary_alt(Lang::Sv, 1, "x"),
            "Stapeldiagram över 1 löfte: x."
        );
    }

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
        assert_eq!(period_n(Lang::Sv, 1.0, Period::Month), "månad");
        assert_eq!(period_n(Lang::En, 2.0, Period::Month), "months");
    }

    #[test]
    fn calendar_labels_in_both_languages() {
        let r = DateRange {
            from: NaiveDate::from_ymd_opt(2022, 1, 3).unwrap(),
            to: NaiveDate::from_ymd_opt(2022, 1, 9).unwrap(),
        };
        assert_eq!(calendar_label(Lang::Sv, Period::Week, r), "v. 1 2022");
        assert_eq!(calendar_label(Lang::En, Period::Week, r), "w. 1 2022");
        assert_eq!(calendar_label(Lang::Sv, Period::Month, r), "januari 2022");
        assert_eq!(calendar_label(Lang::En, Period::Quarter, r), "Q1 2022");
    }

    /// A target of "minst 4 per år" judged over half a year, as the
    /// evaluation leaves it.
    fn half_year_target(status: Status) -> TargetResult {
        TargetResult {
            kind: Kind::AtLeastPer {
                per: Period::Year,
                per_interval: 4.0,
                prorated: true,
            },
            written: None,
            required: Some(2.0),
            achieved: 3.0,
            total: 3.0,
            noun: "insatser".to_owned(),
            noun_singular: "insats".to_owned(),
            status,
            intervals: Vec::new(),
            pace: None,
            missed_places: Vec::new(),
            judged: None,
            rows: Vec::new(),
            counting: Counting::Sum,
            occasion_noun: false,
            not_counted: Vec::new(),
            elsewhere: Vec::new(),
            places_within: None,
        }
    }

    #[test]
    fn english_outcome_of_a_target_judged_pro_rata_is_not_a_count_of_years() {
        // It said "3 of 2 years with at least 4 insatser" before.
        let t = half_year_target(Status::Met);
        assert_eq!(
            outcome_text(Lang::En, &t),
            "3 insatser against 2 for the period's part of a year"
        );
        assert_eq!(
            outcome_text(Lang::Sv, &t),
            "3 insatser mot 2 för periodens del av år"
        );
        assert_eq!(target_description(&t), "minst 4 per år");
        assert_eq!(unit_sv(&t), "insatser");
    }

    #[test]
    fn english_outcome_of_a_target_not_in_force_says_so() {
        // It gave the kind's figures before, as if the target were judged.
        let t = half_year_target(Status::NotApplicable);
        assert_eq!(
            outcome_text(Lang::En, &t),
            "the target was not in force during the report period"
        );
        assert_eq!(
            outcome_text(Lang::Sv, &t),
            "målet gällde inte under rapportperioden"
        );
    }
}
