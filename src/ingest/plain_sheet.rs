//! A plain xlsx sheet's cells, read straight from its XML. calamine's cell
//! reader was most of a large log's reading (31 ms of CPU for the peers'
//! 10 000 rows; BENCHMARKS.md 10.29): it goes through a general XML
//! reader, event by event, with a copy of every text. A log is usually plain:
//! values, inline or shared texts, no formulas. Such a sheet is read here
//! in one pass over its unpacked bytes, giving calamine's own values: held
//! whole up to 64 MiB unpacked, and beyond that unpacked in pieces on a
//! thread of its own as its rows are read (a million rows in flat memory).
//!
//! What calamine decides stays calamine's: which styles make a number a
//! date, and the shared strings, are read by calamine from a small
//! workbook made for the purpose ([`prepare`]): the workbook itself, the
//! sheet's part replaced by one cell per style and one per shared string.
//! Which part is the sheet's (the only one, or one of several found through
//! the workbook's relations) is shown by calamine reading those cells as
//! the sheet of that name.
//! Anything this reader does not know for certain — a formula, rich text,
//! an escape, an entity it does not decode, a cell without its
//! reference, an element it does not expect, an unusual number — makes
//! it give up, and calamine reads the sheet (from the cell where this
//! reader stopped, see `workbook::Records`). A test reads every fixture
//! and generated sheets both ways and compares each cell.

use std::io::{Cursor, Read, Seek};

use calamine::{DataRef, ExcelDateTime, ExcelDateTimeType};

use super::halves::{self, Reopen};

/// Sheets smaller than this (unpacked) are read by calamine: preparing
/// costs more than it saves.
const MIN_UNPACKED: u64 = 256 << 10;

/// A sheet prepared to be read here: its XML, and what calamine says of
/// its workbook's styles and shared strings.
pub(super) struct Plain {
    body: Body,
    /// By style id: the kind of date a number of that style is, `None`
    /// for a plain number.
    dates: Vec<Option<ExcelDateTimeType>>,
    strings: Vec<String>,
    date_1904: bool,
}

/// Where a [`Plain`] sheet's XML is.
enum Body {
    /// Held whole; the cells between `from` and `to` (`<sheetData>` and
    /// `</sheetData>`).
    Whole {
        xml: Vec<u8>,
        from: usize,
        to: usize,
    },
    /// Too large to hold (over `halves::MAX_UNPACKED`): unpacked in pieces
    /// of `piece` bytes on a thread of its own as the cells are read, so
    /// memory stays flat however long the log.
    Pieces {
        source: Source,
        sheet: usize,
        piece: usize,
    },
}

/// Where a sheet read in pieces is unpacked from, owned by the thread
/// that unpacks it.
#[derive(Clone)]
enum Source {
    Bytes(std::sync::Arc<[u8]>),
    Path(std::path::PathBuf),
}

/// How [`prepare_from`] chooses: sheets from `min` bytes unpacked are read
/// here, held whole up to `whole_max`, and in pieces of `piece` bytes
/// beyond it. Tests make the pieces small.
#[derive(Clone, Copy)]
pub(super) struct Sizes {
    pub(super) min: u64,
    pub(super) whole_max: u64,
    pub(super) piece: usize,
}

/// The sizes a log is read by.
const SIZES: Sizes = Sizes {
    min: MIN_UNPACKED,
    whole_max: halves::MAX_UNPACKED,
    piece: 1 << 20,
};

/// Shared strings larger than this (unpacked) are heavy: see
/// [`prepare_zip`].
const HEAVY_STRINGS: u64 = 256 << 10;

/// A row larger than this, unpacked, is left to calamine (a sheet read in
/// pieces holds at least one whole row at a time).
const MAX_HELD: usize = 16 << 20;

/// The sheet `name` of the workbook at `from`, prepared; `None` where it
/// is not plain (see the module's comment), small, or its part is not
/// found for certain.
pub(super) fn prepare(from: Reopen<'_>, name: &str, date_1904: bool) -> Option<Plain> {
    prepare_from(from, name, date_1904, SIZES)
}

/// [`prepare`] by other [`Sizes`].
pub(super) fn prepare_from(
    from: Reopen<'_>,
    name: &str,
    date_1904: bool,
    sizes: Sizes,
) -> Option<Plain> {
    match from {
        Reopen::Bytes(bytes) => prepare_zip(Cursor::new(bytes), from, name, date_1904, sizes),
        Reopen::Path(path) => {
            let file = std::fs::File::open(path).ok()?;
            prepare_zip(
                std::io::BufReader::with_capacity(1 << 16, file),
                from,
                name,
                date_1904,
                sizes,
            )
        }
    }
}

fn prepare_zip<R: Read + Seek>(
    reader: R,
    from: Reopen<'_>,
    name: &str,
    date_1904: bool,
    sizes: Sizes,
) -> Option<Plain> {
    use memchr::memmem;
    let mut zip = zip::ZipArchive::new(reader).ok()?;
    // Which part is the sheet is checked below: calamine must read the
    // sheet `name` from it (the probe).
    let only = halves::only_sheet_index(&zip);
    let sheet = only.or_else(|| sheet_part(&mut zip, name))?;
    let size = zip.by_index_raw(sheet).ok()?.size();
    if size < sizes.min {
        return None;
    }
    // The probe reads the shared strings again, once for each sheet of
    // several: where they are large and outweigh a quarter of the sheet,
    // that costs more than reading the sheet here saves.
    if only.is_none() {
        let strings = part_index(&zip, "xl/sharedStrings.xml")
            .and_then(|i| zip.by_index_raw(i).ok().map(|part| part.size()))
            .unwrap_or(0);
        if strings > HEAVY_STRINGS && strings.saturating_mul(4) > size {
            return None;
        }
    }
    let body = if size <= sizes.whole_max {
        let xml = halves::unpack(&mut zip, sheet)?;
        let open = memmem::find(&xml, b"<sheetData")?;
        let start = open + memchr::memchr(b'>', xml.get(open..)?)? + 1;
        if xml.get(..start)?.ends_with(b"/>") {
            return None;
        }
        let to = start + memmem::find(xml.get(start..)?, b"</sheetData>")?;
        // A formula's text and its value need calamine (shared formulas,
        // totals by SUM, formulas saved without a value). Read in pieces,
        // the reader gives up at the first.
        if memmem::find(xml.get(start..to)?, b"<f").is_some() {
            return None;
        }
        Body::Whole {
            xml,
            from: start,
            to,
        }
    } else {
        Body::Pieces {
            source: match from {
                Reopen::Bytes(bytes) => Source::Bytes(bytes.into()),
                Reopen::Path(path) => Source::Path(path.to_owned()),
            },
            sheet,
            piece: sizes.piece.max(1),
        }
    };
    let (dates, strings) = probe(&mut zip, sheet, name)?;
    Some(Plain {
        body,
        dates,
        strings,
        date_1904,
    })
}

/// What calamine says of the workbook's styles and its shared strings
/// ([`Probed`]): read by calamine from a copy of the workbook whose part
/// `sheet` is replaced by one cell per style, one per shared string and a
/// last one no sheet holds by chance. `None` unless calamine reads exactly those cells as
/// the sheet `name`: then `sheet` is that sheet's part.
fn probe<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, sheet: usize, name: &str) -> Option<Probed> {
    let styles = count_in(zip, "xl/styles.xml", b"<cellXfs", b"</cellXfs>", b"<xf")?;
    let strings = count_in(zip, "xl/sharedStrings.xml", b"<sst", b"</sst>", b"<si")?;
    let mut probe = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    use std::fmt::Write as _;
    {
        let mut row = 0usize;
        for style in 0..styles {
            row += 1;
            let _ = write!(
                probe,
                "<row r=\"{row}\"><c r=\"A{row}\" s=\"{style}\"><v>1</v></c></row>"
            );
        }
        for string in 0..strings {
            row += 1;
            let _ = write!(
                probe,
                "<row r=\"{row}\"><c r=\"A{row}\" t=\"s\"><v>{string}</v></c></row>"
            );
        }
    }
    // Last, a text no sheet holds by chance: calamine read the probe, so
    // `sheet` is the part of the sheet `name`.
    let _ = write!(
        probe,
        "<row r=\"{row}\"><c r=\"A{row}\" t=\"inlineStr\"><is><t>{PROBE_MARK}</t></is></c></row>",
        row = styles + strings + 1
    );
    probe.push_str("</sheetData></worksheet>");
    let book = halves::copy_with_sheet(zip, sheet, &[probe.as_bytes()])?;
    let mut book =
        calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(book)).ok()?;
    let mut cells = book.worksheet_cells_reader(name).ok()?;
    let mut dates = Vec::with_capacity(styles);
    let mut shared = Vec::with_capacity(strings);
    let mut marked = false;
    while let Some(cell) = cells.next_cell().ok()? {
        let row = usize::try_from(cell.get_position().0).ok()?;
        if marked {
            return None;
        }
        if row == styles + strings {
            match cell.get_value() {
                DataRef::String(s) if s == PROBE_MARK => marked = true,
                DataRef::SharedString(s) if *s == PROBE_MARK => marked = true,
                _ => return None,
            }
            continue;
        }
        match cell.get_value() {
            DataRef::Float(f) if row < styles && *f == 1.0 => dates.push(None),
            DataRef::DateTime(d) if row < styles => dates.push(Some(if d.is_duration() {
                ExcelDateTimeType::TimeDelta
            } else {
                ExcelDateTimeType::DateTime
            })),
            DataRef::SharedString(s) if row >= styles => shared.push((*s).to_owned()),
            _ => return None,
        }
        // One cell a row, in order: any other shape is not understood.
        if dates.len() + shared.len() != row + 1 {
            return None;
        }
    }
    if dates.len() != styles || shared.len() != strings || !marked {
        return None;
    }
    drop(cells);
    Some((dates, shared))
}

/// The index of the part `name` in the zip, its case aside (as calamine
/// finds a workbook's parts).
fn part_index<R: Read + Seek>(zip: &zip::ZipArchive<R>, name: &str) -> Option<usize> {
    (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .and_then(Result::ok)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// What [`probe`] finds: by style id, the kind of date a number of that
/// style is (`None` for a plain number); and the shared strings.
type Probed = (Vec<Option<ExcelDateTimeType>>, Vec<String>);

/// The text of the probe's last cell (see [`prepare_zip`]).
const PROBE_MARK: &str = "lofte: provblad";

/// The zip index of the worksheet part of the sheet `name`, one of
/// several: the part that `xl/workbook.xml`'s `<sheet>` of that name
/// names through `xl/_rels/workbook.xml.rels`, read as calamine reads them.
/// Anything unusual (a name with an entity, a relative path with `..`, a
/// workbook elsewhere than `xl/`) is `None`, and calamine reads the sheet.
/// A wrong part would not be read: the probe of [`prepare_zip`] checks
/// that calamine reads the sheet `name` from it.
fn sheet_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<usize> {
    // The workbook was checked before calamine opened it (`check_zip`):
    // its parts are of a size to unpack.
    let mut read = |part: &str| halves::unpack(zip, part_index(zip, part)?);
    let workbook = read("xl/workbook.xml")?;
    let relations = read("xl/_rels/workbook.xml.rels")?;
    let mut id = None;
    for tag in tags(&workbook, b"sheet") {
        let attributes = tag?;
        let value = |key: &[u8]| attribute(&attributes, key);
        if value(b"name")? == name.as_bytes() {
            // Sheet names are unique: a second of this name is not known.
            if id.is_some() {
                return None;
            }
            id = Some(value(b"r:id")?.to_vec());
        }
    }
    let id = id?;
    let mut target = None;
    for tag in tags(&relations, b"Relationship") {
        let attributes = tag?;
        let value = |key: &[u8]| attribute(&attributes, key);
        if value(b"Id")? == id.as_slice() {
            if target.is_some() || !value(b"Type")?.ends_with(b"/worksheet") {
                return None;
            }
            target = Some(std::str::from_utf8(value(b"Target")?).ok()?.to_owned());
        }
    }
    let target = target?;
    if target.contains("..") || target.contains('\\') || target.contains("./") {
        return None;
    }
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    zip.index_for_name(&path)
}

/// A tag's attributes, as (name, value) pairs.
type Pairs<'x> = Vec<(&'x [u8], &'x [u8])>;

/// The value of the attribute `key` among `pairs`.
fn attribute<'x>(pairs: &Pairs<'x>, key: &[u8]) -> Option<&'x [u8]> {
    pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The attributes of each `<name …>` tag in `xml`; an item is `None`
/// where a tag's attributes are not plain (see [`scan_attributes`]).
fn tags<'x>(xml: &'x [u8], name: &[u8]) -> Vec<Option<Pairs<'x>>> {
    let mut open = Vec::with_capacity(name.len() + 1);
    open.push(b'<');
    open.extend_from_slice(name);
    memchr::memmem::find_iter(xml, open.as_slice())
        .map(|at| at + open.len())
        .filter(|&after| xml.get(after).copied().is_some_and(xml_space))
        .map(|after| {
            let mut pairs = Vec::new();
            scan_attributes(xml, after, |key, value| pairs.push((key, value)))
                .ok()
                .map(|_| pairs)
        })
        .collect()
}

/// How many `element` tags stand between `open` and `close` in the part
/// `name` (0 when the workbook has no such part); `None` where the part
/// cannot be read.
fn count_in<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    open: &[u8],
    close: &[u8],
    element: &[u8],
) -> Option<usize> {
    use memchr::memmem;
    let Some(index) = part_index(zip, name) else {
        return Some(0);
    };
    let part = halves::unpack(zip, index)?;
    let Some(start) = memmem::find(&part, open) else {
        return Some(0);
    };
    let end = memmem::find(&part[start..], close).map_or(part.len(), |e| start + e);
    Some(
        memmem::find_iter(&part[start..end], element)
            .filter(|&at| {
                matches!(
                    part.get(start + at + element.len()),
                    Some(b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n')
                )
            })
            .count(),
    )
}

impl Plain {
    /// The sheet's cells, in the order of its XML.
    pub(super) fn cells(&self) -> Cells<'_> {
        match &self.body {
            Body::Whole { from, .. } => Cells {
                plain: self,
                at: *from,
                pieces: None,
            },
            Body::Pieces {
                source,
                sheet,
                piece,
            } => Cells {
                plain: self,
                at: 0,
                pieces: Some(Pieces {
                    unpacked: unpack_in_pieces(source.clone(), *sheet, *piece),
                    held: Vec::new(),
                    limit: 0,
                    started: false,
                }),
            },
        }
    }
}

/// The cells of a [`Plain`] sheet, one at a time.
pub(super) struct Cells<'a> {
    plain: &'a Plain,
    /// Where the next tag is looked for: in the whole XML, or in what is
    /// held of a sheet read in pieces.
    at: usize,
    pieces: Option<Pieces>,
}

/// What is held of a sheet read in pieces.
struct Pieces {
    unpacked: std::sync::mpsc::Receiver<Vec<u8>>,
    /// The sheet's XML not yet read, from the cells' start on.
    held: Vec<u8>,
    /// The end of the last whole row in `held`: the cells are read up to
    /// it, the rest waits for the next piece.
    limit: usize,
    /// Whether `<sheetData>` was passed.
    started: bool,
}

impl Pieces {
    /// Drops what was read (up to `at`, which becomes 0) and takes pieces
    /// until whole rows are held. `Ok(false)` at the end of the cells.
    fn refill(&mut self, at: &mut usize) -> Result<bool, GiveUp> {
        use memchr::memmem;
        self.held.drain(..*at);
        *at = 0;
        self.limit = 0;
        loop {
            if !self.started {
                if let Some(open) = memmem::find(&self.held, b"<sheetData")
                    && let Some(gt) = memchr::memchr(b'>', &self.held[open..])
                {
                    let start = open + gt + 1;
                    if self.held[..start].ends_with(b"/>") {
                        return Ok(false);
                    }
                    self.held.drain(..start);
                    self.started = true;
                    continue;
                }
            } else if let Some(end) = memmem::find(&self.held, b"</sheetData>") {
                self.limit = end;
                return Ok(end > 0);
            } else if let Some(last) = memmem::rfind(&self.held, b"</row>") {
                self.limit = last + b"</row>".len();
                return Ok(true);
            }
            if self.held.len() > MAX_HELD {
                return Err(GiveUp);
            }
            // The XML ended before its cells did, or could not be
            // unpacked: calamine reads it, and says what is wrong.
            let piece = self.unpacked.recv().map_err(|_| GiveUp)?;
            self.held.extend_from_slice(&piece);
        }
    }
}

/// The sheet part `sheet` of the workbook at `source`, unpacked on a
/// thread of its own in pieces of `piece` bytes. The thread stops when the
/// part ends, cannot be read, or no one takes its pieces any more.
fn unpack_in_pieces(
    source: Source,
    sheet: usize,
    piece: usize,
) -> std::sync::mpsc::Receiver<Vec<u8>> {
    fn send_pieces<R: Read + Seek>(
        reader: R,
        sheet: usize,
        piece: usize,
        to: &std::sync::mpsc::SyncSender<Vec<u8>>,
    ) -> Option<()> {
        let mut zip = zip::ZipArchive::new(reader).ok()?;
        let mut entry = zip.by_index(sheet).ok()?;
        loop {
            let mut bytes = Vec::with_capacity(piece);
            let read = (&mut entry)
                .take(piece as u64)
                .read_to_end(&mut bytes)
                .ok()?;
            if read == 0 {
                return Some(());
            }
            to.send(bytes).ok()?;
        }
    }
    let (to, unpacked) = std::sync::mpsc::sync_channel(2);
    std::thread::spawn(move || {
        // A panic in the zip reader ends the pieces: calamine then reads
        // the sheet and reports what is wrong, as it does elsewhere.
        super::workbook::IN_READER.with(|r| r.set(true));
        let _ = match source {
            Source::Bytes(bytes) => send_pieces(Cursor::new(bytes), sheet, piece, &to),
            Source::Path(path) => std::fs::File::open(path).ok().and_then(|file| {
                send_pieces(
                    std::io::BufReader::with_capacity(1 << 16, file),
                    sheet,
                    piece,
                    &to,
                )
            }),
        };
    });
    unpacked
}

/// This reader does not know the sheet's next cell for certain: calamine
/// reads on from it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct GiveUp;

impl<'a> Cells<'a> {
    /// The next cell as calamine's cell reader gives it (without a
    /// formula: a plain sheet has none), `Ok(None)` after the last.
    pub(super) fn next_cell(&mut self) -> Result<Option<calamine::XlsxCellFormula<'a>>, GiveUp> {
        let plain: &'a Plain = self.plain;
        let Some(mut pieces) = self.pieces.take() else {
            let Body::Whole { xml, to, .. } = &plain.body else {
                return Err(GiveUp);
            };
            return self.next_in(&xml[..*to]);
        };
        let next = loop {
            if self.at >= pieces.limit {
                match pieces.refill(&mut self.at) {
                    Ok(true) => {}
                    Ok(false) => break Ok(None),
                    Err(e) => break Err(e),
                }
            }
            match self.next_in(&pieces.held[..pieces.limit]) {
                // Its texts leave the piece: a copy of each.
                Ok(Some(cell)) => break Ok(Some(owned(cell))),
                // The whole rows held are read: the next piece.
                Ok(None) => self.at = pieces.limit,
                Err(e) => break Err(e),
            }
        };
        self.pieces = Some(pieces);
        next
    }

    /// The next cell in `xml`, the cells' part of the sheet or of what is
    /// held of it; `Ok(None)` at its end.
    fn next_in<'x>(
        &mut self,
        xml: &'x [u8],
    ) -> Result<Option<calamine::XlsxCellFormula<'x>>, GiveUp>
    where
        'a: 'x,
    {
        loop {
            let Some(lt) = self.next_tag(xml)? else {
                return Ok(None);
            };
            let name = &xml[lt + 1..];
            // Cells first: there are more of them than of rows.
            if name.first() == Some(&b'c') && !name_goes_on(name.get(1)) {
                return self.cell(xml, lt + 2).map(Some);
            } else if name.starts_with(b"row") && !name_goes_on(name.get(3)) {
                // calamine takes a row's number from its `r`, and fails
                // on one it cannot read.
                let (attributes, past, _) = Attributes::read(xml, lt + 4)?;
                if let Some(r) = attributes.r {
                    digits(r).filter(|&r| r > 0).ok_or(GiveUp)?;
                }
                self.at = past;
            } else if name.starts_with(b"/row>") {
                self.at = lt + 6;
            } else {
                return Err(GiveUp);
            }
        }
    }

    /// The start of the next tag, after nothing but white space; `None` at
    /// the end of the cells.
    fn next_tag(&mut self, xml: &[u8]) -> Result<Option<usize>, GiveUp> {
        // Most tags follow the last one at once.
        if xml.get(self.at) == Some(&b'<') {
            return Ok(Some(self.at));
        }
        match memchr::memchr(b'<', &xml[self.at..]) {
            Some(lt) if blank(&xml[self.at..self.at + lt]) => Ok(Some(self.at + lt)),
            None if blank(&xml[self.at..]) => {
                self.at = xml.len();
                Ok(None)
            }
            _ => Err(GiveUp),
        }
    }

    /// The cell whose `<c` tag's attributes start at `from`, read through
    /// its `</c>` (or its tag's `/>`).
    fn cell<'x>(
        &mut self,
        xml: &'x [u8],
        from: usize,
    ) -> Result<calamine::XlsxCellFormula<'x>, GiveUp>
    where
        'a: 'x,
    {
        let plain: &'x Plain = self.plain;
        // calamine reads `<c …/>` as `<c …></c>`: an empty cell.
        let (Attributes { r, s, t }, past, empty) = Attributes::read(xml, from)?;
        self.at = past;
        let pos = position(r.ok_or(GiveUp)?)?;
        let style = match s {
            Some(s) => Some(digits(s).ok_or(GiveUp)?),
            None => None,
        };
        if empty {
            return Ok(record(pos, DataRef::Empty));
        }
        let lt = self.next_tag(xml)?.ok_or(GiveUp)?;
        let child = &xml[lt + 1..];
        // calamine reads `<v/>` as `<v></v>` and `<is/>` as an empty text.
        let value = if child.starts_with(b"/c>") {
            self.at = lt + 4;
            return Ok(record(pos, DataRef::Empty));
        } else if child.starts_with(b"v>") {
            self.at = lt + 3;
            let text = self.text_until(xml, b"</v>")?;
            plain.value(text, t, style)?
        } else if child.starts_with(b"v/>") {
            self.at = lt + 4;
            plain.value(b"", t, style)?
        } else if t == Some(b"inlineStr".as_slice()) && child.starts_with(b"is>") {
            self.at = lt + 4;
            self.inline(xml)?
        } else if t == Some(b"inlineStr".as_slice()) && child.starts_with(b"is/>") {
            self.at = lt + 5;
            DataRef::String(String::new())
        } else {
            return Err(GiveUp);
        };
        let lt = self.next_tag(xml)?.ok_or(GiveUp)?;
        if !xml[lt..].starts_with(b"</c>") {
            return Err(GiveUp);
        }
        self.at = lt + 4;
        Ok(record(pos, value))
    }

    /// The raw text from here to `end` (which is then passed).
    fn text_until<'x>(&mut self, xml: &'x [u8], end: &[u8]) -> Result<&'x [u8], GiveUp> {
        let lt = self.at + memchr::memchr(b'<', &xml[self.at..]).ok_or(GiveUp)?;
        if !xml[lt..].starts_with(end) {
            return Err(GiveUp);
        }
        let text = &xml[self.at..lt];
        self.at = lt + end.len();
        Ok(text)
    }

    /// An inline string's text after its `<is>`: `<t>…</t>` (or `<t/>`)
    /// and `</is>`, as calamine makes it (trimmed of ASCII white space
    /// unless `xml:space="preserve"`).
    fn inline<'x>(&mut self, xml: &'x [u8]) -> Result<DataRef<'x>, GiveUp> {
        let lt = self.next_tag(xml)?.ok_or(GiveUp)?;
        let (empty, preserve) = if xml[lt..].starts_with(b"<t>") {
            // As most writers write it.
            self.at = lt + 3;
            (false, false)
        } else {
            let tag = &xml[lt + 1..];
            if tag.first() != Some(&b't') || name_goes_on(tag.get(1)) {
                return Err(GiveUp);
            }
            let gt = lt + 1 + tag_end(tag).ok_or(GiveUp)?;
            let mut attributes = &xml[lt + 2..gt];
            self.at = gt + 1;
            let empty = attributes.last() == Some(&b'/');
            if empty {
                attributes = &attributes[..attributes.len() - 1];
            }
            let preserve = match attributes.trim_ascii() {
                b"" => false,
                b"xml:space=\"preserve\"" | b"xml:space='preserve'" => true,
                _ => return Err(GiveUp),
            };
            (empty, preserve)
        };
        let value = if empty {
            DataRef::String(String::new())
        } else {
            let raw = self.text_until(xml, b"</t>")?;
            match decode(raw)? {
                // Borrowed from the sheet's XML: no copy here.
                std::borrow::Cow::Borrowed(t) if preserve => DataRef::SharedString(t),
                std::borrow::Cow::Borrowed(t) => DataRef::SharedString(trim_xml_space(t)),
                std::borrow::Cow::Owned(t) if !preserve && trim_xml_space(&t).len() != t.len() => {
                    DataRef::String(trim_xml_space(&t).to_owned())
                }
                std::borrow::Cow::Owned(t) => DataRef::String(t),
            }
        };
        let lt = self.next_tag(xml)?.ok_or(GiveUp)?;
        if !xml[lt..].starts_with(b"</is>") {
            return Err(GiveUp);
        }
        self.at = lt + 5;
        Ok(value)
    }
}

/// `cell` with its texts copied: owned, it outlives the piece (or the
/// workbook) it was read from.
pub(super) fn owned<'a>(cell: calamine::XlsxCellFormula<'_>) -> calamine::XlsxCellFormula<'a> {
    let value = match cell.value {
        DataRef::SharedString(s) => DataRef::String(s.to_owned()),
        DataRef::String(s) => DataRef::String(s),
        DataRef::Int(i) => DataRef::Int(i),
        DataRef::Float(f) => DataRef::Float(f),
        DataRef::Bool(b) => DataRef::Bool(b),
        DataRef::DateTime(d) => DataRef::DateTime(d),
        DataRef::DateTimeIso(t) => DataRef::DateTimeIso(t),
        DataRef::DurationIso(t) => DataRef::DurationIso(t),
        DataRef::Error(e) => DataRef::Error(e),
        DataRef::Empty => DataRef::Empty,
    };
    calamine::XlsxCellFormula {
        pos: cell.pos,
        value,
        formula: cell.formula,
    }
}

/// A cell record as calamine's cell reader makes one.
fn record(pos: (u32, u32), value: DataRef<'_>) -> calamine::XlsxCellFormula<'_> {
    calamine::XlsxCellFormula {
        pos,
        value,
        formula: None,
    }
}

/// Whether a tag's name goes on after what was matched (`<col` is not
/// `<c`).
fn name_goes_on(next: Option<&u8>) -> bool {
    !matches!(next, Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/'))
}

/// The attributes of a `<c>` tag this reader uses: its reference, style
/// and type. Others (`cm`, `vm`, `ph`) change nothing calamine reads.
#[derive(Debug, PartialEq, Eq)]
struct Attributes<'x> {
    r: Option<&'x [u8]>,
    s: Option<&'x [u8]>,
    t: Option<&'x [u8]>,
}

impl<'x> Attributes<'x> {
    /// The attributes of the tag in `xml` whose name ends at `at`, read in
    /// one pass to the tag's end; with where the tag ends and whether it is
    /// empty (see [`scan_attributes`]).
    fn read(xml: &'x [u8], at: usize) -> Result<(Self, usize, bool), GiveUp> {
        match Self::written_usually(xml, at) {
            Some(read) => Ok(read),
            None => Self::read_any(xml, at),
        }
    }

    /// [`Attributes::read`] for a tag written any way.
    fn read_any(xml: &'x [u8], at: usize) -> Result<(Self, usize, bool), GiveUp> {
        let mut found = Attributes {
            r: None,
            s: None,
            t: None,
        };
        let (past, empty) = scan_attributes(xml, at, |key, value| match key {
            b"r" => found.r = Some(value),
            b"s" => found.s = Some(value),
            b"t" => found.t = Some(value),
            _ => {}
        })?;
        Ok((found, past, empty))
    }

    /// [`Attributes::read`] for a tag written as spreadsheet programs
    /// write one: each of `r`, `s` and `t` at most once and in that order,
    /// after one space, in double quotes, and nothing else. Anything else
    /// is `None`, and read by [`Attributes::read`] (which reads a tag
    /// accepted here alike: its names are distinct and its values end at
    /// the same quotes).
    fn written_usually(xml: &'x [u8], from: usize) -> Option<(Self, usize, bool)> {
        let mut rest = xml.get(from..)?;
        let mut values: [Option<&'x [u8]>; 3] = [None; 3];
        for (name, value) in [b" r=\"", b" s=\"", b" t=\""].iter().zip(&mut values) {
            if let Some(after) = rest.strip_prefix(name.as_slice()) {
                let close = short_find(b'"', after)?;
                let found = &after[..close];
                if found.contains(&b'&') {
                    return None;
                }
                *value = Some(found);
                rest = &after[close + 1..];
            }
        }
        let (past, empty) = match rest {
            [b'>', ..] => (1, false),
            [b'/', b'>', ..] => (2, true),
            _ => return None,
        };
        let [r, s, t] = values;
        Some((Attributes { r, s, t }, xml.len() - rest.len() + past, empty))
    }
}

/// Reads the attributes of the tag in `xml` whose name ends at `at` to
/// the tag's end, giving `each` every name and value; returns where the
/// tag ends (just past its `>`) and whether it is empty (`/>`). The tag
/// ends at its first `>` outside a quoted value, as XML (and calamine's
/// reader) has it. Whatever is not name, `=` and quoted value between
/// white space is given up on, as are a name written twice (an XML reader
/// fails on it), more than sixteen, and a value with an entity.
fn scan_attributes<'x>(
    xml: &'x [u8],
    mut at: usize,
    mut each: impl FnMut(&'x [u8], &'x [u8]),
) -> Result<(usize, bool), GiveUp> {
    let mut seen: [&[u8]; 16] = [&[]; 16];
    let mut count = 0;
    let skip_space = |at: &mut usize| {
        while xml.get(*at).copied().is_some_and(xml_space) {
            *at += 1;
        }
    };
    loop {
        skip_space(&mut at);
        match *xml.get(at).ok_or(GiveUp)? {
            b'>' => return Ok((at + 1, false)),
            b'/' if xml.get(at + 1) == Some(&b'>') => return Ok((at + 2, true)),
            _ => {}
        }
        let start = at;
        while xml
            .get(at)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-'))
        {
            at += 1;
        }
        let key = &xml[start..at];
        if key.is_empty() || seen[..count].contains(&key) {
            return Err(GiveUp);
        }
        *seen.get_mut(count).ok_or(GiveUp)? = key;
        count += 1;
        skip_space(&mut at);
        if xml.get(at) != Some(&b'=') {
            return Err(GiveUp);
        }
        at += 1;
        skip_space(&mut at);
        let quote = *xml.get(at).ok_or(GiveUp)?;
        if quote != b'"' && quote != b'\'' {
            return Err(GiveUp);
        }
        let close = at + 1 + short_find(quote, &xml[at + 1..]).ok_or(GiveUp)?;
        let value = &xml[at + 1..close];
        // A value with an entity is not known here.
        if value.contains(&b'&') {
            return Err(GiveUp);
        }
        each(key, value);
        at = close + 1;
    }
}

impl Plain {
    /// A `<v>`'s value, as calamine reads it for a cell of type `kind`
    /// and style `style`.
    fn value<'a>(
        &'a self,
        text: &'a [u8],
        kind: Option<&[u8]>,
        style: Option<usize>,
    ) -> Result<DataRef<'a>, GiveUp> {
        match kind {
            None | Some(b"n") => {
                if text.is_empty() {
                    return Ok(DataRef::Empty);
                }
                let number = number(text).ok_or(GiveUp)?;
                // No style is a plain number. A style past those counted
                // is left to calamine, which may know more of them.
                let date = match style {
                    None => None,
                    Some(s) => *self.dates.get(s).ok_or(GiveUp)?,
                };
                Ok(match date {
                    Some(kind) => {
                        DataRef::DateTime(ExcelDateTime::new(number, kind, self.date_1904))
                    }
                    None => DataRef::Float(number),
                })
            }
            Some(b"s") => {
                if text.is_empty() {
                    return Ok(DataRef::Empty);
                }
                let index = digits(text).ok_or(GiveUp)?;
                let shared = self.strings.get(index).ok_or(GiveUp)?;
                Ok(DataRef::SharedString(shared))
            }
            Some(b"b") => match text {
                b"0" => Ok(DataRef::Bool(false)),
                b"1" => Ok(DataRef::Bool(true)),
                _ => Err(GiveUp),
            },
            Some(b"str") => Ok(DataRef::String(decode(text)?.into_owned())),
            _ => Err(GiveUp),
        }
    }
}

/// Where `byte` first is in `hay`, which is short (a tag, a value): a
/// plain loop, without the set-up a long search pays for.
fn short_find(byte: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == byte)
}

/// Where a tag ends: its first `>` outside a quoted value, as XML (and
/// calamine's reader) has it.
fn tag_end(tag: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in tag.iter().enumerate() {
        match (quote, b) {
            (None, b'>') => return Some(i),
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            _ => {}
        }
    }
    None
}

/// XML's white space: spaces, tabs and line ends.
fn xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// `text` without XML's white space at either end, as calamine trims a
/// text that does not preserve its space.
fn trim_xml_space(text: &str) -> &str {
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .position(|&b| !xml_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !xml_space(b))
        .map_or(start, |e| e + 1);
    // Both ends are at ASCII bytes: character boundaries.
    &text[start..end]
}

/// Only spaces, tabs and line ends.
fn blank(text: &[u8]) -> bool {
    text.iter().all(u8::is_ascii_whitespace)
}

/// A cell reference ("B12") as calamine's zero-based (row, column).
fn position(reference: &[u8]) -> Result<(u32, u32), GiveUp> {
    let letters = reference
        .iter()
        .position(|b| !b.is_ascii_uppercase())
        .ok_or(GiveUp)?;
    if letters == 0 || letters > 3 {
        return Err(GiveUp);
    }
    let column = reference[..letters]
        .iter()
        .fold(0u32, |c, &b| c * 26 + u32::from(b - b'A') + 1);
    let row = digits(&reference[letters..]).ok_or(GiveUp)?;
    let row = u32::try_from(row).map_err(|_| GiveUp)?;
    if row == 0 {
        return Err(GiveUp);
    }
    Ok((row - 1, column - 1))
}

/// A whole number of at most nine digits, without leading zeros (which
/// calamine's readers of numbers may read otherwise).
fn digits(text: &[u8]) -> Option<usize> {
    if text.is_empty() || text.len() > 9 || (text.len() > 1 && text[0] == b'0') {
        return None;
    }
    text.iter().try_fold(0usize, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + usize::from(b - b'0'))
    })
}

/// A number written as spreadsheet programs write one (`-12.5`,
/// `4.4927E4`), which every correct parser reads alike. Anything else
/// (`inf`, ` 1`, `+1`, `.5`) is left to calamine.
fn number(text: &[u8]) -> Option<f64> {
    // Most are whole numbers (a date's day, a count): below 2^53 one is
    // exactly the f64 a parser makes of it.
    if !text.is_empty() && text.len() <= 15 && text.iter().all(u8::is_ascii_digit) {
        let whole = text.iter().fold(0u64, |n, &b| n * 10 + u64::from(b - b'0'));
        return Some(whole as f64);
    }
    // The end of the run of digits from `i`, if there is one.
    let digits_from = |i: usize| {
        let end = i + text
            .get(i..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (end > i).then_some(end)
    };
    let mut i = usize::from(text.first() == Some(&b'-'));
    i = digits_from(i)?;
    if text.get(i) == Some(&b'.') {
        i = digits_from(i + 1)?;
    }
    if matches!(text.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(text.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = digits_from(i)?;
    }
    if i != text.len() {
        return None;
    }
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// A text's characters: UTF-8, its five predefined entities and
/// character references decoded (borrowed where it has none). A carriage
/// return (which XML turns into a line end) or an Excel escape
/// (`_x000D_`) is left to calamine.
fn decode(raw: &[u8]) -> Result<std::borrow::Cow<'_, str>, GiveUp> {
    let text = std::str::from_utf8(raw).map_err(|_| GiveUp)?;
    let mut entities = false;
    for i in memchr::memchr3_iter(b'\r', b'_', b'&', raw) {
        match raw[i] {
            b'\r' => return Err(GiveUp),
            b'_' if raw.get(i + 1) == Some(&b'x') => return Err(GiveUp),
            b'&' => entities = true,
            _ => {}
        }
    }
    if !entities {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..].find(';').ok_or(GiveUp)?;
        let entity = &rest[amp + 1..amp + semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).map_err(|_| GiveUp)?
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().map_err(|_| GiveUp)?
                } else {
                    return Err(GiveUp);
                };
                // A tab or line end written as a reference is left to
                // calamine.
                if code < 0x20 {
                    return Err(GiveUp);
                }
                char::from_u32(code).ok_or(GiveUp)?
            }
        };
        out.push(c);
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    Ok(std::borrow::Cow::Owned(out))
}

/// A workbook's bytes written anew with its sheet's XML replaced, for
/// tests that make sheets calamine and this reader must read alike.
#[cfg(test)]
pub(super) fn with_sheet_xml(workbook: &[u8], xml: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(workbook)).unwrap();
    let (sheet, _) = halves::only_sheet(&mut zip, 0).unwrap();
    halves::copy_with_sheet(&mut zip, sheet, &[xml.as_bytes()]).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_only_as_spreadsheets_write_them() {
        assert_eq!(number(b"12"), Some(12.0));
        assert_eq!(number(b"-12.5"), Some(-12.5));
        assert_eq!(number(b"4.4927E4"), Some(44927.0));
        assert_eq!(number(b"1e-3"), Some(0.001));
        let odd: [&[u8]; 11] = [
            b"", b"+1", b".5", b"5.", b" 1", b"1 ", b"inf", b"NaN", b"1e", b"0x1", b"1,5",
        ];
        each_gives(&odd, None, number);
    }

    /// `read` gives `expected` for each of `inputs`.
    fn each_gives<T: PartialEq + std::fmt::Debug>(
        inputs: &[&[u8]],
        expected: T,
        read: impl Fn(&[u8]) -> T,
    ) {
        for input in inputs {
            assert_eq!(read(input), expected, "{}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn references_and_digits() {
        assert_eq!(position(b"A1"), Ok((0, 0)));
        assert_eq!(position(b"AB12"), Ok((11, 27)));
        assert_eq!(position(b"XFD1048576"), Ok((1_048_575, 16_383)));
        let odd: [&[u8]; 6] = [b"a1", b"A0", b"1", b"A", b"AAAA1", b"A1B"];
        each_gives(&odd, Err(GiveUp), position);
        assert_eq!(digits(b"42"), Some(42));
        assert_eq!(digits(b"0"), Some(0));
        assert_eq!(digits(b"0042"), None);
        assert_eq!(digits(b""), None);
        assert_eq!(digits(b"1234567890"), None);
        assert_eq!(digits(b"-1"), None);
    }

    #[test]
    fn texts_are_decoded_or_left_to_calamine() {
        assert_eq!(decode(b"Sk\xc3\xb6n").unwrap(), "Skön");
        assert!(matches!(
            decode(b"plain").unwrap(),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            decode(b"a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#229;&#xE4;").unwrap(),
            "a & b <c> \"d\" 'e' åä"
        );
        let odd: [&[u8]; 7] = [
            b"&nbsp;", b"&#10;", b"&#x9;", b"a\rb", b"_x000D_", b"&amp", b"\xff",
        ];
        each_gives(&odd, Err(GiveUp), |b| decode(b).map(|t| t.into_owned()));
    }

    /// A tag read the way spreadsheet programs write it is read as the
    /// general path reads it, and the way is only taken for such tags.
    #[test]
    fn tags_written_usually_read_as_any_tag() {
        let usual: [&[u8]; 6] = [
            b" r=\"A1\">x",
            b" r=\"B2\" s=\"3\"/>",
            b" r=\"C3\" s=\"1\" t=\"inlineStr\"><is>",
            b" r=\"D4\" t=\"s\">",
            b">",
            b" r=\"A>1\" t=\"n\">",
        ];
        for tag in usual {
            let fast = Attributes::written_usually(tag, 0);
            assert!(fast.is_some(), "{}", String::from_utf8_lossy(tag));
            assert_eq!(fast.map(Ok), Some(Attributes::read_any(tag, 0)));
        }
        let other: [&[u8]; 9] = [
            b" t=\"s\" r=\"A1\">",
            b" r='A1'>",
            b" r=\"A1\"  s=\"1\">",
            b" r=\"A1\" cm=\"1\">",
            b" r=\"A1\" r=\"B1\">",
            b" r=\"A&amp;1\">",
            b" r=\"A1\" / >",
            b" r=\"A1",
            b" r=\"A1\"\t>",
        ];
        for tag in other {
            assert_eq!(
                Attributes::written_usually(tag, 0),
                None,
                "{}",
                String::from_utf8_lossy(tag)
            );
        }
        // What the general path makes of them.
        let (attributes, past, empty) = Attributes::read(other[0], 0).unwrap();
        assert_eq!(
            (attributes.r, attributes.t, past, empty),
            (Some(&b"A1"[..]), Some(&b"s"[..]), 14, false)
        );
        assert_eq!(Attributes::read(other[4], 0), Err(GiveUp));
        assert_eq!(Attributes::read(other[5], 0), Err(GiveUp));
        assert_eq!(Attributes::read(other[6], 0), Err(GiveUp));
        assert_eq!(Attributes::read(other[7], 0), Err(GiveUp));
        assert!(Attributes::read(other[8], 0).is_ok());
    }

    /// Whole numbers read without a parser are the numbers a parser reads.
    #[test]
    fn whole_numbers_are_what_a_parser_makes_of_them() {
        for text in [
            "0",
            "7",
            "007",
            "44562",
            "123456789012345",
            "999999999999999",
        ] {
            assert_eq!(number(text.as_bytes()), text.parse().ok(), "{text}");
        }
        assert_eq!(
            number(b"1234567890123456789"),
            Some(1_234_567_890_123_456_789.0)
        );
        assert_eq!(trim_xml_space(" \t\n\rl\u{f6}st \n"), "l\u{f6}st");
        assert_eq!(trim_xml_space("\u{a0}a\u{a0}"), "\u{a0}a\u{a0}");
        assert_eq!(trim_xml_space(" \t "), "");
    }

    /// A workbook of sheets `names`, each with a few rows of its own.
    fn sheets(names: &[&str]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        for (i, name) in names.iter().enumerate() {
            let sheet = book.add_worksheet().set_name(*name).unwrap();
            sheet.write_string(0, 0, "Ansvarig").unwrap();
            for r in 1..=3 {
                sheet.write_string(r, 0, *name).unwrap();
                sheet.write_number(r, 1, f64::from(r) + i as f64).unwrap();
            }
        }
        book.save_to_buffer().unwrap()
    }

    /// A sheet of several is found by its name through the workbook's
    /// relations, and read only from the part calamine reads it from: the
    /// probe refuses the part of another sheet.
    #[test]
    fn a_sheet_of_several_is_read_only_from_its_own_part() {
        let names = ["Polisen", "Kommunen", "Instruktioner"];
        let bytes = sheets(&names);
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        let parts: Vec<usize> = names
            .iter()
            .map(|name| sheet_part(&mut zip, name).unwrap())
            .collect();
        for (i, name) in names.iter().enumerate() {
            assert_eq!(
                zip.name_for_index(parts[i]).unwrap().unwrap(),
                format!("xl/worksheets/sheet{}.xml", i + 1)
            );
            assert!(probe(&mut zip, parts[i], name).is_some(), "{name}");
            for (j, other) in parts.iter().enumerate() {
                if j != i {
                    assert_eq!(probe(&mut zip, *other, name), None, "{name} in part {j}");
                }
            }
        }
        assert_eq!(sheet_part(&mut zip, "Logg"), None);
        // A name written with an entity is not read here: calamine reads
        // every sheet of that workbook.
        let bytes = sheets(&["Polisen", "Polis & kommun"]);
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        assert_eq!(sheet_part(&mut zip, "Polisen"), None);
    }

    /// A sheet of several is left to calamine where the shared strings
    /// are heavy and outweigh a quarter of it: the probe would read them
    /// once more for each such sheet.
    #[test]
    fn a_sheet_of_several_with_heavier_shared_strings_is_left_to_calamine() {
        let sizes = Sizes {
            min: 0,
            whole_max: u64::MAX,
            piece: 1,
        };
        let light = sheets(&["Polisen", "Kommunen"]);
        let prepared = |bytes: &[u8], name: &str| {
            prepare_from(Reopen::Bytes(bytes), name, false, sizes).is_some()
        };
        assert!(prepared(&light, "Kommunen"));
        let mut book = rust_xlsxwriter::Workbook::new();
        for name in ["Polisen", "Kommunen"] {
            let sheet = book.add_worksheet().set_name(name).unwrap();
            for r in 0..800 {
                let long = format!("{name} {r}: {}", "en lång kommentar ".repeat(20));
                sheet.write_string(r, 0, long).unwrap();
            }
        }
        let heavy = book.save_to_buffer().unwrap();
        assert!(!prepared(&heavy, "Kommunen"));
    }
}
