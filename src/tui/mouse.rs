//! Mouse events hit-tested against the layout on screen (the same pure layout the view
//! draws with), turned into clicks `update` understands.

use super::app::{Action, App, Click, Screen};
use super::layout::Regions;
use crossterm::event::{MouseEvent, MouseEventKind};
use ratatui::layout::Position;

pub fn translate(app: &App, m: MouseEvent) -> Option<Action> {
    if app.overlay.is_some() {
        return None;
    }
    let at = Position::new(m.column, m.row);
    let l = Regions::new(app.size, app);
    let click = match m.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = m.kind == MouseEventKind::ScrollDown;
            match &app.screen {
                Screen::Session(_) if l.advisor.contains(at) => Click::Scroll {
                    advisor: true,
                    down,
                },
                Screen::Session(_) if !l.main.contains(at) => return None,
                _ => Click::Scroll {
                    advisor: false,
                    down,
                },
            }
        }
        MouseEventKind::Down(_) => match &app.screen {
            Screen::Start { .. } | Screen::Graph(_) => Click::Row(l.list_row(l.options, at)?),
            Screen::Catalog(_) => Click::Row(l.list_row(l.list, at)?),
            Screen::Session(_) => {
                if let Some(i) = l.list_row(l.steps, at) {
                    Click::Step(i)
                } else if l.advisor.contains(at) {
                    Click::Advisor
                } else if l.main.contains(at) {
                    l.list_row(l.options, at).map_or(Click::Main, Click::Row)
                } else {
                    return None;
                }
            }
        },
        _ => return None,
    };
    Some(Action::Click(click))
}
