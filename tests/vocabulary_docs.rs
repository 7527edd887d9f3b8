//! The README speaks the code's vocabulary: its metrics table lists every metric sift registers,
//! and the label values it names are exactly the `as_str()` names of `sift::vocab`.

use sift::vocab::{
    DedupReason, ErrorClass, Outcome, RebalanceKind, RedriveResult, RejectReason, Stage,
};

fn readme() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The label values the README's metrics table gives for `metric`: the comma-separated words
/// after `label`: in its row (up to the end of the cell, or of the sentence).
fn documented_values(readme: &str, metric: &str, label: &str) -> Vec<String> {
    let row = readme
        .lines()
        .find(|l| l.starts_with(&format!("| `{metric}` |")))
        .unwrap_or_else(|| panic!("README: no metrics-table row for {metric}"));
    let after = row
        .split_once(&format!("`{label}`: "))
        .unwrap_or_else(|| panic!("README: {metric}'s row does not list `{label}` values"))
        .1;
    let list = after.split(['|', ';', '(']).next().unwrap_or("");
    list.split(',').map(|v| v.trim().to_owned()).collect()
}

fn names(values: impl IntoIterator<Item = &'static str>) -> Vec<String> {
    values.into_iter().map(str::to_owned).collect()
}

#[test]
fn metric_label_values_in_the_readme_are_the_vocabulary() {
    let readme = readme();
    let timed = Stage::ALL.into_iter().filter(|s| *s != Stage::Internal);
    let cases = [
        (
            "sift_events_published_total",
            "outcome",
            names(Outcome::ALL.map(Outcome::as_str)),
        ),
        (
            "sift_rejected_total",
            "reason",
            names(RejectReason::ALL.map(RejectReason::as_str)),
        ),
        (
            "sift_dead_letters_total",
            "error_class",
            names(ErrorClass::ALL.map(ErrorClass::as_str)),
        ),
        (
            "sift_stage_duration_seconds",
            "stage",
            names(timed.map(Stage::as_str)),
        ),
        (
            "sift_rebalances_total",
            "kind",
            names(RebalanceKind::ALL.map(RebalanceKind::as_str)),
        ),
        (
            "sift_dedup_decisions_total",
            "reason",
            names(DedupReason::ALL.map(DedupReason::as_str)),
        ),
        (
            "sift_redriven_messages_total",
            "result",
            names(RedriveResult::ALL.map(RedriveResult::as_str)),
        ),
    ];
    for (metric, label, expected) in cases {
        assert_eq!(
            documented_values(&readme, metric, label),
            expected,
            "{metric}"
        );
    }
}

#[test]
fn every_registered_metric_is_in_the_readme() {
    let readme = readme();
    let m = sift::metrics::Metrics::new().expect("metrics register");
    // A labelled family is exported once it has a child: give each one its first value.
    m.published.with_label_values(&[Outcome::Clean.as_str()]);
    m.rejected
        .with_label_values(&[RejectReason::ErrorPage.as_str()]);
    m.dead_letters
        .with_label_values(&[ErrorClass::Empty.as_str()]);
    m.stage_duration
        .with_label_values(&[Stage::Decode.as_str()]);
    m.consumer_lag.with_label_values(&["pages", "0"]);
    m.rebalances
        .with_label_values(&[RebalanceKind::Assign.as_str()]);
    m.dedup_decisions
        .with_label_values(&[DedupReason::New.as_str()]);
    m.redriven
        .with_label_values(&[RedriveResult::Sent.as_str()]);
    let families: Vec<String> = m
        .registry
        .gather()
        .iter()
        .map(|f| f.name().to_owned())
        .filter(|name| name.starts_with("sift_"))
        .collect();
    assert!(families.len() >= 18, "{families:?}");
    for name in families {
        assert!(
            readme.contains(&format!("`{name}`")),
            "README does not document {name}"
        );
    }
}

#[test]
fn every_error_class_and_stage_is_in_the_output_contract() {
    let readme = readme();
    let classes = readme
        .split_once("Dead-letter classes:")
        .map(|(_, rest)| rest.split("\n\n").next().unwrap_or(""))
        .expect("README: the dead-letter classes paragraph");
    for class in ErrorClass::ALL {
        assert!(
            classes.contains(&format!("`{class}`")),
            "{class} undocumented"
        );
    }
    let dlq_row = readme
        .lines()
        .find(|l| l.starts_with("| `articles.dlq` |"))
        .expect("README: the articles.dlq row");
    for stage in Stage::ALL {
        assert!(
            dlq_row.contains(&format!("`{stage}`")),
            "stage {stage} undocumented"
        );
    }
}
