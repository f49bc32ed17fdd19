//! `cargo bench -p coproduce --bench map --profile release`: clustering 100,000 reports in
//! memory (issue 15, in progress: what the cluster query costs before it reads the
//! database): the index of their map positions, then the clusters of a whole city's view
//! and of a street's. Prints Markdown; asserts only that every report in view is counted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use coproduce::map::cluster::{Located, clusters};
use coproduce_widgets::map::geo::{Area, Point};

const REPORTS: usize = 100_000;
const ROUNDS: usize = 15;

fn median_ms(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut times = Vec::with_capacity(ROUNDS);
    let mut out = 0;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        out = std::hint::black_box(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[ROUNDS / 2], out)
}

fn main() {
    // A city of 30 × 40 km, reports spread by a fixed sequence (no dependency for random).
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let points: Vec<Point> = (0..REPORTS)
        .map(|_| Point::from_degrees(52.35 + 0.3 * next(), 13.05 + 0.6 * next()).unwrap())
        .collect();
    let t = Instant::now();
    let reports: Vec<Located<usize>> = points
        .iter()
        .enumerate()
        .map(|(i, p)| Located::new(i, *p))
        .collect();
    let index_ms = t.elapsed().as_secs_f64() * 1e3;
    let area = |s: f64, w: f64, n: f64, e: f64| {
        Area::new(
            Point::from_degrees(s, w).unwrap(),
            Point::from_degrees(n, e).unwrap(),
        )
        .unwrap()
    };
    println!("## Clusters of {REPORTS} reports in memory (median of {ROUNDS})\n");
    println!("Map positions of all reports worked out once: {index_ms:.1} ms.\n");
    println!("| view | zoom | reports in view | clusters | time |\n|---|---|---|---|---|");
    for (name, zoom, view) in [
        ("the whole city", 11, area(52.3, 13.0, 52.7, 13.7)),
        ("a district", 14, area(52.48, 13.35, 52.52, 13.45)),
        ("a street", 17, area(52.500, 13.400, 52.503, 13.405)),
    ] {
        let in_view = points.iter().filter(|p| view.contains(**p)).count();
        let (ms, n) = median_ms(|| {
            let found = clusters(&reports, zoom, &view);
            assert_eq!(found.iter().map(|c| c.count).sum::<usize>(), in_view);
            found.len()
        });
        println!("| {name} | {zoom} | {in_view} | {n} | {ms:.1} ms |");
    }
}
