//! The baseline for the start-up benchmark (benches/startup.rs): the smallest ratatui
//! program that owns the terminal, draws one frame and gives the terminal back.
//!
//! Run: cargo run --release --example minimal_frame

use ratatui::widgets::{Block, Paragraph};

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let result = terminal.draw(|frame| {
        frame.render_widget(
            Paragraph::new("hello from a minimal ratatui program").block(Block::bordered()),
            frame.area(),
        );
    });
    ratatui::restore();
    result.map(|_| ())
}
