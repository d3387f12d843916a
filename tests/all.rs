//! All integration tests in one binary (one link, one run).

mod all {
    pub mod ar502;
    pub mod authors;
    pub mod cli;
    pub mod fix;
    pub mod fixtures;
    pub mod formats;
    pub mod gates;
    pub mod hostile;
    pub mod render;
    pub mod reviewer;
    pub mod server;
    pub mod setup;
    pub mod skane;
    pub mod support;
}
