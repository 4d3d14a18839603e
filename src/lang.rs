//! The UI language: the one to start in (the remembered choice, else the browser's preferred
//! languages, else English), and switching, which is remembered in our store.
//!
//! We negotiate ourselves rather than let leptos_i18n do it: its matcher treats a missing
//! script or region subtag as a mismatch, so "zh-CN", "zh-TW" or plain "zh" would all fall back
//! to English. Here Chinese picks Traditional characters for Taiwan, Hong Kong and Macao (or an
//! explicit "Hant"), Simplified otherwise, and every other tag matches on its language.

use crate::core::regions::Names;
use crate::i18n::{self, I18n, Locale};
use crate::web;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

/// The first of `tags` (BCP 47, most preferred first) we have a translation for, as one of
/// `supported` (compared without regard to case).
pub fn negotiate<'a>(tags: &[String], supported: &[&'a str]) -> Option<&'a str> {
    let find = |want: &str| {
        supported
            .iter()
            .find(|s| s.eq_ignore_ascii_case(want))
            .copied()
    };
    tags.iter().find_map(|tag| {
        let mut parts = tag.trim().split(['-', '_']);
        let lang = parts.next()?.to_ascii_lowercase();
        let rest: Vec<&str> = parts.collect();
        match lang.as_str() {
            "zh" => {
                let script = rest.iter().find(|p| p.len() == 4);
                let traditional = match script {
                    Some(s) => s.eq_ignore_ascii_case("hant"),
                    None => rest
                        .iter()
                        .any(|p| ["tw", "hk", "mo"].contains(&p.to_ascii_lowercase().as_str())),
                };
                find(if traditional { "zh-Hant" } else { "zh-Hans" })
            }
            // "in" is Indonesian's withdrawn code, still sent by some older Android browsers.
            "in" => find("id"),
            _ => find(&lang),
        }
    })
}

/// The language to start in: the remembered choice if it is still offered, else the browser's
/// preference, else `default`.
pub fn initial<'a>(
    saved: Option<&str>,
    browser: &[String],
    supported: &[&'a str],
    default: &'a str,
) -> &'a str {
    saved
        .and_then(|s| supported.iter().find(|t| **t == s).copied())
        .or_else(|| negotiate(browser, supported))
        .unwrap_or(default)
}

/// The browser's preferred languages (`navigator.languages`).
fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|langs| langs.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}

/// The locale the app starts in (see [`initial`]).
pub fn start_locale() -> Locale {
    let saved = web::env().store.prefs().ok().and_then(|p| p.lang);
    let supported: Vec<&str> = Locale::get_all().iter().map(|l| l.as_str()).collect();
    let tag = initial(
        saved.as_deref(),
        &browser_languages(),
        &supported,
        Locale::default().as_str(),
    );
    Locale::from_str(tag).unwrap_or_default()
}

/// How long a switch waits for the region names once the text is in.
const NAMES_WAIT_MS: i32 = 1_000;

/// Fetches `locale`'s text and region names from our own origin (`data/text/<tag>.json` and
/// `data/regions/<tag>.json`, under the base path), both at once, and installs them, unless they
/// are here already. The page switches when this ends, so it shows the language's region names
/// from its first frame in it. Only the text is needed: without the names (failed, or not in
/// within a second of the text) the page switches anyway, with English names, and
/// `RegionNames` tries them again.
pub async fn load(locale: Locale) -> Result<(), String> {
    if i18n::is_ready(locale) {
        return Ok(());
    }
    let names = region_names(locale)
        .is_none()
        .then(|| load_region_names(locale));
    let path = format!("/data/text/{}.json", locale.as_str());
    let text = web::fetch_text(&path).await?;
    let missing = i18n::install(locale, &text).map_err(|e| format!("{path}: {e}"))?;
    if missing > 0 {
        leptos::logging::warn!("{path}: {missing} texts missing, shown in English");
    }
    // The names are a third of the text's size and usually in first; a slow file must not
    // hold the switch: after NAMES_WAIT the page switches with English names, and
    // `RegionNames` fetches them again.
    if let Some(names) = names {
        match web::within(NAMES_WAIT_MS, names).await {
            Some(Ok(_)) => {}
            Some(Err(e)) => leptos::logging::warn!("{e}"),
            None => leptos::logging::warn!("{}: region names still on their way", locale.as_str()),
        }
    }
    Ok(())
}

/// Region names fetched so far, one slot per language (English is built in, see
/// [`Names::english`]).
static REGION_NAMES: [OnceLock<Arc<Names>>; i18n::ALL.len()] =
    [const { OnceLock::new() }; i18n::ALL.len()];

/// `locale`'s region names, if fetched (never for English, which is built in).
pub fn region_names(locale: Locale) -> Option<Arc<Names>> {
    REGION_NAMES[locale as usize].get().cloned()
}

/// Fetches and keeps `locale`'s region names. The request starts when this is called.
pub fn load_region_names(
    locale: Locale,
) -> impl std::future::Future<Output = Result<Arc<Names>, String>> {
    let path = format!("/data/regions/{}.json", locale.as_str());
    let fetching = web::fetch_text(&path);
    async move {
        let names = fetching
            .await
            .and_then(|t| Names::parse(&t))
            .map_err(|e| format!("{path}: {e}"))?;
        Ok(REGION_NAMES[locale as usize]
            .get_or_init(|| Arc::new(names))
            .clone())
    }
}

/// Remembers the choice and switches the UI to `locale`, fetching its text first if need be.
/// Remembered at once, so a page loaded before the text arrives starts in it too. If the text
/// cannot be had, the page stays as it is and says so (`I18n::failed`); the next start tries
/// again.
pub fn choose(i18n: I18n, locale: Locale) {
    remember(locale);
    if let Some(switching) = switch(i18n, locale) {
        leptos::task::spawn_local(switching);
    }
}

/// Switches `i18n` to `locale`: at once if its text is here (`None`), else the returned fetch
/// switches the page when it ends, or reports the failure (`I18n::loaded`).
pub fn switch(i18n: I18n, locale: Locale) -> Option<impl std::future::Future<Output = ()>> {
    let id = i18n.choose(locale)?;
    Some(async move {
        let result = load(locale).await;
        if let Err(e) = &result {
            leptos::logging::warn!("{}: {e}", locale.as_str());
        }
        i18n.loaded(id, locale, result.is_ok());
    })
}

fn remember(locale: Locale) {
    let env = web::env();
    let mut prefs = env.store.prefs().unwrap_or_default();
    prefs.lang = Some(locale.as_str().to_owned());
    // Failing to remember the language is harmless: the page still switches.
    let _ = env.store.set_prefs(&prefs);
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: &[&str] = &["en", "zh-Hans", "zh-Hant", "es", "id", "hi", "ru", "ar"];

    fn n(tags: &[&str]) -> Option<&'static str> {
        let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
        negotiate(&tags, OURS)
    }

    #[test]
    fn chinese_follows_script_then_region() {
        assert_eq!(n(&["zh-CN"]), Some("zh-Hans"));
        assert_eq!(n(&["zh"]), Some("zh-Hans"));
        assert_eq!(n(&["zh-SG"]), Some("zh-Hans"));
        assert_eq!(n(&["zh-TW"]), Some("zh-Hant"));
        assert_eq!(n(&["zh-HK"]), Some("zh-Hant"));
        assert_eq!(n(&["zh_mo"]), Some("zh-Hant"));
        assert_eq!(n(&["zh-Hant"]), Some("zh-Hant"));
        assert_eq!(
            n(&["zh-hans-HK"]),
            Some("zh-Hans"),
            "the script wins over the region"
        );
        assert_eq!(n(&["zh-Hant-CN"]), Some("zh-Hant"));
    }

    #[test]
    fn other_languages_match_on_language_in_preference_order() {
        assert_eq!(n(&["es-MX", "en"]), Some("es"));
        assert_eq!(n(&["es-419"]), Some("es"));
        assert_eq!(n(&["en-GB"]), Some("en"));
        assert_eq!(n(&["ar-EG"]), Some("ar"));
        assert_eq!(n(&["hi-IN"]), Some("hi"));
        assert_eq!(n(&["RU"]), Some("ru"));
        assert_eq!(n(&["in-ID"]), Some("id"), "Indonesian's old code");
        assert_eq!(n(&["fr-FR", "de", "ru-RU", "en"]), Some("ru"));
        assert_eq!(n(&["fr", "de"]), None);
        assert_eq!(n(&[]), None);
        assert_eq!(n(&["", " "]), None);
    }

    #[test]
    fn start_prefers_the_saved_choice_then_the_browser() {
        let es = vec!["es-MX".to_string(), "en".to_string()];
        assert_eq!(initial(Some("ar"), &es, OURS, "en"), "ar");
        assert_eq!(initial(None, &es, OURS, "en"), "es");
        assert_eq!(
            initial(Some("tlh"), &es, OURS, "en"),
            "es",
            "a choice no longer offered is ignored"
        );
        assert_eq!(initial(None, &["fr".to_string()], OURS, "en"), "en");
    }

    #[test]
    fn every_locale_is_negotiable_and_parses() {
        for l in Locale::get_all() {
            let tag = l.as_str();
            assert_eq!(n(&[tag]), Some(tag));
            assert_eq!(Locale::from_str(tag).ok(), Some(*l));
        }
    }
}
