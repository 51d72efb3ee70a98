//! The relative links of a line, and link targets resolved against the linking file.

/// One relative link target found on a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    pub target: String,
}

/// The link targets of a line: inline links and images `[text](target "title")`,
/// `[text](<target>)`, and reference definitions `[id]: target`. Code spans and escaped
/// brackets are skipped.
pub(crate) fn links(line: &str) -> Vec<Link> {
    let mut out = Vec::new();
    let t = line.trim_start();
    if line.len() - t.len() <= 3
        && t.starts_with('[')
        && let Some(close) = t.find("]:")
        && !t[1..close].contains(['[', ']'])
    {
        if let Some(target) = t[close + 2..].split_whitespace().next() {
            let target = target.trim_start_matches('<').trim_end_matches('>');
            out.push(Link {
                target: target.to_string(),
            });
        }
        return out;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut open = 0usize;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '`' => {
                let n = chars[i..].iter().take_while(|&&c| c == '`').count();
                // Skip to the matching run of the same length, if any.
                let mut j = i + n;
                let mut found = None;
                while j < chars.len() {
                    if chars[j] == '`' {
                        let m = chars[j..].iter().take_while(|&&c| c == '`').count();
                        if m == n {
                            found = Some(j + m);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                i = found.unwrap_or(i + n);
                continue;
            }
            '[' => open += 1,
            ']' if open > 0 => {
                open -= 1;
                if chars.get(i + 1) == Some(&'(') {
                    let mut j = i + 2;
                    while chars.get(j).is_some_and(|c| *c == ' ') {
                        j += 1;
                    }
                    let mut target = String::new();
                    if chars.get(j) == Some(&'<') {
                        j += 1;
                        while let Some(&c) = chars.get(j) {
                            if c == '>' {
                                break;
                            }
                            target.push(c);
                            j += 1;
                        }
                    } else {
                        let mut depth = 0;
                        while let Some(&c) = chars.get(j) {
                            if c.is_whitespace() || (c == ')' && depth == 0) {
                                break;
                            }
                            if c == '\\' {
                                if let Some(&n) = chars.get(j + 1) {
                                    target.push(n);
                                }
                                j += 2;
                                continue;
                            }
                            if c == '(' {
                                depth += 1;
                            } else if c == ')' {
                                depth -= 1;
                            }
                            target.push(c);
                            j += 1;
                        }
                    }
                    out.push(Link { target });
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// A link target as a path relative to the linking file's folder, or `None` when it is
/// not a relative file link (a URL, an e-mail address, an anchor in the same document,
/// an absolute path).
pub(crate) fn relative_target(target: &str) -> Option<String> {
    let t = target.trim();
    let t = t.split(['#', '?']).next().unwrap_or_default();
    if t.is_empty() || t.starts_with('/') || t.starts_with('\\') {
        return None;
    }
    // A scheme: letters, digits, + - . before the first colon, with no slash before it.
    if let Some((scheme, _)) = t.split_once(':')
        && !scheme.is_empty()
        && !scheme.contains('/')
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    Some(percent_decode(t))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// `target` joined to the folder of `from` (both '/'-separated), with `.` and `..`
/// resolved lexically. Leading `..` that climb above the start are kept. A final `/` is
/// dropped.
pub(crate) fn join(from: &str, target: &str) -> String {
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = Vec::new();
    for p in dir.split('/').chain(target.split('/')) {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if from.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}
