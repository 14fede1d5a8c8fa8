//! The promise-file parser on arbitrary text: it must never panic, and an
//! agreement it accepts must be internally consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = lofte::agreement::parse(text, "loften.toml", std::path::Path::new("."));
    if let Ok(agreement) = &parsed.output {
        assert!(agreement.period.from <= agreement.period.to);
        for promise in &agreement.promises {
            assert!(promise.area < agreement.areas.len());
            assert!(!promise.targets.is_empty());
        }
    }
    for d in parsed.problems() {
        let _ = d.to_string();
    }
});
