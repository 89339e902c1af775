//! "Did you mean ...?" for mistyped exercise names.

/// Up to three of `candidates` close to `wanted`, closest first.
pub fn closest_names<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|name| {
            let distance = strsim::damerau_levenshtein(wanted, name);
            let related = name.contains(wanted) || wanted.contains(name);
            (distance <= limit || related).then_some((distance, name))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_names_within_a_few_edits() {
        let names = ["request_line", "header_fields", "build_response"];
        assert_eq!(closest_names("requestline", names), ["request_line"]);
        assert_eq!(closest_names("header", names), ["header_fields"]);
        assert!(closest_names("jwt", names).is_empty());
    }
}
