//! Deduplication through the running service: two sift instances sharing one Redis store and
//! one consumer group publish each story once, however its copies are spread over partitions.
//!
//! Needs the services of `scripts/test.sh`: built only with `--features integration`.

#![cfg(feature = "integration")]

mod common;

use common::*;
use std::collections::BTreeMap;
use std::time::Duration;

fn redis_url() -> String {
    std::env::var("SIFT_TEST_REDIS_URL")
        .unwrap_or_else(|_| panic!("SIFT_TEST_REDIS_URL is not set: run the tests with scripts/test.sh, which starts a local Redis"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_sharing_redis_publish_each_story_once() {
    let topics = Topics::create("dedup2", 6).await;
    let group = unique("g");
    let prefix = format!("{}:", unique("sift-test"));
    let redis = redis_url();
    let env = [
        ("SIFT__DEDUP__STORE", "redis"),
        ("SIFT__DEDUP__REDIS_URL", redis.as_str()),
        ("SIFT__DEDUP__REDIS_KEY_PREFIX", prefix.as_str()),
        ("SIFT__SERVICE__WORKERS", "1"),
    ];
    let a = Sift::start(&topics, &group, &env);
    let b = Sift::start(&topics, &group, &env);

    // Each story three times, on three different partitions: the page itself, a re-scrape with
    // tracking parameters, and a syndicated copy on another site.
    let stories = corpus_pages(20);
    let mut inputs = Vec::new();
    for (i, (url, html)) in stories.iter().enumerate() {
        let copies = [
            url.clone(),
            format!(
                "{url}{}utm_source=newsletter&utm_medium=email",
                if url.contains('?') { '&' } else { '?' }
            ),
            format!("https://syndication.example.net/story/{i}"),
        ];
        for (j, copy_url) in copies.iter().enumerate() {
            let mut input = Input::page(copy_url, html.clone());
            input.partition = Some(((i + 2 * j) % 6) as i32);
            inputs.push(input);
        }
    }
    let positions = produce(&topics.input, &inputs).await;
    let out = collect(&topics, positions.len(), Duration::from_secs(240));
    assert_eq!(out.len(), positions.len(), "one record per message");

    let mut clean_per_story: BTreeMap<usize, usize> = BTreeMap::new();
    for o in out.iter().filter(|o| o.topic == topics.clean) {
        let index = positions
            .iter()
            .position(|p| *p == o.source())
            .expect("known source")
            / 3;
        *clean_per_story.entry(index).or_default() += 1;
    }
    let rejected = out.iter().filter(|o| o.topic == topics.rejected).count();
    for (story, n) in &clean_per_story {
        assert_eq!(
            *n, 1,
            "story {story} ({}) published {n} times",
            stories[*story].0
        );
    }
    assert!(
        clean_per_story.len() + rejected / 3 >= stories.len(),
        "every story published or rejected"
    );
    let reasons: Vec<String> = out
        .iter()
        .filter(|o| o.topic == topics.duplicates)
        .map(|o| {
            o.json()["dedup"]["reason"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert!(
        reasons
            .iter()
            .all(|r| ["repeat", "same_content", "near_duplicate"].contains(&r.as_str())),
        "{reasons:?}"
    );
    assert_eq!(a.terminate(Duration::from_secs(30)).code(), Some(0));
    assert_eq!(b.terminate(Duration::from_secs(30)).code(), Some(0));
}
