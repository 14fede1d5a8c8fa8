//! csv ingestion from arbitrary bytes: never a panic, and every row it
//! turns into an activity has a date in the accepted range and a place
//! that names the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lofte::ingest::{IngestOptions, read_bytes};

fuzz_target!(|data: &[u8]| {
    let mut sink = lofte::diag::Sink::default();
    let got = read_bytes("logg.csv", data.to_vec(), &IngestOptions::default(), &mut sink);
    for a in &got.activities {
        assert!((2000..=2100).contains(&chrono::Datelike::year(&a.date)));
        assert_eq!(&*a.source.file, "logg.csv");
    }
    for d in sink.iter() {
        let _ = d.to_string();
    }
});
