//! The date parser on arbitrary text: never a panic; a date it accepts is
//! within 2000–2100, and reading it with either date order gives the same
//! answer unless the text is an ambiguous numeric date.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lofte::ingest::DateOrder;
use lofte::ingest::cells::parse_date_text;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let plain = parse_date_text(text, None);
    let dm = parse_date_text(text, Some(DateOrder::DayMonth));
    let md = parse_date_text(text, Some(DateOrder::MonthDay));
    for d in [&plain, &dm, &md].into_iter().flatten() {
        assert!((2000..=2100).contains(&chrono::Datelike::year(d)));
    }
    if let Ok(d) = plain {
        // Unambiguous without an order: an order must not change it.
        assert_eq!(dm.ok(), Some(d));
        assert_eq!(md.ok(), Some(d));
    }
});
