//! The date parser on arbitrary text: never a panic; a date it accepts is
//! within 2000–2100, and a date read without an order is one of the two
//! readings an order gives.
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
        // A date read without an order is read with either order too, and
        // is one of the two readings (an explicit order may choose the
        // other for "08/3 2023"; see tests in src/ingest/cells.rs).
        let (Ok(a), Ok(b)) = (dm, md) else {
            panic!("{text:?}: read without an order but not with one");
        };
        assert!(d == a || d == b, "{text:?}: {d} is neither {a} nor {b}");
    }
});
