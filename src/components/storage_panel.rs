//! What the app says about its storage, and the tools to look after it:
//!
//! - [`StorageBanner`] (in the shell, on every page): storage blocked (everything lives in this
//!   tab's memory), storage full (the last change was not saved), or data of a newer or unknown
//!   version (read-only). It also keeps the panic panel's words in the current language.
//! - [`StorageProblems`] (in the demo tools): every record that cannot be read, by key, with
//!   Export (a file of it, as stored) and Remove (after a confirmation). Everything else keeps
//!   working: the health check only names records, it never hides or drops the others.
//! - [`Backup`] (in the demo tools): export every account to a JSON file; import one after
//!   seeing what it would change.
//!
//! Every change here runs under the cross-tab store lock (`web::locks`).

use crate::components::dialog::{Dialog, DialogActions};
use crate::core::backup::{self, FileError, Plan, Verdict, MAX_FILE_BYTES};
use crate::core::migrate;
use crate::core::store::{Problem, ProblemKind, SCHEMA_VERSION};
use crate::i18n::*;
use crate::panic_panel::{self, PanicText};
use crate::state::use_app;
use crate::text::{fill, shown_msg, Msg};
use crate::web::{self, locks::with_lock, storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// What the banner says, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Note {
    Blocked,
    Newer,
    UnreadableVersion,
    Full,
}

fn current_note(full: bool) -> Option<Note> {
    let env = web::env();
    if !env.persistent {
        return Some(Note::Blocked);
    }
    if env.store.is_read_only() {
        return Some(match migrate::stored_version(env.store.kv()) {
            Ok(Some(v)) if v > SCHEMA_VERSION => Note::Newer,
            _ => Note::UnreadableVersion,
        });
    }
    full.then_some(Note::Full)
}

#[component]
pub fn StorageBanner() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    // The panic panel cannot reach the i18n context when it is needed: keep its words ready.
    Effect::new(move |_| {
        panic_panel::set_text(PanicText {
            title: t_string!(i18n, panic_title).to_string(),
            body: t_string!(i18n, panic_body).to_string(),
            reload: t_string!(i18n, panic_reload).to_string(),
        });
    });
    let note = move || {
        app.revision.track();
        current_note(storage::last_write_full())
    };
    let text = move || match note() {
        Some(Note::Blocked) => Some(t_string!(i18n, storage_blocked).to_string()),
        Some(Note::Newer) => Some(t_string!(i18n, storage_newer).to_string()),
        Some(Note::UnreadableVersion) => {
            Some(t_string!(i18n, storage_unreadable_version).to_string())
        }
        Some(Note::Full) => Some(t_string!(i18n, storage_full).to_string()),
        None => None,
    };
    view! {
        <p class="storage-banner" role="status" data-note=move || format!("{:?}", note()).to_ascii_lowercase()>
            {text}
        </p>
    }
}

/// Saves `contents` as a file through the browser's download, from memory (a `data:` URL, which
/// the CSP allows for navigation and the page never fetches).
fn download(filename: &str, mime: &str, contents: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = document.create_element("a") else {
        return;
    };
    let href = format!(
        "data:{mime};charset=utf-8,{}",
        js_sys::encode_uri_component(contents)
    );
    let _ = a.set_attribute("href", &href);
    let _ = a.set_attribute("download", filename);
    if let (Some(body), Ok(a)) = (document.body(), a.dyn_into::<web_sys::HtmlElement>()) {
        let _ = body.append_child(&a);
        a.click();
        a.remove();
    }
}

/// A file name made of a stored key: letters, digits, dot, dash and underscore only.
fn file_name_for(key: &str) -> String {
    let safe: String = key
        .chars()
        .take(60)
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.txt")
}

/// A key as shown: long ones are cut (a key can be megabytes long).
fn shown_key(key: &str) -> String {
    const MAX: usize = 80;
    if key.chars().count() > MAX {
        format!("{}…", key.chars().take(MAX).collect::<String>())
    } else {
        key.to_owned()
    }
}

#[component]
pub fn StorageProblems() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let problems = RwSignal::new(Vec::<Problem>::new());
    // Scanned after the page has drawn, and again whenever stored data changes (here or in
    // another tab): a scan reads every record once.
    Effect::new(move |_| {
        app.revision.track();
        set_timeout(
            move || {
                let list = web::env().store.problems().unwrap_or_default();
                let _ = problems.try_set(list);
            },
            std::time::Duration::ZERO,
        );
    });
    let message = RwSignal::new(None::<Msg>);
    let confirm_open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<String>);
    let kind_text = move |k: ProblemKind| match k {
        ProblemKind::NotJson => t_string!(i18n, storage_problem_not_json),
        ProblemKind::WrongShape => t_string!(i18n, storage_problem_wrong_shape),
        ProblemKind::KeyMismatch => t_string!(i18n, storage_problem_key_mismatch),
        ProblemKind::Dangling => t_string!(i18n, storage_problem_dangling),
        ProblemKind::Unknown => t_string!(i18n, storage_problem_unknown),
    };
    let export = move |key: String| match web::env().store.raw(&key) {
        Ok(Some(raw)) => download(&file_name_for(&key), "text/plain", &raw),
        _ => message.set(Some(msg!(error_storage_read))),
    };
    let remove = move |_| {
        let Some(key) = chosen.get_untracked() else {
            return;
        };
        confirm_open.set(false);
        spawn_local(async move {
            let result = with_lock(move || web::env().store.remove_broken(&key)).await;
            message.set(Some(match result {
                Ok(true) => msg!(storage_removed),
                Ok(false) => msg!(storage_remove_kept),
                Err(_) => msg!(error_storage_write),
            }));
            app.touch();
        });
    };
    view! {
        <Show when=move || !problems.with(Vec::is_empty) || message.with(Option::is_some)>
            <section class="storage-problems" aria-labelledby="storage-problems-heading">
                <h3 id="storage-problems-heading">{tr!(i18n, storage_problems_heading)}</h3>
                <Show when=move || !problems.with(Vec::is_empty)>
                    <p class="small">{tr!(i18n, storage_problems_note)}</p>
                </Show>
                <ul class="problem-list">
                    <For
                        each=move || problems.get().into_iter().enumerate()
                        key=|(_, p)| p.key.clone()
                        let((i, p))
                    >
                        {
                            let key_id = format!("problem-key-{i}");
                            let (k1, k2) = (p.key.clone(), p.key.clone());
                            let detail = p.detail.clone();
                            view! {
                                <li class="problem">
                                    <span class="problem-label small muted">{tr!(i18n, storage_record_label)}</span>
                                    <code id=key_id.clone() class="problem-key" dir="ltr">{shown_key(&p.key)}</code>
                                    <span class="problem-kind small" title=detail>{move || kind_text(p.kind)}</span>
                                    <span class="problem-actions">
                                        <button type="button" class="btn-small" aria-describedby=key_id.clone() on:click=move |_| export(k1.clone())>
                                            {tr!(i18n, storage_export_record)}
                                        </button>
                                        <button
                                            type="button"
                                            class="btn-small btn-danger"
                                            aria-describedby=key_id
                                            on:click=move |_| {
                                                chosen.set(Some(k2.clone()));
                                                confirm_open.set(true);
                                            }
                                        >
                                            {tr!(i18n, storage_remove_record)}
                                        </button>
                                    </span>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <p class="small" role="status">{shown_msg(i18n, message)}</p>
            </section>
        </Show>
        <Dialog open=confirm_open labelledby="remove-record-heading">
            <h2 id="remove-record-heading">{tr!(i18n, storage_remove_confirm_title)}</h2>
            <p><code class="problem-key" dir="ltr">{move || chosen.get().map(|k| shown_key(&k))}</code></p>
            <p>{tr!(i18n, storage_remove_confirm_body)}</p>
            <DialogActions open=confirm_open>
                <button type="button" class="btn btn-primary" on:click=remove>
                    {tr!(i18n, storage_remove_confirm)}
                </button>
            </DialogActions>
        </Dialog>
    }
}

/// What importing the chosen file would do, and its text (applied only after the confirm).
#[derive(Clone)]
struct Pending {
    text: String,
    plan: Plan,
}

#[component]
pub fn Backup() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let message = RwSignal::new(None::<Msg>);
    let pending = RwSignal::new(None::<Pending>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let export_all = move |_| {
        let env = web::env();
        match backup::export(&env.store, env.now()) {
            Ok((json, n)) => {
                download(
                    "xiaomi-account-demo-accounts.json",
                    "application/json",
                    &json,
                );
                message.set(Some(Msg::new(move |locale| {
                    fill(td_string!(locale, backup_exported), &[("n", n.to_string())])
                })));
            }
            Err(_) => message.set(Some(msg!(error_storage_read))),
        }
    };

    let file_error = move |e: FileError| match e {
        FileError::TooLarge => msg!(backup_too_large),
        FileError::NotAnExport => msg!(backup_not_export),
        FileError::Newer(_) => msg!(backup_newer_file),
    };

    let on_file = move |_| {
        pending.set(None);
        message.set(None);
        let Some(file) = file_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        // Refused before reading: a huge file would only stall the tab.
        if file.size() > MAX_FILE_BYTES as f64 {
            message.set(Some(file_error(FileError::TooLarge)));
            return;
        }
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            let Some(text) = text else {
                message.set(Some(msg!(backup_read_failed)));
                return;
            };
            match backup::plan(&web::env().store, &text) {
                Ok(plan) => {
                    pending.set(Some(Pending { text, plan }));
                    // The preview opens below, often out of sight: its first action takes the
                    // focus, which brings it into view.
                    crate::components::focus::focus_first_field_in(".import-preview");
                }
                Err(e) => message.set(Some(file_error(e))),
            }
        });
    };

    let clear_file = move || {
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
    };
    let cancel = move |_| {
        pending.set(None);
        clear_file();
    };
    let confirm = move |_| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let result = with_lock(move || backup::apply(&web::env().store, &p.text)).await;
            message.set(Some(match result {
                Ok(n) => Msg::new(move |locale| {
                    fill(td_string!(locale, backup_imported), &[("n", n.to_string())])
                }),
                Err(backup::ApplyError::File(e)) => file_error(e),
                Err(backup::ApplyError::Store(_)) => msg!(error_storage_write),
            }));
            pending.set(None);
            clear_file();
            app.touch();
        });
    };

    let verdict_text = move |v: &Verdict| match v {
        Verdict::New => t_string!(i18n, backup_is_new).to_string(),
        Verdict::Identical => t_string!(i18n, backup_is_identical).to_string(),
        Verdict::Differs => t_string!(i18n, backup_is_differs).to_string(),
        Verdict::Taken(contact) => fill(
            t_string!(i18n, backup_is_taken),
            &[("contact", contact.clone())],
        ),
        Verdict::Invalid(_) => t_string!(i18n, backup_is_invalid).to_string(),
    };
    let count =
        move |f: fn(&Verdict) -> bool| pending.with(|p| p.as_ref().map_or(0, |p| p.plan.count(f)));
    let new_count = move || count(|v| *v == Verdict::New);
    let summary = move || {
        fill(
            t_string!(i18n, backup_summary),
            &[
                ("new", new_count().to_string()),
                ("same", count(|v| *v == Verdict::Identical).to_string()),
                (
                    "conflicting",
                    count(|v| matches!(v, Verdict::Differs | Verdict::Taken(_))).to_string(),
                ),
                (
                    "invalid",
                    count(|v| matches!(v, Verdict::Invalid(_))).to_string(),
                ),
            ],
        )
    };
    // A long file lists its first hundred accounts; the summary counts them all.
    const SHOWN: usize = 100;

    view! {
        <section class="backup" aria-labelledby="backup-heading">
            <h3 id="backup-heading">{tr!(i18n, backup_heading)}</h3>
            <p class="small muted">{tr!(i18n, backup_note)}</p>
            <div class="tool-row">
                <button type="button" class="btn-small" on:click=export_all>
                    {tr!(i18n, backup_export)}
                </button>
            </div>
            <div class="tool-row">
                <p id="backup-file-label" class="tool-label">{tr!(i18n, backup_import_label)}</p>
                // The browser's own file button speaks the browser's language, not the page's:
                // the input is hidden but focusable, named by the line above, and its label is
                // a button in the page's language (a click on it opens the chooser). Its name
                // ends with that button's words, so "click Choose a file" (voice control) finds
                // it too.
                <input
                    id="backup-file"
                    class="backup-file visually-hidden"
                    type="file"
                    accept=".json,application/json"
                    aria-labelledby="backup-file-label backup-choose"
                    node_ref=file_input
                    on:change=on_file
                />
                <label for="backup-file" id="backup-choose" class="btn-small backup-choose" aria-hidden="true">
                    {tr!(i18n, backup_choose_file)}
                </label>
            </div>
            <Show when=move || pending.with(Option::is_some)>
                <div class="import-preview" role="group" aria-labelledby="import-preview-heading">
                    <h4 id="import-preview-heading">{tr!(i18n, backup_preview_heading)}</h4>
                    <p class="small" role="status">{summary}</p>
                    <ul class="import-list small">
                        {move || {
                            pending
                                .with(|p| p.as_ref().map(|p| p.plan.entries.clone()))
                                .unwrap_or_default()
                                .into_iter()
                                .take(SHOWN)
                                .map(|e| {
                                    let text = verdict_text(&e.verdict);
                                    view! {
                                        <li>
                                            <span dir="ltr" class="import-id">{e.id}</span>
                                            " — "
                                            {text}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                    <div class="tool-row">
                        <button type="button" class="btn-small" on:click=cancel>
                            {tr!(i18n, cancel)}
                        </button>
                        <button
                            type="button"
                            class="btn-small btn-confirm"
                            disabled=move || new_count() == 0
                            on:click=confirm
                        >
                            {move || fill(t_string!(i18n, backup_confirm), &[("n", new_count().to_string())])}
                        </button>
                    </div>
                </div>
            </Show>
            <p class="small" role="status">{shown_msg(i18n, message)}</p>
        </section>
    }
}
