//! Password hashing and randomness in a real browser (headless Chrome and Firefox): both PBKDF2
//! paths against RFC 7914's vectors and each other, the hash/verify round trip, the Rust path
//! yielding to the event loop, `crypto.getRandomValues`, and the browser's NFKC.
#![cfg(target_arch = "wasm32")]

use mi_account_demo::core::hash::{self, Phc, ITERATIONS, KEY_LEN, SALT_LEN};
use mi_account_demo::core::rng::Rng;
use mi_account_demo::web::crypto::{
    default_path, derive, hash_password, verify_password, webcrypto_available, BrowserRng, HashPath,
};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BOTH: [HashPath; 2] = [HashPath::WebCrypto, HashPath::Rust];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

#[wasm_bindgen_test]
fn the_test_page_is_a_secure_context_with_webcrypto() {
    assert!(webcrypto_available());
    assert_eq!(default_path(), HashPath::WebCrypto);
}

#[wasm_bindgen_test]
async fn rfc7914_vector_one_iteration_on_both_paths() {
    for path in BOTH {
        let key = derive(b"passwd", b"salt", 1, 64, path, |_| {})
            .await
            .unwrap();
        assert_eq!(
            hex(&key),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
             49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
            "{path:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn rfc7914_vector_80000_iterations_on_both_paths() {
    for path in BOTH {
        let key = derive(b"Password", b"NaCl", 80_000, 64, path, |_| {})
            .await
            .unwrap();
        assert_eq!(
            hex(&key),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56\
             a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
            "{path:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn both_paths_agree_on_random_inputs() {
    let rng = BrowserRng;
    for case in 0..20 {
        // Case 0 has an empty password and salt, the edges WebCrypto must also accept.
        let mut password = vec![0; if case == 0 { 0 } else { rng.below(65) as usize }];
        rng.fill(&mut password);
        let mut salt = vec![0; if case == 0 { 0 } else { rng.below(33) as usize }];
        rng.fill(&mut salt);
        let iterations = 1 + rng.below(3_000);
        // Up to three SHA-256 blocks, the last one partial.
        let key_len = 1 + rng.below(80) as usize;
        let web = derive(
            &password,
            &salt,
            iterations,
            key_len,
            HashPath::WebCrypto,
            |_| {},
        )
        .await
        .unwrap();
        let rust = derive(
            &password,
            &salt,
            iterations,
            key_len,
            HashPath::Rust,
            |_| {},
        )
        .await
        .unwrap();
        assert_eq!(
            hex(&web),
            hex(&rust),
            "case {case}: P={} S={} c={iterations} dkLen={key_len}",
            hex(&password),
            hex(&salt)
        );
        assert_eq!(web.len(), key_len);
    }
}

#[wasm_bindgen_test]
async fn edge_parameters() {
    for path in BOTH {
        assert!(derive(b"p", b"s", 0, 32, path, |_| {}).await.is_err());
        assert_eq!(
            derive(b"p", b"s", 5, 0, path, |_| {}).await.unwrap(),
            Vec::<u8>::new()
        );
    }
}

#[wasm_bindgen_test]
async fn hash_and_verify_round_trip() {
    let progress = RefCell::new(Vec::new());
    let phc = hash_password("correct horse 9", &BrowserRng, |p| {
        progress.borrow_mut().push(p)
    })
    .await
    .unwrap();
    let progress = progress.into_inner();
    assert_eq!(progress.first(), Some(&0.0));
    assert_eq!(progress.last(), Some(&1.0));
    assert_eq!(phc.iterations, ITERATIONS);
    assert_eq!(phc.salt.len(), SALT_LEN);
    assert_eq!(phc.hash.len(), KEY_LEN);
    assert_eq!(Phc::parse(&phc.to_string()).unwrap(), phc);
    // The WebCrypto result is what the Rust code gives (checked at a lower cost above).
    assert!(verify_password(&phc, "correct horse 9", |_| {})
        .await
        .unwrap());
    assert!(!verify_password(&phc, "correct horse 8", |_| {})
        .await
        .unwrap());
    // Two hashes of one password differ by their salt.
    let other = hash_password("correct horse 9", &BrowserRng, |_| {})
        .await
        .unwrap();
    assert_ne!(other.salt, phc.salt);
    assert_ne!(other.hash, phc.hash);
}

#[wasm_bindgen_test]
async fn a_record_made_by_the_rust_path_verifies_by_the_default_one() {
    let salt = hash::new_salt(&BrowserRng);
    let hash = derive(
        "pässwörd 1".as_bytes(),
        &salt,
        2_000,
        KEY_LEN,
        HashPath::Rust,
        |_| {},
    )
    .await
    .unwrap();
    let phc = Phc {
        iterations: 2_000,
        salt,
        hash,
    };
    assert!(verify_password(&phc, "pässwörd 1", |_| {}).await.unwrap());
    assert!(!verify_password(&phc, "passwörd 1", |_| {}).await.unwrap());
    assert!(hash::needs_rehash(&phc));
}

/// While the Rust path runs, a timer set before it starts fires, the page gets turns between
/// slices, and progress climbs from 0 to 1.
#[wasm_bindgen_test]
async fn the_rust_path_yields_to_the_event_loop() {
    let progress = Rc::new(Cell::new(0.0f32));
    let fired_at = Rc::new(Cell::new(None::<f32>));
    let timer = {
        let (progress, fired_at) = (progress.clone(), fired_at.clone());
        Closure::once_into_js(move || fired_at.set(Some(progress.get())))
    };
    web_sys::window()
        .unwrap()
        .set_timeout_with_callback(timer.unchecked_ref())
        .unwrap();

    let reports = RefCell::new(Vec::new());
    let started = now_ms();
    let key = derive(b"slices", b"salt", 200_000, 32, HashPath::Rust, |p| {
        progress.set(p);
        reports.borrow_mut().push((p, now_ms()));
    })
    .await
    .unwrap();
    let total = now_ms() - started;
    let reports = reports.into_inner();

    let fired_at = fired_at.get().expect("the timer never fired");
    assert!(fired_at < 1.0, "the timer fired only after the job");
    assert!(
        reports.windows(2).all(|w| w[0].0 <= w[1].0),
        "progress went down"
    );
    assert_eq!(reports.first().unwrap().0, 0.0);
    assert_eq!(reports.last().unwrap().0, 1.0);
    // A gap between two reports is one slice plus one turn of the event loop. Slices are sized
    // to take ~8 ms; the odd long gap (a busy machine, a garbage collection) is tolerated.
    let mut gaps: Vec<f64> = reports.windows(2).map(|w| w[1].1 - w[0].1).collect();
    gaps.sort_by(f64::total_cmp);
    let median = gaps[gaps.len() / 2];
    let long = gaps.iter().filter(|&&g| g > 50.0).count();
    console_log!(
        "200k iterations on the Rust path: {total:.0} ms, {} slices, median gap {median:.1} ms, \
         longest {:.1} ms, {long} over 50 ms",
        gaps.len(),
        gaps.last().unwrap()
    );
    assert!(gaps.len() > 10, "only {} slices", gaps.len());
    assert!(
        (4.0..30.0).contains(&median),
        "median slice and yield {median:.1} ms"
    );
    assert!(
        long * 10 <= gaps.len(),
        "{long} of {} gaps over 50 ms",
        gaps.len()
    );
    let web = derive(b"slices", b"salt", 200_000, 32, HashPath::WebCrypto, |_| {})
        .await
        .unwrap();
    assert_eq!(key, web);
}

#[wasm_bindgen_test]
fn browser_rng_gives_fresh_bytes_and_fills_large_buffers() {
    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    BrowserRng.fill(&mut a);
    BrowserRng.fill(&mut b);
    assert_ne!(a, b);
    assert_ne!(a, [0; 32]);
    // More than getRandomValues' 65,536-byte limit for one call.
    let mut big = vec![0u8; 100_000];
    BrowserRng.fill(&mut big);
    for part in [&big[..65_536], &big[65_536..]] {
        let zeros = part.iter().filter(|&&b| b == 0).count();
        // About 1/256 of the bytes are zero; an unfilled part is all zeros.
        assert!(zeros < part.len() / 64, "{zeros} zeros of {}", part.len());
    }
}

/// In the wasm `core::unicode` takes NFKC and lower case from the browser
/// (`String.prototype.normalize`, `toLowerCase`); natively from the `unicode-normalization` crate
/// and std. These check that the browsers agree with those. (Lib tests have no `run_in_browser`:
/// they would run in Node.)
#[wasm_bindgen_test]
fn browser_nfkc_matches_the_crate() {
    use mi_account_demo::core::password::normalise;
    use unicode_normalization::UnicodeNormalization;
    let ranges = [
        0x00a0..=0x024f, // Latin-1, Latin Extended
        0x0300..=0x036f, // combining marks
        0x2000..=0x24ff, // punctuation, super/subscripts, letterlike, numerals, enclosed
        0x3000..=0x33ff, // CJK symbols, kana, compatibility jamo, squared words
        0xac00..=0xac40, // Hangul syllables
        0xf900..=0xfaff, // CJK compatibility ideographs
        0xfb00..=0xfb4f, // ligatures
        0xff00..=0xffef, // half- and fullwidth forms
    ];
    let mut checked = 0;
    for c in assigned(ranges.into_iter().flatten()) {
        let s = format!("a{c}\u{301}1");
        assert_eq!(
            normalise(&s),
            s.nfkc().collect::<String>(),
            "U+{:04X}",
            c as u32
        );
        checked += 1;
    }
    assert!(checked > 3_000, "only {checked} characters checked");
}

/// Every cased character of the Basic Multilingual Plane and of the cased blocks above it, also
/// before a "Σ" at a word's end (the final-sigma rule looks at both sides).
#[wasm_bindgen_test]
fn browser_lower_case_matches_std() {
    use mi_account_demo::core::unicode::lower;
    let cased = js_sys::RegExp::new(r"^\p{Cased}$", "u");
    let mut checked = 0;
    for c in assigned([0x0080..=0xffff, 0x10400..=0x1e95f].into_iter().flatten()) {
        if !cased.test(&c.to_string()) {
            continue;
        }
        let s = format!("x{c}Σ {c}");
        assert_eq!(lower(&s), s.to_lowercase(), "U+{:04X}", c as u32);
        checked += 1;
    }
    assert!(checked > 2_000, "only {checked} cased characters checked");
}

/// The characters of `code_points` the browser's Unicode version has: the mappings of an
/// assigned character never change, and the crate or std may know a newer version.
fn assigned(code_points: impl Iterator<Item = u32>) -> impl Iterator<Item = char> {
    let unassigned = js_sys::RegExp::new(r"^\p{Cn}$", "u");
    code_points
        .filter_map(char::from_u32)
        .filter(move |c| !unassigned.test(&c.to_string()))
}
