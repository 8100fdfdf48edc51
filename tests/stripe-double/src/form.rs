//! Stripe's request encoding: `application/x-www-form-urlencoded` with
//! bracketed keys (`line_items[0][price_data][currency]=aud`). Query strings
//! of list requests use the same encoding (`types[]=…`).

/// The parameters of one request, in the order they were sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn parse(encoded: &[u8]) -> Params {
        Params(url::form_urlencoded::parse(encoded).into_owned().collect())
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Every value of an array parameter (`types[]=a&types[]=b`, or
    /// `types[0]=a&types[1]=b`).
    pub fn all(&self, array: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| {
                k.strip_prefix(array)
                    .and_then(|rest| rest.strip_prefix('['))
                    .and_then(|rest| rest.strip_suffix(']'))
                    .is_some_and(|index| index.is_empty() || index.chars().all(|c| c.is_ascii_digit()))
            })
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The entries under `prefix[…]`, with the prefix and its brackets taken
    /// off the first segment (`metadata[a]` → `a`).
    pub fn under(&self, prefix: &str) -> Vec<(String, &str)> {
        self.0
            .iter()
            .filter_map(|(k, v)| {
                let rest = k.strip_prefix(prefix)?.strip_prefix('[')?;
                let end = rest.find(']')?;
                let tail = &rest[end + 1..];
                Some((format!("{}{}", &rest[..end], tail), v.as_str()))
            })
            .collect()
    }

    /// Top-level names sent (`line_items` for `line_items[0][quantity]`).
    pub fn top_level(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.0.iter().map(|(k, _)| k.split('[').next().unwrap_or(k)).collect();
        names.dedup();
        names
    }

    /// Indices used by an array of objects (`line_items[0]…`, `line_items[1]…`).
    pub fn indices(&self, array: &str) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .0
            .iter()
            .filter_map(|(k, _)| {
                let rest = k.strip_prefix(array)?.strip_prefix('[')?;
                rest[..rest.find(']')?].parse().ok()
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Two requests carry "the same parameters" for Stripe's idempotency check
/// when they decode to the same set of key/value pairs.
pub fn same_parameters(a: &Params, b: &Params) -> bool {
    let mut x = a.0.clone();
    let mut y = b.0.clone();
    x.sort();
    y.sort();
    x == y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_and_array_parameters() {
        let p =
            Params::parse(b"a=1&line_items[0][quantity]=1&line_items[1][quantity]=2&metadata[k]=v&types[]=x&types[]=y");
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.indices("line_items"), vec![0, 1]);
        assert_eq!(p.under("metadata"), vec![("k".to_string(), "v")]);
        assert_eq!(p.all("types"), vec!["x", "y"]);
        assert_eq!(p.top_level(), vec!["a", "line_items", "metadata", "types"]);
        assert!(same_parameters(
            &p,
            &Params::parse(
                b"metadata[k]=v&a=1&line_items[0][quantity]=1&line_items[1][quantity]=2&types[]=x&types[]=y"
            )
        ));
        assert!(!same_parameters(&p, &Params::parse(b"a=2")));
    }
}
