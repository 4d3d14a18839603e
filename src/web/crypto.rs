//! Password hashing and randomness in the browser: `crypto.getRandomValues` behind [`Rng`], and
//! PBKDF2-HMAC-SHA256 by one of two paths that give the same bytes:
//!
//! - [`HashPath::WebCrypto`]: `SubtleCrypto.deriveBits`, which browsers run off the main thread
//!   (about 5× faster than the wasm code). `crypto.subtle` exists only in a secure context (https,
//!   localhost), so a page served over plain http on a LAN address does not have it.
//! - [`HashPath::Rust`]: `core::hash`'s [`Pbkdf2Job`] on the main thread, in slices of about
//!   [`SLICE_TARGET_MS`] sized by measuring, yielding to the event loop between them so no task
//!   comes near the 50 ms that makes a "long task" and the page stays responsive.
//!
//! [`hash_password`] and [`verify_password`] take the WebCrypto path where it exists and the Rust
//! one otherwise ([`default_path`]), also falling back to Rust if WebCrypto refuses the job.

use crate::core::hash::{self, Pbkdf2Job, Phc, ITERATIONS, KEY_LEN};
use crate::core::rng::Rng;
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `getRandomValues` throws `QuotaExceededError` for more than this many bytes at once.
const RANDOM_CHUNK: usize = 65_536;

/// The browser's CSPRNG, `crypto.getRandomValues` (available in insecure contexts too).
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserRng;

impl Rng for BrowserRng {
    /// # Panics
    /// If `crypto.getRandomValues` is missing or fails. Every browser that runs WebAssembly has
    /// it; without it there is no safe source of salts or codes, so there is nothing to fall
    /// back to.
    fn fill(&self, buf: &mut [u8]) {
        let crypto = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .expect("window.crypto is unavailable");
        for chunk in buf.chunks_mut(RANDOM_CHUNK) {
            crypto
                .get_random_values_with_u8_array(chunk)
                .expect("crypto.getRandomValues failed");
        }
    }
}

/// `crypto.subtle`, read by reflection: in an insecure context the property is `undefined`,
/// which web-sys' getter would hand back as if it were a `SubtleCrypto`.
fn subtle() -> Option<web_sys::SubtleCrypto> {
    let window = web_sys::window()?;
    let crypto = Reflect::get(&window, &JsValue::from_str("crypto")).ok()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    subtle.is_object().then(|| subtle.unchecked_into())
}

/// Whether WebCrypto's `crypto.subtle` exists (a secure context: https or localhost).
pub fn webcrypto_available() -> bool {
    subtle().is_some()
}

/// Which implementation of PBKDF2-HMAC-SHA256 [`derive`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashPath {
    /// `SubtleCrypto.deriveBits`, off the main thread; secure contexts only.
    WebCrypto,
    /// [`Pbkdf2Job`] in time-sized slices on the main thread, yielding between them.
    Rust,
}

/// WebCrypto where the page has it, else the Rust path.
pub fn default_path() -> HashPath {
    if webcrypto_available() {
        HashPath::WebCrypto
    } else {
        HashPath::Rust
    }
}

/// PBKDF2-HMAC-SHA256 of `password` and `salt` (RFC 8018), `key_len` bytes, by `path`.
/// `on_progress` gets 0 first, values in between on the Rust path (after every slice), and 1
/// when the key is ready. Errors (as text) when `iterations` is 0, or the WebCrypto path is
/// unavailable or fails.
pub async fn derive(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    key_len: usize,
    path: HashPath,
    on_progress: impl Fn(f32),
) -> Result<Vec<u8>, String> {
    if iterations == 0 {
        return Err("PBKDF2 needs at least one iteration".to_owned());
    }
    on_progress(0.0);
    let key = if key_len == 0 {
        // WebCrypto refuses a length of 0; there is nothing to compute anyway.
        Vec::new()
    } else {
        match path {
            HashPath::WebCrypto => derive_webcrypto(password, salt, iterations, key_len).await?,
            HashPath::Rust => {
                run_sliced(
                    Pbkdf2Job::new(password, salt, iterations, key_len),
                    &on_progress,
                )
                .await?
            }
        }
    };
    on_progress(1.0);
    Ok(key)
}

/// A new PHC record of the (already NFKC-normalised) password: a fresh random salt,
/// [`ITERATIONS`] rounds, a [`KEY_LEN`]-byte hash.
pub async fn hash_password(
    normalised: &str,
    rng: &dyn Rng,
    on_progress: impl Fn(f32),
) -> Result<Phc, String> {
    let _timing = UserTiming::start("xa:hash");
    let salt = hash::new_salt(rng);
    let hash = derive_preferred(
        normalised.as_bytes(),
        &salt,
        ITERATIONS,
        KEY_LEN,
        &on_progress,
    )
    .await?;
    Ok(Phc {
        iterations: ITERATIONS,
        salt,
        hash,
    })
}

/// Whether the (already NFKC-normalised) password matches the record, derived at the record's
/// own cost and compared in constant time ([`hash::verify`]).
pub async fn verify_password(
    phc: &Phc,
    normalised: &str,
    on_progress: impl Fn(f32),
) -> Result<bool, String> {
    let _timing = UserTiming::start("xa:hash");
    let derived = derive_preferred(
        normalised.as_bytes(),
        &phc.salt,
        phc.iterations,
        phc.hash.len(),
        &on_progress,
    )
    .await?;
    Ok(hash::verify(phc, &derived))
}

/// A User Timing measure (`performance.measure`) named `name`, from [`UserTiming::start`] until
/// the value is dropped (across awaits too), so browser profilers and `make bench` can see how
/// long the app's own start-up, hashing and lookups take ("xa:mount", "xa:hash", "xa:lookup").
/// Two running at once (a cancelled check still running beside a new one) each measure from
/// their own start mark.
pub struct UserTiming(&'static str, u32);

thread_local! {
    static TIMINGS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

impl UserTiming {
    pub fn start(name: &'static str) -> Self {
        let n = TIMINGS.with(|c| {
            c.set(c.get().wrapping_add(1));
            c.get()
        });
        if let Some(p) = performance() {
            let _ = p.mark(&format!("{name}:start:{n}"));
        }
        Self(name, n)
    }
}

impl Drop for UserTiming {
    fn drop(&mut self) {
        if let Some(p) = performance() {
            let start = format!("{}:start:{}", self.0, self.1);
            let _ = p.measure_with_start_mark(self.0, &start);
            p.clear_marks_with_mark_name(&start);
        }
    }
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// [`default_path`], and the Rust path again should WebCrypto fail (both give the same bytes,
/// so a record made by either verifies by either).
async fn derive_preferred(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    key_len: usize,
    on_progress: &dyn Fn(f32),
) -> Result<Vec<u8>, String> {
    if default_path() == HashPath::WebCrypto {
        let key = derive(
            password,
            salt,
            iterations,
            key_len,
            HashPath::WebCrypto,
            on_progress,
        )
        .await;
        if key.is_ok() {
            return key;
        }
    }
    derive(
        password,
        salt,
        iterations,
        key_len,
        HashPath::Rust,
        on_progress,
    )
    .await
}

async fn derive_webcrypto(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    key_len: usize,
) -> Result<Vec<u8>, String> {
    let subtle = subtle().ok_or("WebCrypto is unavailable (not a secure context)")?;
    let bits = u32::try_from(key_len)
        .ok()
        .and_then(|n| n.checked_mul(8))
        .ok_or("key length too large for WebCrypto")?;
    // `Uint8Array::from` copies the bytes into JS memory, so nothing points into wasm memory
    // across the awaits.
    let usages = Array::of1(&JsValue::from_str("deriveBits"));
    let import = subtle
        .import_key_with_str("raw", &Uint8Array::from(password), "PBKDF2", false, &usages)
        .map_err(js_error)?;
    let key: web_sys::CryptoKey = JsFuture::from(import)
        .await
        .map_err(js_error)?
        .unchecked_into();
    let params = Object::new();
    for (name, value) in [
        ("name", JsValue::from_str("PBKDF2")),
        ("hash", JsValue::from_str("SHA-256")),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", JsValue::from_f64(f64::from(iterations))),
    ] {
        Reflect::set(&params, &JsValue::from_str(name), &value).map_err(js_error)?;
    }
    let derive = subtle
        .derive_bits_with_object(&params, &key, bits)
        .map_err(js_error)?;
    let buffer = JsFuture::from(derive).await.map_err(js_error)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// What one slice of the Rust path aims to take: well under the 50 ms of a long task, with
/// room for a slow clock reading, a garbage collection or a busy machine taking the CPU away
/// mid-slice (at 16 ms, slices of 50–60 ms showed up on a loaded 2-core machine; a yield costs
/// well under 0.1 ms, so halving the slice costs about nothing).
pub const SLICE_TARGET_MS: f64 = 8.0;
/// The first slice, before anything is measured: about 2 ms in release wasm on a laptop,
/// still short in a debug build or on a slow phone.
const FIRST_SLICE: u32 = 1_000;
const MIN_SLICE: u32 = 16;

/// The next slice's size from how long the last one took. It grows at most 4× a slice, so one
/// reading that is too low (a coarse clock) cannot make a huge slice; it shrinks at once.
fn next_slice(slice: u32, elapsed_ms: f64) -> u32 {
    // Firefox rounds `performance.now()` to 1 ms, so a short slice can read as 0.
    let elapsed_ms = elapsed_ms.max(0.25);
    let scaled = f64::from(slice) * SLICE_TARGET_MS / elapsed_ms;
    let grown = f64::from(slice.saturating_mul(4));
    scaled.min(grown).max(f64::from(MIN_SLICE)) as u32
}

/// Runs the job a slice at a time, yielding to the event loop between slices.
async fn run_sliced(mut job: Pbkdf2Job, on_progress: &dyn Fn(f32)) -> Result<Vec<u8>, String> {
    let yielder = Yielder::new();
    let mut slice = FIRST_SLICE;
    loop {
        let start = now_ms();
        if job.step(slice) {
            return Ok(job.finish());
        }
        slice = next_slice(slice, now_ms() - start);
        on_progress(job.progress());
        yielder.yield_now().await?;
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Gives the event loop a turn: rendering, input, timers. A message to our own
/// `MessageChannel` is a new task at once, where a chain of `setTimeout(0)` is clamped to 4 ms
/// from the fifth and throttled to once a second in a background tab; `setTimeout` is only the
/// fallback.
struct Yielder {
    channel: Option<web_sys::MessageChannel>,
}

impl Yielder {
    fn new() -> Self {
        Self {
            channel: web_sys::MessageChannel::new().ok(),
        }
    }

    async fn yield_now(&self) -> Result<(), String> {
        let promise = Promise::new(&mut |resolve, _reject| {
            // The promise's own resolve function is the handler, so no Rust closure is kept.
            if let Some(channel) = &self.channel {
                channel.port1().set_onmessage(Some(&resolve));
                if channel.port2().post_message(&JsValue::UNDEFINED).is_ok() {
                    return;
                }
            }
            let scheduled = web_sys::window()
                .map(|w| w.set_timeout_with_callback(&resolve).is_ok())
                .unwrap_or(false);
            if !scheduled {
                // No way to wait: go on at once rather than never.
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        });
        JsFuture::from(promise).await.map(drop).map_err(js_error)
    }
}

impl Drop for Yielder {
    fn drop(&mut self) {
        if let Some(channel) = &self.channel {
            channel.port1().set_onmessage(None);
            channel.port1().close();
            channel.port2().close();
        }
    }
}

/// A thrown JS value as text: `name: message` for errors and `DOMException`s.
fn js_error(err: JsValue) -> String {
    let field = |key: &str| {
        Reflect::get(&err, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    match (field("name"), field("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        _ => err.as_string().unwrap_or_else(|| format!("{err:?}")),
    }
}
