//! The command line's names for the core's choices: clap stays in the command line, so
//! the core keeps no dependency on it.

use crate::export::files::DocFormat;
use clap::ValueEnum;

/// `--format`: md, the design document; json, the same assessment as a JSON report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Md,
    Json,
}

impl From<FormatArg> for DocFormat {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Md => DocFormat::Md,
            FormatArg::Json => DocFormat::Json,
        }
    }
}
