//! The account center's components in a real browser (headless Chrome and Firefox): the code
//! sender, the security section (score, risks, the one-recovery-option warning) and the devices
//! list, against the real localStorage; and that a change made through the center lands on the
//! account as stored, not on the copy the center was drawn with (another tab's change is kept).
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use mi_account_demo::components::code_sender::{check_code, CodeSender};
use mi_account_demo::core::account::Account;
use mi_account_demo::core::codes::Purpose;
use mi_account_demo::core::kv::Kv;
use mi_account_demo::core::signin::Session;
use mi_account_demo::pages::account::devices::Devices;
use mi_account_demo::pages::account::security::Security;
use mi_account_demo::pages::account::Account as AccountCenter;
use mi_account_demo::text::Msg;
use mi_account_demo::web;
use mi_account_demo::web::crypto::{hash_password, BrowserRng};
use support::*;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Each test starts from an empty demo store.
fn clean() {
    web::env().store.erase_all().unwrap();
}

/// Waits (up to 3 s) until `done` holds: an action's write waits for the cross-tab store lock,
/// which an earlier test's section may still hold for a moment.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        sleep(10).await;
    }
    panic!("timed out waiting until {what}");
}

fn account(phone: Option<&str>, email: Option<&str>) -> Account {
    Account::new(
        "1234567890".into(),
        "CN".into(),
        phone.map(Into::into),
        email.map(Into::into),
        "$pbkdf2-sha256$i=1,l=3$AAAA$BBBB".into(),
        0,
    )
}

#[wasm_bindgen_test]
async fn the_code_sender_sends_shows_where_and_counts_down() {
    clean();
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let (root, app, _h) = mount_app(move || {
        view! {
            <CodeSender
                id="t-code"
                purpose=Purpose::TwoStep
                to=Signal::stored(Some(("+8613812345678".to_string(), false)))
                value
                error
            />
        }
    });
    settle().await;
    let send: HtmlButtonElement = find(&root, ".code-sender button");
    assert_eq!(send.text_content().unwrap(), "Send code");
    send.click();
    until("the code is sent", || text(&root).contains("Code sent to")).await;
    settle().await;
    assert!(
        text(&root).contains("Code sent to +86\u{a0}138****5678"),
        "{}",
        text(&root)
    );
    assert!(send.disabled(), "the resend countdown runs");
    assert_eq!(send.text_content().unwrap(), "Resend (1:00)");
    // The simulated SMS arrives after its delay, and its code checks out once.
    sleep(1_700).await;
    let code = app
        .inbox
        .with_untracked(|m| m.last().map(|m| m.code.clone()))
        .expect("delivered");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert!(check_code(Purpose::TwoStep, "+8613812345678", wrong)
        .await
        .is_err());
    assert!(
        check_code(Purpose::TwoStep, "+8613812345678", &format!("{code} "))
            .await
            .is_ok()
    );
    assert!(
        check_code(Purpose::TwoStep, "+8613812345678", &code)
            .await
            .is_err(),
        "used once"
    );
}

#[wasm_bindgen_test]
async fn the_code_sender_asks_before_sending() {
    clean();
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let (root, app, _h) = mount_app(move || {
        view! {
            <CodeSender
                id="t-code2"
                purpose=Purpose::BindEmail
                to=Signal::stored(None::<(String, bool)>)
                value
                error
                before_send=Callback::new(move |_: ()| {
                    error.set(Some(Msg::new(|_| "Enter a valid email address".into())));
                    false
                })
            />
        }
    });
    settle().await;
    let send: HtmlButtonElement = find(&root, ".code-sender button");
    assert!(
        !send.disabled(),
        "enabled so the check can say what is wrong"
    );
    send.click();
    settle().await;
    assert!(text(&root).contains("Enter a valid email address"));
    assert!(!text(&root).contains("Code sent"));
    sleep(1_700).await;
    assert!(app.inbox.with_untracked(Vec::is_empty));
    let keys = web::env().store.kv().keys().unwrap();
    assert!(keys.iter().all(|k| !k.starts_with("xa.code.")), "{keys:?}");
}

#[wasm_bindgen_test]
async fn the_security_section_scores_and_warns() {
    clean();
    let a = account(Some("+8613812345678"), None);
    let (root, _app, _h) = mount_app(move || view! { <Security account=a /> });
    settle().await;
    let t = text(&root);
    assert!(t.contains("Security score: 60 points"), "{t}");
    assert!(t.contains("Risks found: 2"));
    assert!(t.contains("No security email"));
    assert!(t.contains("Two-step verification is off."));
    assert!(t.contains("losing both makes account recovery very difficult"));
    assert!(t.contains("+86\u{a0}138****5678"));
    let meter = find::<web_sys::Element>(&root, "meter");
    assert_eq!(meter.get_attribute("value").as_deref(), Some("60"));
    // The only contact cannot be removed.
    assert!(all(&root, ".row-actions button")
        .iter()
        .all(|b| text(b) != "Remove"));

    let mut b = account(Some("+8613812345678"), Some("a@b.com"));
    b.two_step = true;
    let (root, _app, _h2) = mount_app(move || view! { <Security account=b /> });
    settle().await;
    let t = text(&root);
    assert!(t.contains("Security score: 100 points"), "{t}");
    assert!(t.contains("Risks found: 0"));
    assert!(!t.contains("losing both"));
    assert_eq!(
        all(&root, ".row-actions button")
            .iter()
            .filter(|b| text(b) == "Remove")
            .count(),
        2
    );
    assert!(t.contains("Turn off"));
}

#[wasm_bindgen_test]
async fn the_devices_list_marks_this_device_and_signs_out_the_others() {
    clean();
    let mut a = account(Some("+8613812345678"), None);
    a.sign_in_device("web", "Chrome on Linux", "t-web", 1_000);
    a.sign_in_device("phone", "Xiaomi 14 (simulated)", "t-phone", 2_000);
    let env = web::env();
    env.store.create_account(&a).unwrap();
    let session = Session {
        account_id: a.id.clone(),
        token: "t-web".into(),
        created_at: 1_000,
        device: "Chrome on Linux".into(),
        device_id: "web".into(),
    };
    env.store.set_session(&session).unwrap();
    let shown = a.clone();
    let (root, app, _h) = mount_app(move || view! { <Devices account=shown /> });
    settle().await;
    assert_eq!(
        app.account.get_untracked().map(|a| a.id),
        Some(a.id.clone())
    );
    let items = all(&root, ".device");
    assert_eq!(items.len(), 2);
    // Newest first; only this browser carries the badge.
    assert!(text(&items[0]).starts_with("Xiaomi 14 (simulated)"));
    assert!(text(&items[1]).contains("This device"));
    assert!(!text(&items[0]).contains("This device"));
    let button: HtmlButtonElement = find(&root, "#sign-out-others");
    assert!(!button.disabled());
    button.click();
    until("the phone is signed out", || {
        env.store
            .account(&a.id)
            .unwrap()
            .unwrap()
            .signed_in_devices()
            .count()
            == 1
    })
    .await;
    let stored = env.store.account(&a.id).unwrap().unwrap();
    assert!(
        stored.session_valid(&session),
        "this browser stays signed in"
    );
    let phone = Session {
        token: "t-phone".into(),
        device_id: "phone".into(),
        ..session.clone()
    };
    assert!(!stored.session_valid(&phone), "the phone is signed out");
    assert_eq!(stored.devices.len(), 2, "still listed");
    clean();
}

#[wasm_bindgen_test]
async fn remove_takes_one_other_device_off_the_list_and_signs_it_out() {
    let (a, session, root, _h) = devices_of_a_phone_and_here().await;
    // Only the other device has a Remove, and its name says which.
    assert_eq!(all(&root, ".device button").len(), 1);
    let remove: HtmlButtonElement = find(&root, ".device button");
    assert_eq!(
        remove.get_attribute("aria-label").as_deref(),
        Some("Remove — Xiaomi 14 (simulated)")
    );
    remove.click();
    let store = &web::env().store;
    until("the phone is off the list", || {
        store.account(&a.id).unwrap().unwrap().devices.len() == 1
    })
    .await;
    let stored = store.account(&a.id).unwrap().unwrap();
    assert_eq!(stored.devices[0].id, "web");
    assert!(
        stored.session_valid(&session),
        "this browser stays signed in"
    );
    clean();
}

/// A stored account with a phone, then this browser, signed in to it, and its Devices list
/// mounted. Keep the handle alive for the whole test.
async fn devices_of_a_phone_and_here() -> (Account, Session, HtmlElement, Box<dyn std::any::Any>) {
    clean();
    let mut a = account(Some("+8613812345678"), None);
    a.sign_in_device("phone", "Xiaomi 14 (simulated)", "t-phone", 2_000);
    let session = sign_in_here(&mut a);
    let shown = a.clone();
    let (root, _app, handle) = mount_app(move || view! { <Devices account=shown /> });
    settle().await;
    (a, session, root, handle)
}

/// Stores `a` with this browser ("web") signed in to it, as a sign-in would.
fn sign_in_here(a: &mut Account) -> Session {
    a.sign_in_device("web", "Chrome on Linux", "t-web", 1_000);
    let env = web::env();
    env.store.create_account(a).unwrap();
    let session = Session {
        account_id: a.id.clone(),
        token: "t-web".into(),
        created_at: 1_000,
        device: "Chrome on Linux".into(),
        device_id: "web".into(),
    };
    env.store.set_session(&session).unwrap();
    session
}

/// What another tab does: change the stored account directly. This tab hears of it only by a
/// `storage` event, which may come late; until then its pages hold the copy they read.
fn elsewhere(id: &str, f: impl FnOnce(&mut Account)) {
    let store = &web::env().store;
    let mut a = store.account(id).unwrap().unwrap();
    f(&mut a);
    store.put_account(&a).unwrap();
}

#[wasm_bindgen_test]
async fn a_nickname_saved_in_the_center_keeps_what_another_tab_changed_meanwhile() {
    clean();
    let mut a = account(Some("+8613812345678"), None);
    sign_in_here(&mut a);
    let (root, _app, _h) = mount_app(|| view! { <AccountCenter /> });
    settle().await;
    assert!(
        text(&root).contains("Two-step verification is off."),
        "{}",
        text(&root)
    );
    // Meanwhile, in another tab: two-step verification on, and a phone signed in.
    elsewhere(&a.id, |b| {
        b.two_step = true;
        b.sign_in_device("phone", "Xiaomi 14 (simulated)", "t-phone", 2_000);
    });
    find::<HtmlElement>(&root, "#edit-nickname").click();
    settle().await;
    type_into(&find::<HtmlInputElement>(&root, "#nickname"), "Mei");
    find::<HtmlElement>(&root, ".nickname-form button[type=submit]").click();
    let store = &web::env().store;
    until("the nickname is saved", || {
        store.account(&a.id).unwrap().unwrap().nickname == "Mei"
    })
    .await;
    let stored = store.account(&a.id).unwrap().unwrap();
    assert!(
        stored.two_step,
        "the other tab's two-step verification stays on"
    );
    assert_eq!(
        stored.signed_in_devices().count(),
        2,
        "and its phone signed in"
    );
    // The center shows the account as stored now.
    until("the center is drawn again", || {
        text(&root).contains("On: sign-in asks for a code")
    })
    .await;
    assert_eq!(
        find::<HtmlElement>(&root, "#page-heading")
            .text_content()
            .unwrap(),
        "Mei"
    );
    clean();
}

#[wasm_bindgen_test]
async fn signing_out_other_devices_signs_out_one_that_signed_in_after_the_list_was_drawn() {
    let (a, session, root, _h) = devices_of_a_phone_and_here().await;
    // Meanwhile, in another tab: a tablet signs in and the email is added.
    elsewhere(&a.id, |b| {
        b.sign_in_device("tablet", "Firefox on Android", "t-tablet", 3_000);
        b.email = Some("a@b.com".into());
    });
    find::<HtmlButtonElement>(&root, "#sign-out-others").click();
    let store = &web::env().store;
    until("the others are signed out", || {
        store
            .account(&a.id)
            .unwrap()
            .unwrap()
            .signed_in_devices()
            .count()
            == 1
    })
    .await;
    let stored = store.account(&a.id).unwrap().unwrap();
    assert!(
        stored.session_valid(&session),
        "this browser stays signed in"
    );
    assert_eq!(stored.devices.len(), 3, "the tablet is listed, signed out");
    assert_eq!(
        stored.email.as_deref(),
        Some("a@b.com"),
        "the new email is kept"
    );
    clean();
}

#[wasm_bindgen_test]
async fn an_action_on_an_account_deleted_meanwhile_does_not_bring_it_back() {
    clean();
    let mut a = account(Some("+8613812345678"), None);
    sign_in_here(&mut a);
    let (root, _app, _h) = mount_app(|| view! { <AccountCenter /> });
    settle().await;
    // Meanwhile, another tab deletes the account.
    let store = &web::env().store;
    store.delete_account(&a).unwrap();
    find::<HtmlElement>(&root, "#edit-nickname").click();
    settle().await;
    type_into(&find::<HtmlInputElement>(&root, "#nickname"), "Ghost");
    find::<HtmlElement>(&root, ".nickname-form button[type=submit]").click();
    sleep(300).await;
    assert!(store.account(&a.id).unwrap().is_none(), "not written back");
    let keys = store.kv().keys().unwrap();
    assert!(keys.iter().all(|k| !k.starts_with("xa.acct.")), "{keys:?}");
    clean();
}

/// With two-step on, deleting needs a code after the password; a code that went to a phone the
/// account no longer has (changed in another tab meanwhile) deletes nothing and starts over at
/// the password, saying why.
#[wasm_bindgen_test]
async fn deleting_with_two_step_needs_a_code_to_the_phone_the_account_has_now() {
    clean();
    let mut a = account(Some("+8613812345678"), None);
    a.two_step = true;
    a.phc = hash_password("Delete-me-77", &BrowserRng, |_| {})
        .await
        .unwrap()
        .to_string();
    sign_in_here(&mut a);
    let (root, app, _h) = mount_app(|| view! { <AccountCenter /> });
    settle().await;
    button(&root, "Delete account").click();
    settle().await;
    type_into(&find(&root, "#delete-password"), "Delete-me-77");
    find::<HtmlElement>(&root, "#delete-understood").click();
    let submit = || {
        find::<HtmlElement>(
            &root,
            "dialog[aria-labelledby=delete-heading] button[type=submit]",
        )
    };
    submit().click();
    let stage = find::<HtmlElement>(&root, "#delete-code-stage");
    until("the code stage", || !stage.hidden()).await;
    assert!(text(&stage).contains("Two-step verification is on"));
    find::<HtmlElement>(&stage, ".code-sender button").click();
    until("the code is sent", || text(&stage).contains("Code sent to")).await;
    sleep(1_700).await;
    let code = app
        .inbox
        .with_untracked(|m| m.last().map(|m| m.code.clone()))
        .expect("delivered");
    // A deletion code is for deleting: it does not pass as a two-step sign-in code.
    assert!(check_code(Purpose::TwoStep, "+8613812345678", &code)
        .await
        .is_err());
    // Another tab puts a new phone on the account.
    elsewhere(&a.id, |a| a.phone = Some("+8613900001111".into()));
    type_into(&find(&stage, "#delete-code-0"), &code);
    submit().click();
    until("back at the password", || stage.hidden()).await;
    settle().await;
    let store = &web::env().store;
    assert!(store.account(&a.id).unwrap().is_some(), "not deleted");
    assert!(text(&root).contains("changed meanwhile"), "{}", text(&root));
    clean();
}

/// The avatar's letters are upper-cased by the browser (not by Rust's tables): the same result
/// in any script, and a nickname without letters gives none.
#[wasm_bindgen_test]
fn avatar_letters_are_upper_case_in_any_script() {
    use mi_account_demo::pages::account::initials;
    assert_eq!(initials("ann lee"), "AL");
    assert_eq!(initials("User1042"), "U");
    assert_eq!(initials("  émile   zola  "), "ÉZ");
    assert_eq!(initials("straße"), "S");
    assert_eq!(initials("ß"), "SS");
    assert_eq!(initials("иван петров"), "ИП");
    assert_eq!(initials("-- !!"), "");
    // No letter or digit: the first character that draws, such as an emoji.
    assert_eq!(initials("😀😀"), "😀");
    assert_eq!(initials("\u{200B}★ -"), "★");
}
