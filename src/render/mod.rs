//! Stage 4, render: [`Results`](crate::evaluate::Results) → one JSON
//! document → the embedded typst template → PDF bytes. Templates and fonts
//! are compiled into the binary; nothing is read from the system. typst is
//! used only here.
