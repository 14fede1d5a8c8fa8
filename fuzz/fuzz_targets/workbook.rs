//! Spreadsheet ingestion (xlsx, ods, xls) from arbitrary bytes. The first
//! byte picks the name the bytes are read under, so one corpus seeded with
//! xlsx, ods and xls files covers all three readers. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lofte::ingest::{IngestOptions, read_bytes};

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let name = match first % 3 {
        0 => "logg.xlsx",
        1 => "logg.ods",
        _ => "logg.xls",
    };
    let mut sink = lofte::diag::Sink::default();
    let got = read_bytes(name, rest.to_vec(), &IngestOptions::default(), &mut sink);
    for a in &got.activities {
        assert!((2000..=2100).contains(&chrono::Datelike::year(&a.date)));
    }
    for d in sink.iter() {
        let _ = d.to_string();
    }
});
