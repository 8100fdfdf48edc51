//! Which backups to keep: the newest of each of the last 14 days that have
//! one, the newest of each of the last 12 months, and the last 5 taken
//! before an upgrade. Everything else of ours is deleted; files that aren't
//! ours are never touched.

use super::files::BackupReason;
use std::collections::BTreeSet;

pub const DAYS: usize = 14;
pub const MONTHS: usize = 12;
pub const UPGRADES: usize = 5;

/// `backups`: (name, taken at, reason), in any order. Returns the names to
/// delete.
pub fn to_delete(backups: &[(String, jiff::Timestamp, BackupReason)]) -> Vec<String> {
    let mut newest_first: Vec<&(String, jiff::Timestamp, BackupReason)> = backups.iter().collect();
    newest_first.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let mut keep: BTreeSet<&str> = BTreeSet::new();
    let day = |t: jiff::Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date();
    let mut days = Vec::new();
    let mut months = Vec::new();
    let mut upgrades = 0;
    for (name, at, reason) in &newest_first {
        if *reason == BackupReason::PreMigration {
            if upgrades < UPGRADES {
                keep.insert(name);
                upgrades += 1;
            }
            continue;
        }
        let d = day(*at);
        if !days.contains(&d) && days.len() < DAYS {
            days.push(d);
            keep.insert(name);
        }
        let m = (d.year(), d.month());
        if !months.contains(&m) && months.len() < MONTHS {
            months.push(m);
            keep.insert(name);
        }
    }
    newest_first.iter().filter(|(n, _, _)| !keep.contains(n.as_str())).map(|(n, _, _)| n.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(days_ago: i64, hour: i64) -> jiff::Timestamp {
        let base: jiff::Timestamp = "2026-11-27T12:00:00Z".parse().unwrap();
        base - jiff::Span::new().hours(days_ago * 24 - hour)
    }

    #[test]
    fn keeps_14_days_12_months_and_5_upgrades() {
        // Three backups a day for 500 days, and 8 before upgrades.
        let mut all = Vec::new();
        for d in 0..500 {
            for h in 0..3 {
                all.push((format!("d{d}h{h}"), at(d, h), BackupReason::Daily));
            }
        }
        for u in 0..8 {
            all.push((format!("u{u}"), at(u * 30, 5), BackupReason::PreMigration));
        }
        let gone = to_delete(&all);
        let kept: Vec<&String> = all.iter().map(|(n, _, _)| n).filter(|n| !gone.contains(n)).collect();
        // The newest of the last 14 days, the newest of 12 months (the
        // current month's is among the days), 5 upgrades.
        let days = kept.iter().filter(|n| n.starts_with('d')).count();
        assert!((14 + 11..=14 + 12).contains(&days), "{days} daily kept: {kept:?}");
        assert_eq!(kept.iter().filter(|n| n.starts_with('u')).count(), 5);
        assert!(kept.contains(&&"d0h2".to_string()), "the newest is always kept");
        assert!(!kept.contains(&&"d0h0".to_string()), "an older one the same day goes");
    }

    proptest! {
        #[test]
        fn the_newest_is_kept_and_nothing_is_deleted_twice(times in prop::collection::vec((0i64..900, 0i64..24), 1..120)) {
            let all: Vec<_> = times.iter().enumerate()
                .map(|(i, (d, h))| (format!("b{i}"), at(*d, *h), BackupReason::Daily)).collect();
            let gone = to_delete(&all);
            let newest = all.iter().max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0))).unwrap();
            prop_assert!(!gone.contains(&newest.0));
            let kept = all.len() - gone.len();
            prop_assert!((1..=DAYS + MONTHS).contains(&kept));
            let unique: BTreeSet<_> = gone.iter().collect();
            prop_assert_eq!(unique.len(), gone.len());
        }
    }
}
