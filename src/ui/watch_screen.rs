//! Pieces of the watch screen: the progress bar, links to files, the key help line.

use std::path::Path;

use console::style;

/// `done` of `total` as a bar, e.g. `[██████░░░░░░] 12/70`.
pub fn progress_bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0);
    format!(
        "{}{} {done}/{total} done",
        style("█".repeat(filled)).green(),
        style("░".repeat(width - filled)).dim(),
    )
}

/// `shown` as a link a terminal opens on click (OSC 8), to the file at `absolute`.
pub fn file_link(absolute: &Path, shown: &Path) -> String {
    let shown = shown.display();
    if !console::colors_enabled() {
        return shown.to_string();
    }
    format!(
        "\x1b]8;;file://{}\x1b\\{}\x1b]8;;\x1b\\",
        absolute.display(),
        style(shown).underlined()
    )
}

/// One line naming each key and what it does.
pub fn key_help(keys: &[(&str, &str)]) -> String {
    keys.iter()
        .map(|(key, action)| format!("{} {action}", style(key).bold().cyan()))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_in_proportion() {
        console::set_colors_enabled(false);
        assert_eq!(progress_bar(1, 4, 8), "██░░░░░░ 1/4 done");
        assert_eq!(progress_bar(0, 0, 4), "░░░░ 0/0 done");
    }
}
