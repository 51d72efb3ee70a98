//! Keys on the start screen, in the catalog and in the decision graph (with or without a
//! session).

use super::*;

pub(super) fn go_back(app: &mut App) {
    app.screen = app.back.pop().unwrap_or(Screen::Start { cursor: 0 });
}

pub(super) fn open_catalog(app: &mut App, searching: bool) {
    let previous = std::mem::replace(
        &mut app.screen,
        Screen::Catalog(CatalogScreen {
            searching,
            ..CatalogScreen::default()
        }),
    );
    app.back.push(previous);
}

pub(super) fn start_command(app: &mut App, command: Command) -> Vec<Effect> {
    let items = app.start_items();
    let Screen::Start { cursor } = &mut app.screen else {
        return Vec::new();
    };
    match command {
        Command::Up => *cursor = cursor.saturating_sub(1),
        Command::Down => *cursor = (*cursor + 1).min(items.len() - 1),
        Command::Top => *cursor = 0,
        Command::Bottom => *cursor = items.len() - 1,
        Command::Catalog => open_catalog(app, false),
        Command::Graph => {
            let nav = GraphNav::at_root(&app.kb);
            let previous = std::mem::replace(&mut app.screen, Screen::Graph(nav));
            app.back.push(previous);
        }
        Command::Back => return vec![Effect::Quit],
        Command::Select | Command::Right => {
            let item = items[*cursor].clone();
            return choose_start(app, item);
        }
        _ => {}
    }
    Vec::new()
}

pub fn choose_start(app: &mut App, item: StartItem) -> Vec<Effect> {
    match item {
        StartItem::New(mode) => {
            app.new_mode = mode;
            app.overlay = Some(Overlay::Input {
                kind: InputKind::FeatureName,
                text: Box::new(single_line("", "Feature name, e.g. Order search")),
                error: None,
            });
            Vec::new()
        }
        StartItem::Open(i) => {
            let found = &app.found[i];
            match &found.summary {
                Ok(_) => vec![Effect::OpenSession(found.path.clone())],
                Err(e) => {
                    // A file that cannot be read is never touched unless the person
                    // chooses to start over, and then it is kept as a backup.
                    app.overlay = Some(Overlay::Confirm {
                        message: format!(
                            "{} cannot be read:\n{e}\ny: start over: the file is kept beside it as a backup and a new session begins.\nn: leave it as it is (fix it by hand and open it again).",
                            app.show(&found.path)
                        ),
                        on_yes: Pending::StartOver(found.path.clone()),
                    });
                    Vec::new()
                }
            }
        }
        StartItem::Example(i) => {
            let (name, text) = crate::kb::example_sessions()[i];
            match session::load_str(text, name) {
                Ok(s) => {
                    let overview = super::navigate::worth_an_overview(&s);
                    app.screen = Screen::Session(Box::new(SessionScreen::new(&app.kb, s, None)));
                    app.status = format!("example {}: read-only", name.trim_end_matches(".toml"));
                    // An example opens on its overview, not on its first open question.
                    if overview {
                        super::navigate::open_overview(app);
                    }
                }
                Err(e) => app.status = e.to_string(),
            }
            Vec::new()
        }
        StartItem::Catalog => {
            open_catalog(app, false);
            Vec::new()
        }
        StartItem::Graph => {
            let previous =
                std::mem::replace(&mut app.screen, Screen::Graph(GraphNav::at_root(&app.kb)));
            app.back.push(previous);
            Vec::new()
        }
        StartItem::Quit => vec![Effect::Quit],
    }
}

pub(super) fn single_line(value: &str, placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![value.to_string()]);
    t.set_placeholder_text(placeholder);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

pub(super) fn catalog_command(app: &mut App, command: Command) {
    let count = catalog::search(&app.kb, &catalog_query(app)).len();
    let max = app.catalog_max_scroll();
    let Screen::Catalog(c) = &mut app.screen else {
        return;
    };
    match command {
        Command::Search => c.searching = true,
        Command::Up => {
            c.cursor = c.cursor.saturating_sub(1);
            c.detail_scroll = 0;
        }
        Command::Down => {
            c.cursor = (c.cursor + 1).min(count.saturating_sub(1));
            c.detail_scroll = 0;
        }
        Command::Top => c.cursor = 0,
        Command::Bottom => c.cursor = count.saturating_sub(1),
        // The entry scrolls to its last line and no further, so Up always answers.
        Command::PageDown | Command::Right => c.detail_scroll = (c.detail_scroll + 5).min(max),
        Command::PageUp | Command::Left => c.detail_scroll = c.detail_scroll.saturating_sub(5),
        Command::Back => go_back(app),
        Command::FollowLink(n) => {
            let c = c.clone();
            match super::navigate::catalog_links(&app.kb, &c)
                .into_iter()
                .nth(usize::from(n).saturating_sub(1))
            {
                Some((_, link)) => super::navigate::follow(app, link),
                None => app.status = format!("this entry has no link [{n}]"),
            }
        }
        _ => {}
    }
}

fn catalog_query(app: &App) -> String {
    match &app.screen {
        Screen::Catalog(c) => c.query.clone(),
        _ => String::new(),
    }
}

/// Moves through the decision graph. Returns a status message when there is one.
pub fn graph_command(kb: &KnowledgeBase, nav: &mut GraphNav, command: Command) -> Option<String> {
    let node = nav.current(kb)?;
    // At a leaf the cursor moves over the bundle's patterns.
    let options = if node.is_leaf() {
        node.patterns.len()
    } else {
        node.option.len()
    };
    match command {
        Command::Up => nav.cursor = nav.cursor.saturating_sub(1),
        Command::Down => nav.cursor = (nav.cursor + 1).min(options.saturating_sub(1)),
        Command::Top => nav.cursor = 0,
        Command::Bottom => nav.cursor = options.saturating_sub(1),
        Command::Select | Command::Right => {
            if let Some(o) = node.option.get(nav.cursor) {
                nav.path.push(o.to.get_ref().to_string());
                nav.cursor = 0;
                nav.tree_view = false;
            }
        }
        Command::Left | Command::Back if nav.path.len() > 1 => {
            let left = nav.path.pop().unwrap();
            let parent = nav.current(kb)?;
            nav.cursor = parent
                .option
                .iter()
                .position(|o| o.to.get_ref() == &left)
                .unwrap_or(0);
        }
        Command::JumpAncestor(n) => {
            let n = usize::from(n);
            if n >= 1 && n <= nav.path.len() {
                nav.path.truncate(n);
                nav.cursor = 0;
            }
        }
        Command::Restart => *nav = GraphNav::at_root(kb),
        Command::TreeView => nav.tree_view = !nav.tree_view,
        Command::AddBundle | Command::RemoveBundle => {
            return Some("learn mode: start or open a session to add patterns to a design".into());
        }
        _ => {}
    }
    None
}
