//! All integration tests in one binary (one link, one run).

mod all {
    pub mod ar502;
    pub mod authors;
    pub mod builtin_template;
    pub mod cli;
    pub mod fix;
    pub mod fixtures;
    pub mod formats;
    pub mod gates;
    pub mod hostile;
    pub mod render;
    pub mod reviewer;
    pub mod schema_suite;
    pub mod server;
    pub mod setup;
    pub mod skane;
    pub mod stdin;
    pub mod support;
    pub mod trial;
    pub mod word_answers;
    pub mod word_bad;
    pub mod word_cli;
    pub mod word_from_producers;
    pub mod word_grid;
    pub mod word_import;
    pub mod word_libreoffice;
    pub mod word_places;
    pub mod word_producers;
    pub mod word_roundtrip;
    pub mod word_support;
}
