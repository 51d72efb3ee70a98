//! Text at the program's edges: what reaches a terminal or a JSON document from user or
//! pack text (`sanitize`), input files read with bounds (`read`), and file names that are
//! safe on every platform (`names`).

pub mod names;
pub mod read;
pub mod sanitize;
