//! The results JSON as written beside the PDF and attached inside it: the
//! evaluated report ([`Results`]) with the words of its targets added
//! (`description`, `unit`, `outcome_text`, interval `label`), in Swedish,
//! the agreement's language. The field names are the contract of
//! docs/results.md; `lofte diff` and `--previous` read the figures back
//! into [`Results`] and ignore the words.

use chrono::NaiveDate;
use serde::Serialize;

use super::wording;
use crate::agreement::{Counting, DateRange};
use crate::evaluate::Row;
use crate::evaluate::{
    ActivityRow, ActivitySummary, AgreementInfo, AreaResult, Changes, CommentResult, Contributions,
    DataQuality, Kind, Pace, PromiseResult, Results, Rules, Source, Status, Summary, TargetResult,
    VersionRecord,
};
use crate::locale::Lang;

/// The whole results JSON. Written ([`write_results`]) in three parts:
/// `head` and `tail` by serde, the rows between them by [`write_rows`].
#[derive(Serialize)]
struct ResultsFile<'a> {
    #[serde(flatten)]
    head: HeadFile<'a>,
    activity_rows: &'a [ActivityRow],
    #[serde(flatten)]
    tail: TailFile<'a>,
}

/// The results JSON's fields before `activity_rows`.
#[derive(Serialize)]
struct HeadFile<'a> {
    schema: u32,
    lofte_version: &'a str,
    version: u32,
    agreement: &'a AgreementInfo,
    window: DateRange,
    as_of: NaiveDate,
    summary: &'a Summary,
    areas: &'a [AreaResult],
    promises: Vec<PromiseFile<'a>>,
    data_quality: &'a DataQuality,
    sources: &'a [Source],
    rules: &'a Rules,
}

/// The results JSON's fields after `activity_rows`.
#[derive(Serialize)]
struct TailFile<'a> {
    /// Lägesbild och effekter (docs/indicators.md). Always written: the
    /// tail's JSON starts with it.
    indicators: &'a [crate::agreement::IndicatorOutcome],
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a Changes>,
    #[serde(skip_serializing_if = "empty")]
    history: &'a [VersionRecord],
    #[serde(skip_serializing_if = "Option::is_none")]
    rendering: Option<&'a crate::evaluate::Rendering>,
}

#[derive(Serialize)]
struct PromiseFile<'a> {
    id: &'a str,
    area: &'a str,
    text: &'a str,
    responsible: &'a str,
    partners: &'a [String],
    status: Status,
    targets: Vec<TargetFile<'a>>,
    comment: &'a Option<String>,
    next_step: &'a Option<String>,
    comments: &'a [CommentResult],
    contributions: &'a Contributions,
    activities: &'a [ActivitySummary],
    rows_counted: u64,
}

#[derive(Serialize)]
struct TargetFile<'a> {
    #[serde(flatten)]
    kind: &'a Kind,
    description: String,
    required: Option<f64>,
    achieved: f64,
    unit: String,
    total: f64,
    noun: &'a str,
    noun_singular: &'a str,
    outcome_text: String,
    status: Status,
    intervals: Vec<IntervalFile<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pace: Option<&'a Pace>,
    #[serde(skip_serializing_if = "empty")]
    missed_places: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    judged: Option<DateRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description_written: Option<&'a str>,
    /// Every counted row as its index into `activity_rows`, where each
    /// row is listed once (schema 2; schema 1 also copied them per target
    /// as `rows`).
    row_indexes: &'a [u32],
    #[serde(skip_serializing_if = "is_sum")]
    counting: Counting,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    occasion_noun: bool,
    #[serde(skip_serializing_if = "empty")]
    not_counted: &'a [Row],
    #[serde(skip_serializing_if = "empty")]
    elsewhere: &'a [Row],
    #[serde(skip_serializing_if = "Option::is_none")]
    places_within: Option<&'a str>,
}

fn is_sum(c: &Counting) -> bool {
    *c == Counting::Sum
}

#[derive(Serialize)]
struct IntervalFile<'a> {
    from: NaiveDate,
    to: NaiveDate,
    label: String,
    achieved: f64,
    required: Option<f64>,
    met: Option<bool>,
    partly: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
}

fn empty<T>(s: &&[T]) -> bool {
    s.is_empty()
}

fn target(t: &TargetResult) -> TargetFile<'_> {
    TargetFile {
        kind: &t.kind,
        description: wording::target_description(t),
        required: t.required,
        achieved: t.achieved,
        unit: wording::unit_sv(t),
        total: t.total,
        noun: &t.noun,
        noun_singular: &t.noun_singular,
        outcome_text: wording::outcome_text(Lang::Sv, t),
        status: t.status,
        intervals: t
            .intervals
            .iter()
            .map(|i| IntervalFile {
                from: i.from,
                to: i.to,
                label: wording::interval_label(Lang::Sv, &t.kind, i),
                achieved: i.achieved,
                required: i.required,
                met: i.met,
                partly: i.partly,
                place: i.place.as_deref(),
            })
            .collect(),
        pace: t.pace.as_ref(),
        missed_places: &t.missed_places,
        judged: t.judged,
        description_written: t.written.as_deref(),
        row_indexes: &t.rows,
        counting: t.counting,
        occasion_noun: t.occasion_noun,
        not_counted: &t.not_counted,
        elsewhere: &t.elsewhere,
        places_within: t.places_within.as_deref(),
    }
}

fn promise(p: &PromiseResult) -> PromiseFile<'_> {
    PromiseFile {
        id: &p.id,
        area: &p.area,
        text: &p.text,
        responsible: &p.responsible,
        partners: &p.partners,
        status: p.status,
        targets: p.targets.iter().map(target).collect(),
        comment: &p.comment,
        next_step: &p.next_step,
        comments: &p.comments,
        contributions: &p.contributions,
        activities: &p.activities,
        rows_counted: p.rows_counted,
    }
}

fn file(r: &Results) -> ResultsFile<'_> {
    ResultsFile {
        head: HeadFile {
            schema: r.schema,
            lofte_version: &r.lofte_version,
            version: r.version,
            agreement: &r.agreement,
            window: r.window,
            as_of: r.as_of,
            summary: &r.summary,
            areas: &r.areas,
            promises: r.promises.iter().map(promise).collect(),
            data_quality: &r.data_quality,
            sources: &r.sources,
            rules: &r.rules,
        },
        activity_rows: &r.activity_rows,
        tail: TailFile {
            indicators: &r.indicators,
            changes: r.changes.as_ref(),
            history: &r.history,
            rendering: r.rendering.as_ref(),
        },
    }
}

/// The results JSON as written beside the PDF: compact, on one line
/// (docs/results.md says why).
pub fn results_json(results: &Results) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::new();
    write_results(results, &mut out).map_err(serde_json::Error::io)?;
    Ok(out)
}

/// Writes the results JSON to `out` as it is serialised: a million-row
/// log's JSON is hundreds of megabytes, and it is never held whole. The
/// same bytes as serde writes [`ResultsFile`]; the rows, nearly all of
/// them, are written by [`write_rows`].
pub fn write_results(results: &Results, mut out: impl std::io::Write) -> std::io::Result<()> {
    let file = file(results);
    // `{"schema":…,"rules":{…}}` without its closing brace, the rows as
    // one more field, then `{"indicators":…}` without its opening one;
    // both parts streamed (the targets' row indexes, and the changes since
    // a previous version, can be megabytes).
    let mut head = Trimmed {
        out: &mut out,
        first: None,
        last: None,
    };
    write_buffered(&mut head, &file.head)?;
    let closed = head.last == Some(b'}');
    out.write_all(b",\"activity_rows\":")?;
    write_rows(&mut out, file.activity_rows)?;
    out.write_all(b",")?;
    let mut tail = Trimmed {
        out: &mut out,
        first: Some(None),
        last: None,
    };
    write_buffered(&mut tail, &file.tail)?;
    let opened = tail.first == Some(Some(b'{'));
    if let Some(last) = tail.last {
        out.write_all(&[last])?;
    }
    if !(closed && opened) {
        return Err(std::io::Error::other(
            "a part of the results is not an object",
        ));
    }
    Ok(())
}

/// `value` serialised into `out` through a buffer: serde writes token by
/// token, and [`Trimmed`] works once a buffer, not once a token.
fn write_buffered(out: &mut impl std::io::Write, value: &impl Serialize) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(64 << 10, out);
    serde_json::to_writer(&mut buffered, value)?;
    std::io::Write::flush(&mut buffered)
}

/// Writes what it is given to `out` but its last byte, held back in
/// `last`, and, when `first` is `Some`, but its first byte, kept there.
struct Trimmed<'w, W> {
    out: &'w mut W,
    first: Option<Option<u8>>,
    last: Option<u8>,
}

impl<W: std::io::Write> std::io::Write for Trimmed<'_, W> {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let len = buf.len();
        if let Some(None) = self.first
            && let Some((&first, rest)) = buf.split_first()
        {
            self.first = Some(Some(first));
            buf = rest;
        }
        let Some((&last, rest)) = buf.split_last() else {
            return Ok(len);
        };
        if let Some(held) = self.last.take() {
            self.out.write_all(&[held])?;
        }
        self.out.write_all(rest)?;
        self.last = Some(last);
        Ok(len)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The rows as serde writes a list of [`ActivityRow`]s
/// (`[{"place":"…","content":"…"},…]`), each row's two texts made in one
/// buffer and escaped into another, written as it fills. serde_json
/// escapes a text byte by byte: for a million rows that was a fifth of the
/// results JSON's time, where a row's texts (dates, numbers, a log's own
/// words) almost never hold a character to escape.
fn write_rows(out: &mut impl std::io::Write, rows: &[ActivityRow]) -> std::io::Result<()> {
    const FILLED: usize = 64 << 10;
    let mut buffer = Vec::with_capacity(FILLED + 1024);
    let mut text = String::new();
    let mut places = Places::default();
    buffer.push(b'[');
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            buffer.push(b',');
        }
        buffer.extend_from_slice(b"{\"place\":\"");
        text.clear();
        row.push_place(&mut text);
        places.escape_into(&mut buffer, &text);
        buffer.extend_from_slice(b"\",\"content\":\"");
        text.clear();
        row.push_content(&mut text);
        escape_into(&mut buffer, &text);
        buffer.extend_from_slice(b"\"}");
        if buffer.len() >= FILLED {
            out.write_all(&buffer)?;
            buffer.clear();
        }
    }
    buffer.push(b']');
    out.write_all(&buffer)
}

/// The places of rows escaped, the part before a place's row number
/// ("a.xlsx, sheet \"2023\", row ") escaped once for the rows that share
/// it: a sheet's name stands in quotes, so every place of a workbook's
/// rows has characters to escape, and escaping them byte by byte for
/// each row was most of what writing the places took.
#[derive(Default)]
struct Places {
    /// The part before the number of the last place escaped.
    head: String,
    /// That part, escaped.
    escaped: Vec<u8>,
}

impl Places {
    /// Appends `place` to `out` as [`escape_into`] does.
    fn escape_into(&mut self, out: &mut Vec<u8>, place: &str) {
        let digits = place.bytes().rev().take_while(u8::is_ascii_digit).count();
        // The digits are ASCII, so their start is a character's start.
        let (head, number) = place.split_at(place.len() - digits);
        if head != self.head {
            self.head.clear();
            self.head.push_str(head);
            self.escaped.clear();
            escape_into(&mut self.escaped, head);
        }
        out.extend_from_slice(&self.escaped);
        out.extend_from_slice(number.as_bytes());
    }
}

/// Appends `text` to `out` escaped as serde_json escapes a string's
/// contents: `"` and `\` with a backslash, the control characters below
/// U+0020 as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00xx` (lower-case hex), and
/// nothing else.
fn escape_into(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let special = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    // Checked without stopping early, so the compiler checks many bytes
    // at a time.
    if !bytes.iter().fold(false, |any, &b| any | special(b)) {
        out.extend_from_slice(bytes);
        return;
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut run = 0;
    for (k, &b) in bytes.iter().enumerate() {
        if !special(b) {
            continue;
        }
        out.extend_from_slice(&bytes[run..k]);
        run = k + 1;
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0C => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]),
        }
    }
    out.extend_from_slice(&bytes[run..]);
}

/// Up to this size the results JSON is also kept as it is, for a template
/// that reads `/results.json` (docs/template.md); a larger one is never
/// held in memory uncompressed (docs/results.md).
pub const ATTACH_PLAIN_MAX: usize = 16 * 1024 * 1024;

/// The results JSON as attached inside the PDF: its gzip
/// (`results.json.gz`, stored by the PDF writer as it is). It is deflated
/// on other threads while the JSON is written; the PDF writer deflated a
/// plain attachment on the one thread that lays out the report, a tenth
/// of a 10 000-row report's time (BENCHMARKS.md, 10.25).
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    /// The gzip of the JSON, to attach.
    pub bytes: Vec<u8>,
    /// The JSON itself when it is at most [`ATTACH_PLAIN_MAX`] bytes (a
    /// template may read it), else `None`.
    pub plain: Option<Vec<u8>>,
}

/// The attachment's file name inside the PDF.
pub const ATTACHMENT_NAME: &str = "results.json.gz";

impl Attachment {
    /// The attachment's file name inside the PDF ([`ATTACHMENT_NAME`]).
    pub fn name(&self) -> &'static str {
        ATTACHMENT_NAME
    }
}

/// Collects the attachment while the JSON is written elsewhere: its gzip
/// from the first byte, and the bytes as they are up to a limit
/// ([`ATTACH_PLAIN_MAX`]). The gzip header carries no time or name, so the
/// same JSON gives the same bytes.
pub struct AttachmentWriter {
    /// The JSON as it is, while within `limit`.
    plain: Option<Vec<u8>>,
    gzip: Option<Compressor>,
    limit: usize,
    /// The compressor's segment size and threads (tests use small
    /// segments, and vary the threads).
    segment: usize,
    threads: usize,
}

/// The gzip of the attachment, made while the JSON is still being
/// serialised: a million rows' JSON (190 MB) takes longer to compress than
/// to make. It is cut into segments of one size, each deflated on its own
/// by one of a few threads (as `pigz` does) into one gzip member: each
/// segment's deflate ends on a byte boundary (a sync flush), and an empty
/// final block closes the last. The output depends only on the bytes and
/// the segment size, so the same JSON gives the same bytes however it was
/// written (`lofte report` in pieces as it serialises, `lofte serve`
/// whole) and on however many threads. At most a few segments wait for a
/// thread, so memory stays bounded.
struct Compressor {
    /// Numbered segments on their way to the threads.
    segments: std::sync::mpsc::SyncSender<(usize, Vec<u8>)>,
    /// Segments deflated and emptied, their room reused: a new segment's
    /// pages would each be touched anew.
    spare: std::sync::mpsc::Receiver<Vec<u8>>,
    pending: Vec<u8>,
    segment: usize,
    sent: usize,
    threads: Vec<std::thread::JoinHandle<std::io::Result<Vec<Deflated>>>>,
}

/// A segment's number, its deflate, and its CRC-32 and length (combined
/// in order for the gzip trailer).
type Deflated = (usize, Vec<u8>, flate2::Crc);

/// The size of the segments the compressor deflates apart: large enough
/// that starting each without the previous one's history costs under one
/// per cent of the size.
const SEGMENT: usize = 1 << 20;

/// The deflate level: the attachment is written once, archived for good
/// and read rarely. Level 2 is a quarter smaller than level 1 (a million
/// rows: 17.3 against 22.8 MB) at 0.30 against 0.22 s of one thread, and
/// the segments are deflated on several (BENCHMARKS.md, 10.6).
const LEVEL: u32 = 2;

/// A gzip header without a time or a name: the same bytes every time.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// A deflate block that is the last and holds nothing (fixed codes, only
/// the end-of-block code).
const EMPTY_FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

impl Compressor {
    /// A compressor of `segment`-byte segments on `threads` threads.
    fn start(segment: usize, threads: usize) -> std::io::Result<Self> {
        let threads = threads.max(1);
        let (segments, inbox) = std::sync::mpsc::sync_channel::<(usize, Vec<u8>)>(threads);
        let inbox = std::sync::Arc::new(std::sync::Mutex::new(inbox));
        let (give_back, spare) = std::sync::mpsc::channel::<Vec<u8>>();
        let threads = (0..threads)
            .map(|_| {
                let inbox = std::sync::Arc::clone(&inbox);
                let give_back = give_back.clone();
                std::thread::Builder::new()
                    .name("lofte-gzip".to_owned())
                    .spawn(move || {
                        let mut done = Vec::new();
                        // One deflater per thread, reset for each segment:
                        // making one allocates and touches its tables anew.
                        let mut deflate =
                            flate2::Compress::new(flate2::Compression::new(LEVEL), false);
                        loop {
                            // One thread waits for the next segment; the
                            // others wait for the inbox.
                            let next = inbox
                                .lock()
                                .map_err(|_| std::io::Error::other("a compressing thread failed"))?
                                .recv();
                            let Ok((number, mut bytes)) = next else {
                                return Ok(done);
                            };
                            deflate.reset();
                            // Each segment's CRC-32 here, combined in order
                            // at the end, not all of them on the writing
                            // thread.
                            let mut crc = flate2::Crc::new();
                            crc.update(&bytes);
                            done.push((number, deflate_segment(&mut deflate, &bytes)?, crc));
                            bytes.clear();
                            // The compressor may be gone (an error).
                            let _ = give_back.send(bytes);
                        }
                    })
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        Ok(Compressor {
            segments,
            spare,
            pending: Vec::with_capacity(segment),
            segment,
            sent: 0,
            threads,
        })
    }

    fn push(&mut self, mut data: &[u8]) -> std::io::Result<()> {
        while !data.is_empty() {
            let room = self
                .segment
                .saturating_sub(self.pending.len())
                .min(data.len());
            let (now, rest) = data.split_at(room);
            self.pending.extend_from_slice(now);
            data = rest;
            if self.pending.len() >= self.segment {
                let room = self
                    .spare
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(self.segment));
                let full = std::mem::replace(&mut self.pending, room);
                self.send(full)?;
            }
        }
        Ok(())
    }

    fn send(&mut self, segment: Vec<u8>) -> std::io::Result<()> {
        self.segments
            .send((self.sent, segment))
            .map_err(|_| std::io::Error::other("the attachment's compression stopped"))?;
        self.sent += 1;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<Vec<u8>> {
        if !self.pending.is_empty() {
            let last = std::mem::take(&mut self.pending);
            self.send(last)?;
        }
        let Compressor {
            segments,
            sent,
            threads,
            ..
        } = self;
        drop(segments);
        let mut deflated = Vec::with_capacity(sent);
        for thread in threads {
            let done = thread
                .join()
                .map_err(|_| std::io::Error::other("the attachment's compression failed"))??;
            deflated.extend(done);
        }
        deflated.sort_unstable_by_key(|(number, _, _)| *number);
        if deflated.len() != sent {
            return Err(std::io::Error::other(
                "the attachment's compression lost a part",
            ));
        }
        let size: usize = deflated.iter().map(|(_, bytes, _)| bytes.len()).sum();
        let mut out = Vec::with_capacity(GZIP_HEADER.len() + size + EMPTY_FINAL_BLOCK.len() + 8);
        out.extend_from_slice(&GZIP_HEADER);
        let mut crc = flate2::Crc::new();
        for (_, bytes, part) in deflated {
            out.extend_from_slice(&bytes);
            crc.combine(&part);
        }
        out.extend_from_slice(&EMPTY_FINAL_BLOCK);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        Ok(out)
    }
}

/// `bytes` as raw deflate blocks ending on a byte boundary, none of them
/// the last, by a deflater just made or reset: one segment of the gzip
/// [`Compressor`] makes.
fn deflate_segment(deflate: &mut flate2::Compress, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 4 + 1024);
    loop {
        let read = usize::try_from(deflate.total_in()).unwrap_or(usize::MAX);
        let rest = bytes.get(read..).unwrap_or_default();
        deflate
            .compress_vec(rest, &mut out, flate2::FlushCompress::Sync)
            .map_err(std::io::Error::other)?;
        // The flush is complete once all is read and room is left over.
        if deflate.total_in() >= bytes.len() as u64 && out.len() < out.capacity() {
            return Ok(out);
        }
        out.reserve(64 * 1024);
    }
}

/// How many threads deflate a large attachment: the cores, up to four.
fn compressing_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4))
}

impl Default for AttachmentWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl AttachmentWriter {
    /// An empty attachment.
    pub fn new() -> Self {
        Self::with_limit(ATTACH_PLAIN_MAX)
    }

    /// An empty attachment whose JSON is kept as it is up to `limit`
    /// bytes instead of [`ATTACH_PLAIN_MAX`] (tests reach a large report's
    /// form with a small one).
    pub fn with_limit(limit: usize) -> Self {
        AttachmentWriter {
            plain: Some(Vec::new()),
            gzip: None,
            limit,
            segment: SEGMENT,
            threads: compressing_threads(),
        }
    }

    /// An attachment kept as it is up to `limit` bytes, compressed in
    /// segments of `segment` bytes on `threads` threads.
    #[cfg(test)]
    fn with_segments(limit: usize, segment: usize, threads: usize) -> Self {
        AttachmentWriter {
            segment,
            threads,
            ..Self::with_limit(limit)
        }
    }

    /// The attachment, once the whole JSON was written.
    pub fn finish(self) -> std::io::Result<Attachment> {
        let gzip = match self.gzip {
            Some(gz) => gz,
            None => Compressor::start(self.segment, 1)?,
        };
        Ok(Attachment {
            bytes: gzip.finish()?,
            plain: self.plain,
        })
    }
}

impl std::io::Write for AttachmentWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let gz = match &mut self.gzip {
            Some(gz) => gz,
            None => self
                .gzip
                .insert(Compressor::start(self.segment, self.threads)?),
        };
        gz.push(buf)?;
        if let Some(plain) = &mut self.plain {
            if plain.len() + buf.len() <= self.limit {
                plain.extend_from_slice(buf);
            } else {
                self.plain = None;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes every byte to both writers: the results JSON to its file and to
/// the PDF's attachment in one serialisation.
pub struct Tee<A, B>(pub A, pub B);

impl<A: std::io::Write, B: std::io::Write> std::io::Write for Tee<A, B> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(buf)?;
        self.1.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()?;
        self.1.flush()
    }
}

/// The attachment of a results JSON held whole (`serve`, the benches):
/// as [`AttachmentWriter`] makes it while the JSON is written.
pub fn attachment(json: &[u8]) -> std::io::Result<Attachment> {
    let mut writer = AttachmentWriter::new();
    std::io::Write::write_all(&mut writer, json)?;
    writer.finish()
}

/// The JSON attached inside a PDF, as [`Attachment`] made it: gzip is
/// recognised by its magic bytes (a JSON text never starts with them).
pub fn attachment_json(bytes: Vec<u8>) -> std::io::Result<Vec<u8>> {
    if is_gzip(&bytes) {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut attachment_reader(&bytes), &mut out)?;
        Ok(out)
    } else {
        Ok(bytes)
    }
}

/// Whether an attachment's bytes are the gzip of the JSON.
fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The JSON of an attachment as it is inflated, when it is its gzip: a
/// million rows' JSON is read from it without ever being held whole.
pub fn attachment_reader(bytes: &[u8]) -> Box<dyn std::io::Read + '_> {
    if is_gzip(bytes) {
        Box::new(flate2::read::GzDecoder::new(bytes))
    } else {
        Box::new(bytes)
    }
}

/// The results JSON as a value (what `--previous` compares).
pub fn results_value(results: &Results) -> serde_json::Result<serde_json::Value> {
    serde_json::to_value(file(results))
}

/// Whether the JSON `reader` gives looks like a results JSON (a `schema`
/// and `promises` at the top): how `lofte diff` finds the results among a
/// PDF's attachments. It stops reading once the top level has shown both
/// (a results file writes them before its rows), so a PDF's gzip
/// attachment is not inflated whole to be recognised.
pub fn looks_like_results(reader: impl std::io::Read) -> bool {
    matches!(head_of(reader), Some(head) if head.promises)
}

/// The size of the buffer a results file is read through.
const READ_BUFFER: usize = 256 * 1024;

/// Reads a results JSON back into a report, for `lofte diff` and
/// `--previous`: the figures, statuses, kinds and rows; the words in it
/// are left aside. A file written before targets referred to rows by index
/// is brought up to date first: its rows' files, sheets and row numbers and
/// each target's row indexes are derived from what it holds. The error says
/// why the bytes are not a lofte results file.
pub fn read_results(bytes: &[u8]) -> Result<Results, String> {
    read_by(|| Ok(bytes))
}

/// [`read_results`] of a JSON parsed as it is read from a file or inflated
/// from an attachment: `open` gives the JSON from its start, and is called
/// once for a file of the current layout (up to three times for an earlier
/// layout or a file that is not a results file). The file is never held
/// whole: a million-row report's 160 MB were read into memory, then
/// parsed.
pub fn read_results_from<R: std::io::Read>(
    open: impl FnMut() -> std::io::Result<R>,
) -> Result<Results, String> {
    read_by(open)
}

/// [`read_results_from`], each reading of the JSON buffered.
fn read_by<R: std::io::Read>(
    mut open: impl FnMut() -> std::io::Result<R>,
) -> Result<Results, String> {
    let mut reader = || {
        open()
            .map(|r| std::io::BufReader::with_capacity(READ_BUFFER, r))
            .map_err(|e| e.to_string())
    };
    // A file of the current layout has every field `Results` reads: it is
    // read straight into the types. Holding a million-row file as a
    // `serde_json::Value` first took five times its size.
    let direct = serde_json::from_reader::<_, Results>(reader()?);
    match direct {
        Ok(results) if results.schema >= 2 => return Ok(results),
        // An earlier layout that happens to read is brought up to date.
        Ok(_) => {}
        Err(e) => {
            if let Some(head) = head_of(reader()?)
                && head.schema >= 2
                && head.promises
            {
                return Err(e.to_string());
            }
        }
    }
    let mut value: serde_json::Value =
        serde_json::from_reader(reader()?).map_err(|e| e.to_string())?;
    if value
        .get("promises")
        .and_then(serde_json::Value::as_array)
        .is_none()
        || value.get("schema").is_none()
    {
        return Err("it has no \"schema\" and \"promises\"".to_owned());
    }
    upgrade(&mut value);
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// The top-level fields that tell a results file's layout.
struct Head {
    schema: u32,
    promises: bool,
}

/// The [`Head`] of the JSON `reader` gives, read up to its `schema` and
/// `promises` (the rest is not read); `None` when it is not a JSON object
/// with a `schema` number.
fn head_of(reader: impl std::io::Read) -> Option<Head> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    /// Stops the parse once both fields were seen: serde_json would read
    /// the rest of the document (a million rows) only to end the object.
    struct Top<'a>(&'a mut Option<Head>);
    impl<'de> Visitor<'de> for Top<'_> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a results JSON")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let (mut schema, mut promises) = (None, false);
            while let Some(key) = map.next_key::<std::borrow::Cow<'_, str>>()? {
                match key.as_ref() {
                    "schema" => schema = Some(map.next_value::<u32>()?),
                    // `null` is no promises, as an absent field.
                    "promises" => promises = map.next_value::<Option<IgnoredAny>>()?.is_some(),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                if let (Some(schema), true) = (schema, promises) {
                    *self.0 = Some(Head { schema, promises });
                    return Err(serde::de::Error::custom("seen"));
                }
            }
            *self.0 = schema.map(|schema| Head { schema, promises });
            Ok(())
        }
    }
    let mut head = None;
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(
        READ_BUFFER,
        reader,
    ));
    let read = de.deserialize_map(Top(&mut head));
    // A whole object read must also end the document.
    if read.is_ok() && de.end().is_err() {
        return None;
    }
    head
}

/// Brings a results JSON up to the layout [`Results`] reads, adding only
/// what can be derived from it: each activity row's file, sheet and row
/// (from its place, which is all the file writes of it), each target's `row_indexes` (its rows
/// looked up among the activity rows), and `description_written` (the
/// description it printed, so that an unchanged target is not reported as
/// reworded).
fn upgrade(value: &mut serde_json::Value) {
    use serde_json::{Value, json};
    // What the report is for was the kommun before a stadsdel could be.
    if let Some(agreement) = value.get_mut("agreement").and_then(Value::as_object_mut)
        && !agreement.contains_key("place")
        && let Some(kommun) = agreement.get("kommun").cloned()
    {
        agreement.insert("place".to_owned(), kommun);
    }
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    if let Some(rows) = value.get_mut("activity_rows").and_then(Value::as_array_mut) {
        for (i, r) in rows.iter_mut().enumerate() {
            let place = r
                .get("place")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if r.get("row").is_none()
                && let Some(obj) = r.as_object_mut()
            {
                let row = Row::parse_place(&place).unwrap_or(Row {
                    file: place.clone(),
                    sheet: None,
                    row: 0,
                });
                obj.insert("file".to_owned(), json!(row.file));
                if let Some(sheet) = row.sheet {
                    obj.insert("sheet".to_owned(), json!(sheet));
                }
                obj.insert("row".to_owned(), json!(row.row));
            }
            index.insert(place, i);
        }
    }
    let as_of = value
        .get("as_of")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<NaiveDate>().ok());
    let Some(promises) = value.get_mut("promises").and_then(Value::as_array_mut) else {
        return;
    };
    for target in promises
        .iter_mut()
        .filter_map(|p| p.get_mut("targets").and_then(Value::as_array_mut))
        .flatten()
    {
        let Some(obj) = target.as_object_mut() else {
            continue;
        };
        if obj.contains_key("row_indexes") {
            continue;
        }
        let indexes: Vec<usize> = obj
            .get("rows")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| {
                let file = r.get("file")?.as_str()?;
                let file = std::path::Path::new(file)
                    .file_name()
                    .map_or_else(|| file.to_owned(), |f| f.to_string_lossy().into_owned());
                let row = Row {
                    file,
                    sheet: r.get("sheet").and_then(Value::as_str).map(str::to_owned),
                    row: u32::try_from(r.get("row")?.as_u64()?).ok()?,
                };
                index.get(&row.to_string()).copied()
            })
            .collect();
        obj.insert("row_indexes".to_owned(), json!(indexes));
        if let Some(d) = obj.get("description").cloned() {
            obj.insert("description_written".to_owned(), d);
        }
        upgrade_kind(obj, as_of);
    }
}

/// The fields a kind's wording needs that an earlier layout did not
/// write, derived from what it did: a block's length from its first
/// block, a share's days from the days judged and the share achieved, a
/// trend's direction from its outcome.
fn upgrade_kind(obj: &mut serde_json::Map<String, serde_json::Value>, as_of: Option<NaiveDate>) {
    use serde_json::{Value, json};
    let date = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .and_then(|s| s.parse::<NaiveDate>().ok())
    };
    // Only the kinds whose fields were added are looked at; the others
    // were written whole.
    let kind = obj.get("kind").and_then(Value::as_str).map(str::to_owned);
    let kind = kind.as_deref();
    if kind == Some("every_n") && !obj.contains_key("every") {
        let first = obj
            .get("intervals")
            .and_then(Value::as_array)
            .and_then(|l| l.first());
        let (from, to) = (
            date(first.and_then(|i| i.get("from"))),
            date(first.and_then(|i| i.get("to"))),
        );
        let every = match (obj.get("per").and_then(Value::as_str), from, to) {
            (Some("week"), Some(f), Some(t)) => ((t - f).num_days() + 1) / 7,
            (Some("month"), Some(f), Some(t)) => {
                use chrono::Datelike;
                i64::from(t.year() - f.year()) * 12 + i64::from(t.month()) - i64::from(f.month())
                    + 1
            }
            _ => 1,
        };
        obj.insert("every".to_owned(), json!(every.max(1)));
    }
    if kind == Some("share") && !obj.contains_key("days") {
        let judged = obj.get("judged");
        let (from, to) = (
            date(judged.and_then(|j| j.get("from"))),
            date(judged.and_then(|j| j.get("to"))),
        );
        let days = match (from, to) {
            (Some(f), Some(t)) => {
                let end = as_of.map_or(t, |a| a.min(t));
                if end < f { 0 } else { (end - f).num_days() + 1 }
            }
            _ => 0,
        };
        let achieved = obj.get("achieved").and_then(Value::as_f64).unwrap_or(0.0);
        let shifts = obj.get("unit").and_then(Value::as_str) == Some("andel av arbetspass");
        obj.insert("days".to_owned(), json!(days));
        obj.insert(
            "days_active".to_owned(),
            json!((achieved * days.max(1) as f64).round() as u64),
        );
        obj.insert(
            "share_of".to_owned(),
            json!(if shifts { "shift" } else { "day" }),
        );
    }
    if kind == Some("trend") && !obj.contains_key("direction") {
        let decrease = obj
            .get("outcome_text")
            .and_then(Value::as_str)
            .is_some_and(|t| t.ends_with("minskning krävs"));
        obj.insert(
            "direction".to_owned(),
            json!(if decrease { "decrease" } else { "increase" }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A results JSON as lofte wrote it before rows were listed once:
    /// the rows copied per target, no `row_indexes`, the activity rows with
    /// a place only.
    const OLD: &str = r#"{
      "schema": 1, "lofte_version": "0.1.0", "version": 1,
      "agreement": {"kommun": "K", "police_area": "P", "title": null,
        "period": {"from": "2023-01-01", "to": "2023-12-31"}, "deadline_text": null,
        "deadline": null, "diarienummer": null, "signatories": [], "authors": [], "recipients": []},
      "window": {"from": "2023-01-01", "to": "2023-12-31"}, "as_of": "2023-12-31",
      "summary": {"met": 1, "partly_met": 0, "not_met": 0, "in_progress": 0,
        "reported_in_text": 0, "not_applicable": 0, "no_data": 0},
      "areas": [],
      "promises": [{"id": "K1", "area": "A", "text": "t", "responsible": "Polisen",
        "partners": [], "status": "met", "comment": null, "next_step": null, "comments": [],
        "contributions": {"police": 1, "municipality": 0, "joint": 0, "unknown": 0},
        "activities": [], "rows_counted": 1,
        "targets": [{"kind": "every_n", "description": "minst 1 per block om 3 veckor",
          "required": 1.0, "achieved": 1.0, "unit": "perioder", "per": "week",
          "per_interval": 1.0, "total": 1.0, "noun": "insatser", "noun_singular": "insats",
          "outcome_text": "1 av 1 period", "status": "met",
          "intervals": [{"from": "2023-01-02", "to": "2023-01-22", "label": "2 jan – 22 jan",
            "achieved": 1.0, "required": 1.0, "met": true, "partly": false}],
          "rows": [{"file": "loggar/a.xlsx", "sheet": "Logg", "row": 3}]}]}],
      "data_quality": {"rows_read": 2, "rows_counted": 1, "rows_outside_window": 0,
        "rows_after_as_of": 0, "unmatched": [], "missing_partner": [], "logged_by_both": [],
        "excluded": [], "warnings": []},
      "sources": [{"role": "promises", "file": "loften.toml", "sha256": "00", "bytes": 1}],
      "rules": {"part_met": 0.5},
      "activity_rows": [
        {"place": "a.xlsx, sheet \"Logg\", row 2", "content": "2023-01-01 | K1 | 1 | x |  | "},
        {"place": "a.xlsx, sheet \"Logg\", row 3", "content": "2023-01-03 | K1 | 1 | x |  | "}
      ]
    }"#;

    #[test]
    fn a_results_json_of_an_earlier_lofte_is_read_back() {
        let r = read_results(OLD.as_bytes()).unwrap();
        let t = &r.promises[0].targets[0];
        assert_eq!(
            t.rows,
            vec![1],
            "the target's row found among the activity rows"
        );
        assert_eq!(r.activity_rows[1].row().sheet.as_deref(), Some("Logg"));
        assert_eq!(r.activity_rows[1].row().row, 3);
        assert_eq!(t.written.as_deref(), Some("minst 1 per block om 3 veckor"));
        assert_eq!(t.status, Status::Met);
        // A field the old layout did not have is derived from it: the
        // block length from the first block (2 – 22 January: 3 weeks).
        assert!(matches!(t.kind, Kind::EveryN { every: 3, .. }));
    }

    /// The rows written by hand ([`write_rows`]) between serde's head and
    /// tail make the bytes serde makes of the whole, whatever a row's texts
    /// hold: quotes, backslashes, every control character, letters beyond
    /// ASCII, DEL.
    #[test]
    fn the_rows_written_by_hand_are_the_json_serde_writes() {
        let mut r = read_results(OLD.as_bytes()).unwrap();
        let odd: String = (0u8..0x20)
            .map(char::from)
            .chain("\"\\/åäö 🚓\u{7f}\u{2028}".chars())
            .collect();
        let rows = [
            (
                "logg.csv, line 2",
                "2023-01-05 | K1 | 1 | Trafik | E4 | Polisen",
            ),
            ("a \"b\".csv, line 3", odd.as_str()),
            ("c\\d.xlsx, sheet \"Logg\", row 4", ""),
            // The same file and sheet, then another with digits before
            // its row number, then the first again.
            ("c\\d.xlsx, sheet \"Logg\", row 5", "x"),
            ("c\\d.xlsx, sheet \"2023\", row 5", "y"),
            ("c\\d.xlsx, sheet \"Logg\", row 60", "z"),
            ("2023", "no head"),
        ];
        r.activity_rows = rows
            .iter()
            .enumerate()
            .map(|(k, (place, content))| {
                let row = Row {
                    file: "logg.csv".to_owned(),
                    sheet: None,
                    row: k as u32 + 2,
                };
                ActivityRow::written((*place).to_owned(), (*content).to_owned(), row)
            })
            .collect();
        let by_hand = results_json(&r).unwrap();
        assert_eq!(
            String::from_utf8(by_hand.clone()).unwrap(),
            String::from_utf8(serde_json::to_vec(&file(&r)).unwrap()).unwrap()
        );
        let back = read_results(&by_hand).unwrap();
        for (row, (place, content)) in back.activity_rows.iter().zip(rows) {
            assert_eq!((&*row.place(), &*row.content()), (place, content));
        }
        // A tail with more than its indicators: the versions before.
        r.history = vec![crate::evaluate::VersionRecord {
            version: 1,
            date: "2024-01-02".to_owned(),
            date_source: crate::evaluate::DateSource::AsOf,
            notes: vec!["rättad \"logg\"\n".to_owned()],
        }];
        assert_eq!(
            results_json(&r).unwrap(),
            serde_json::to_vec(&file(&r)).unwrap()
        );
        // No rows at all.
        r.activity_rows.clear();
        assert_eq!(
            results_json(&r).unwrap(),
            serde_json::to_vec(&file(&r)).unwrap()
        );
    }

    #[test]
    fn what_is_written_reads_back_as_the_same_report() {
        let old = read_results(OLD.as_bytes()).unwrap();
        let again = read_results(&results_json(&old).unwrap()).unwrap();
        assert_eq!(again, old);
    }

    /// `--previous` and `lofte diff` held a whole results file as a
    /// `serde_json::Value` before reading it: 1.7 GiB for a million-row
    /// report's 160 MB. A file of the current layout is read straight
    /// into the types, each row's file, sheet and row taken from its place.
    #[test]
    fn a_current_results_file_was_read_through_a_json_value() {
        let mut old = read_results(OLD.as_bytes()).unwrap();
        // As evaluation makes it: the file read back above was schema 1.
        old.schema = 2;
        let json = results_json(&old).unwrap();
        let head = head_of(json.as_slice()).unwrap();
        assert!(head.schema >= 2, "written in the layout read directly");
        let direct: Results = serde_json::from_slice(&json).unwrap();
        assert_eq!(direct, old);
        let row = direct.activity_rows[1].row();
        assert_eq!(
            (row.file.as_str(), row.sheet.as_deref(), row.row),
            ("a.xlsx", Some("Logg"), 3)
        );
        assert_eq!(read_results(&json).unwrap(), old);
    }

    #[test]
    fn the_attachment_is_the_gzip_of_the_json_kept_as_it_is_up_to_its_limit() {
        use std::io::Write;
        let json = results_json(&read_results(OLD.as_bytes()).unwrap()).unwrap();
        let attach = |limit: usize| {
            let mut w = AttachmentWriter::with_limit(limit);
            // Written in pieces, as the serialiser writes.
            for piece in json.chunks(7) {
                w.write_all(piece).unwrap();
            }
            w.finish().unwrap()
        };
        let plain = attach(json.len());
        assert_eq!(plain.plain.as_deref(), Some(json.as_slice()));
        assert_eq!(plain.name(), "results.json.gz");
        assert_eq!(attachment_json(plain.bytes.clone()).unwrap(), json);
        let small = attach(json.len() / 2);
        assert_eq!(small.plain, None);
        assert_eq!(small.bytes, plain.bytes);
        assert!(small.bytes.len() < json.len());
        assert_eq!(attachment_json(small.bytes.clone()).unwrap(), json);
        // No time or name in the gzip header: the same JSON, the same bytes,
        // however the serialiser happened to cut it.
        assert_eq!(attach(json.len() / 2).bytes, small.bytes);
        let mut whole = AttachmentWriter::with_limit(json.len() / 2);
        whole.write_all(&json).unwrap();
        assert_eq!(whole.finish().unwrap().bytes, small.bytes);
        assert_eq!(attachment_json(json.clone()).unwrap(), json);
    }

    /// The gzip is deflated in segments on several threads: one gzip
    /// member that any reader inflates (its CRC and length checked), and
    /// the same bytes on one thread or four however the JSON was cut (the
    /// serialiser cuts it where it happens to).
    #[test]
    fn a_gzip_deflated_in_segments_is_one_gzip_whatever_the_threads() {
        use std::io::{Read, Write};
        let json = results_json(&read_results(OLD.as_bytes()).unwrap()).unwrap();
        let big: Vec<u8> = (0..300)
            .flat_map(|i| format!("{i}").into_bytes().into_iter().chain(json.clone()))
            .collect();
        let gzip = |threads: usize, piece: usize| {
            let mut w = AttachmentWriter::with_segments(1000, 10_000, threads);
            for p in big.chunks(piece) {
                w.write_all(p).unwrap();
            }
            w.finish().unwrap()
        };
        let one = gzip(1, big.len());
        assert_eq!(one.plain, None);
        assert!(big.len() / 10_000 > 10, "many segments");
        for (threads, piece) in [(3, 7), (1, 1000), (2, 70_000), (4, 10_000)] {
            assert_eq!(gzip(threads, piece).bytes, one.bytes, "{threads} threads");
        }
        let mut inflated = Vec::new();
        flate2::read::GzDecoder::new(one.bytes.as_slice())
            .read_to_end(&mut inflated)
            .unwrap();
        assert_eq!(inflated, big);
        // Nothing after the one member.
        let mut members = Vec::new();
        flate2::read::MultiGzDecoder::new(one.bytes.as_slice())
            .read_to_end(&mut members)
            .unwrap();
        assert_eq!(members, big);
        assert!(one.bytes.len() < big.len() / 5);
    }

    /// A results file is told by its start: the rows after `schema` and
    /// `promises` are not read (here they are not even JSON).
    #[test]
    fn a_results_file_is_told_by_its_start() {
        let json = results_json(&read_results(OLD.as_bytes()).unwrap()).unwrap();
        assert!(looks_like_results(json.as_slice()));
        let at = json
            .windows(16)
            .position(|w| w == b"\"activity_rows\":")
            .unwrap();
        let mut cut = json[..at].to_vec();
        cut.extend_from_slice(b"\"activity_rows\": not json");
        assert!(looks_like_results(cut.as_slice()));
        for not in [
            &br#"{"schema": 2}"#[..],
            br#"{"schema": 2, "promises": null}"#,
            br#"{"promises": [], "x": 1}"#,
            br#"{"schema": "2", "promises": []}"#,
            b"[]",
            b"not json",
        ] {
            assert!(!looks_like_results(not), "{}", String::from_utf8_lossy(not));
        }
    }

    #[test]
    fn a_file_without_promises_is_not_a_results_file() {
        assert!(read_results(br#"{"schema": 1}"#).is_err());
        assert!(read_results(b"not json").is_err());
    }
}
