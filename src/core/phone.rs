//! The simulated phone of `/phone`, where the guide's Methods 1 and 2 are rehearsed:
//!
//! - [`PhoneRecord`]: what the phone keeps (the store's `xa.phone`): its own device ID, drawn
//!   once and kept across resets, its session, whether first-boot setup is done, and the region
//!   chosen in setup. The phone is one of the account's devices (see `Account::devices`), so
//!   the web account center lists it and "Sign out of other devices" reaches it: its session is
//!   valid only while `Account::session_valid` says so ([`PhoneRecord::status`]).
//! - [`Phone`]: which screen is on and what Back and Home do, as a state machine. Sign-up on the
//!   phone runs the site's own [`SignupFlow`], so the rules are exactly the web's.
//! - [`guide_step`]: which step of the guide's Method 1 or 2 the learner is at.

use super::account::Account;
use super::clock::Millis;
use super::regions::Region;
use super::rng::Rng;
use super::signin::{self, Session};
use super::signup::{SignupFlow, Step};
use serde::{Deserialize, Serialize};

/// The simulated phone as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneRecord {
    /// This phone's entry in an account's devices list; never the browser's own device ID.
    pub device_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// First-boot setup finished: the phone starts on its home screen (Method 2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub set_up: bool,
    /// The region chosen in setup (ISO code): the default for a new account and for phone
    /// numbers typed into sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Whether the phone is signed in, as far as the account it signed in to is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    SignedOut,
    SignedIn(Account),
    /// The phone still holds a session that its account no longer honours: signed out from
    /// another device ("Sign out of other devices"), by a password change, or the account is
    /// gone. The phone says so until it signs in again or the learner acknowledges it.
    SignedOutElsewhere,
}

impl PhoneRecord {
    /// A phone fresh from the box, with a new random device ID.
    pub fn new(rng: &dyn Rng) -> Self {
        let mut bytes = [0u8; 8];
        rng.fill(&mut bytes);
        Self {
            device_id: bytes.iter().map(|b| format!("{b:02x}")).collect(),
            session: None,
            set_up: false,
            region: None,
        }
    }

    /// The phone's state, reading the account its session names through `account`.
    pub fn status(&self, account: impl Fn(&str) -> Option<Account>) -> Status {
        let Some(s) = &self.session else {
            return Status::SignedOut;
        };
        match account(&s.account_id) {
            Some(a) if a.session_valid(s) => Status::SignedIn(a),
            _ => Status::SignedOutElsewhere,
        }
    }

    /// Signs the phone in to `account` at `now`: a new session for this phone, and the account
    /// with the phone's device entry (labelled `label`) holding its token. Store both together.
    pub fn sign_in(
        &mut self,
        account: &Account,
        label: &str,
        now: Millis,
        rng: &dyn Rng,
    ) -> Account {
        let session = signin::new_session(&account.id, now, rng, &self.device_id, label);
        let mut a = account.clone();
        a.sign_in_device(&self.device_id, label, &session.token, now);
        self.session = Some(session);
        a
    }

    /// Signs the phone out: drops its session and returns `account` with this phone's device
    /// entry signed out (store both together).
    pub fn sign_out(&mut self, account: &Account) -> Account {
        self.session = None;
        let mut a = account.clone();
        a.sign_out_device(&self.device_id);
        a
    }

    /// A factory reset: signed out (the caller signs the device out of the account too) and
    /// back to first-boot setup, or straight to a set-up phone. The device ID stays: it is the
    /// same hardware.
    pub fn reset(&mut self, set_up: bool) {
        self.session = None;
        self.set_up = set_up;
    }
}

/// The screens of the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    // First-boot setup (Method 1), in order.
    Language,
    Region,
    Wifi,
    Google,
    /// "Sign in with Xiaomi Account": Sign in, Create account or Skip.
    AccountSetup,
    /// "Complete profile" after an account was created during setup.
    Profile,
    SetupDone,
    // A phone that is set up (Method 2).
    Home,
    Settings,
    /// Settings → Xiaomi Account ("[Your name]" once signed in).
    Account,
    // Shared by both methods.
    SignIn,
    TwoStep,
    /// Sign-up; which step is in [`Phone::signup`].
    Create,
}

impl Screen {
    const SETUP: [Screen; 5] = [
        Screen::Language,
        Screen::Region,
        Screen::Wifi,
        Screen::Google,
        Screen::AccountSetup,
    ];

    /// A stable name, for the page's markup and styles.
    pub fn slug(self) -> &'static str {
        match self {
            Screen::Language => "language",
            Screen::Region => "region",
            Screen::Wifi => "wifi",
            Screen::Google => "google",
            Screen::AccountSetup => "account-setup",
            Screen::Profile => "profile",
            Screen::SetupDone => "setup-done",
            Screen::Home => "home",
            Screen::Settings => "settings",
            Screen::Account => "account",
            Screen::SignIn => "sign-in",
            Screen::TwoStep => "two-step",
            Screen::Create => "create",
        }
    }
}

/// The phone's screen and what its Back and Home buttons do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub screen: Screen,
    /// Where Back goes, most recent last.
    history: Vec<Screen>,
    /// First-boot setup is done. Until then the account screens lead back into setup, and
    /// there is no home screen.
    pub set_up: bool,
    /// The sign-up in progress on [`Screen::Create`]: the site's own flow and rules.
    pub signup: Option<SignupFlow>,
    /// The account whose password was right, waiting for its two-step code.
    pub pending: Option<String>,
}

impl Phone {
    /// The phone as it powers on: first-boot setup, or the home screen if it was set up.
    pub fn boot(set_up: bool) -> Self {
        Self {
            screen: if set_up {
                Screen::Home
            } else {
                Screen::Language
            },
            history: Vec::new(),
            set_up,
            signup: None,
            pending: None,
        }
    }

    fn go(&mut self, to: Screen) {
        self.history.push(self.screen);
        self.screen = to;
    }

    /// Goes to `to` with nothing behind it (a finished flow cannot be backed into).
    fn land(&mut self, to: Screen, history: &[Screen]) {
        self.screen = to;
        self.history = history.to_vec();
        self.signup = None;
        self.pending = None;
    }

    /// "Next" or "Skip" on the setup screens up to "Sign in with Xiaomi Account", and on the
    /// screens after it (profile, all set).
    pub fn next(&mut self) {
        if let Some(i) = Screen::SETUP.iter().position(|s| *s == self.screen) {
            if let Some(to) = Screen::SETUP.get(i + 1) {
                self.go(*to);
            }
            return;
        }
        match self.screen {
            Screen::Profile => self.land(Screen::SetupDone, &[]),
            Screen::SetupDone => {
                self.set_up = true;
                self.land(Screen::Home, &[]);
            }
            _ => {}
        }
    }

    /// "Skip" on "Sign in with Xiaomi Account": setup ends without an account.
    pub fn skip_account(&mut self) {
        if self.screen == Screen::AccountSetup {
            self.land(Screen::SetupDone, &[]);
        }
    }

    /// "Sign in": from "Sign in with Xiaomi Account" (setup) or the account screen (Settings).
    pub fn start_sign_in(&mut self) {
        if matches!(self.screen, Screen::AccountSetup | Screen::Account) {
            self.go(Screen::SignIn);
        }
    }

    /// "Create account" (setup) or "Create new account" (on the sign-in screen): sign-up
    /// starts in `region`.
    pub fn start_create(&mut self, region: &Region) {
        if matches!(self.screen, Screen::AccountSetup | Screen::SignIn) {
            self.signup = Some(SignupFlow::new(region));
            self.go(Screen::Create);
        }
    }

    /// Home → Settings.
    pub fn open_settings(&mut self) {
        if self.screen == Screen::Home {
            self.go(Screen::Settings);
        }
    }

    /// Settings → Xiaomi Account.
    pub fn open_account(&mut self) {
        if self.screen == Screen::Settings {
            self.go(Screen::Account);
        }
    }

    /// Where a finished sign-in or sign-up lands: setup goes on, Settings shows the account.
    fn after_account(&mut self, in_setup: Screen) {
        if self.set_up {
            self.land(Screen::Account, &[Screen::Home, Screen::Settings]);
        } else {
            self.land(in_setup, &[]);
        }
    }

    /// The password was right: the two-step code comes next if the account has it on.
    pub fn password_ok(&mut self, account_id: &str, two_step: bool) {
        if self.screen != Screen::SignIn {
            return;
        }
        if two_step {
            self.pending = Some(account_id.to_owned());
            self.go(Screen::TwoStep);
        } else {
            self.signed_in();
        }
    }

    /// The phone is signed in (after the password, or the two-step code).
    pub fn signed_in(&mut self) {
        if matches!(self.screen, Screen::SignIn | Screen::TwoStep) {
            self.after_account(Screen::SetupDone);
        }
    }

    /// "Continue" after "Account created": setup asks for a profile; Settings shows the account.
    pub fn continue_after_create(&mut self) {
        let done = self.signup.as_ref().is_some_and(|f| f.step == Step::Done);
        if self.screen == Screen::Create && done {
            self.after_account(Screen::Profile);
        }
    }

    /// Whether Back does anything here.
    pub fn can_go_back(&self) -> bool {
        match self.screen {
            Screen::Create => self.signup.as_ref().is_none_or(|f| f.step != Step::Done),
            Screen::TwoStep => true,
            _ => !self.history.is_empty(),
        }
    }

    /// The Back button. Within sign-up, the later steps go back to the details (which keep what
    /// was typed, as on the site); a created account cannot be backed out of.
    pub fn back(&mut self) -> bool {
        if !self.can_go_back() {
            return false;
        }
        if self.screen == Screen::Create {
            if let Some(f) = self.signup.as_mut().filter(|f| f.step != Step::Details) {
                f.edit_details();
                return true;
            }
            self.signup = None;
        }
        if self.screen == Screen::TwoStep {
            self.pending = None;
        }
        match self.history.pop() {
            Some(to) => {
                self.screen = to;
                true
            }
            None => false,
        }
    }

    /// Whether the Home button does anything: not during first-boot setup.
    pub fn can_go_home(&self) -> bool {
        self.set_up && self.screen != Screen::Home
    }

    /// The Home button: leaves whatever was open (a sign-up in progress is dropped).
    pub fn home(&mut self) -> bool {
        if !self.can_go_home() {
            return false;
        }
        self.land(Screen::Home, &[]);
        true
    }
}

/// The guide's two phone methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideMethod {
    /// Method 1 – Create during first boot setup (6 steps).
    FirstBoot,
    /// Method 2 – Create after setup, on an existing phone (4 steps).
    Settings,
}

impl GuideMethod {
    pub fn steps(self) -> usize {
        match self {
            GuideMethod::FirstBoot => 6,
            GuideMethod::Settings => 4,
        }
    }
}

/// Which method the phone is rehearsing and which of its steps (1-based) the learner is at.
/// `signed_in`: the phone is signed in, so its account screen is the method's end.
pub fn guide_step(phone: &Phone, signed_in: bool) -> (GuideMethod, usize) {
    let signup = phone.signup.as_ref().map(|f| f.step);
    if !phone.set_up {
        let n = match phone.screen {
            Screen::Language => 1,
            Screen::Region | Screen::Wifi | Screen::Google => 2,
            Screen::AccountSetup | Screen::SignIn | Screen::TwoStep => 3,
            Screen::Create => match signup {
                Some(Step::Details | Step::Check) | None => 4,
                Some(Step::Code | Step::Password) => 5,
                Some(Step::Done) => 6,
            },
            _ => 6,
        };
        return (GuideMethod::FirstBoot, n);
    }
    let n = match phone.screen {
        Screen::Account if signed_in => 4,
        Screen::Account | Screen::SignIn | Screen::TwoStep => 2,
        Screen::Create => match signup {
            Some(Step::Details | Step::Check) | None => 3,
            Some(_) => 4,
        },
        _ => 1,
    };
    (GuideMethod::Settings, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::regions;
    use crate::core::rng::TestRng;
    use crate::core::signup::Method;

    fn cn() -> &'static Region {
        regions::by_code("CN").unwrap()
    }

    fn account() -> Account {
        Account::new(
            "1234567890".into(),
            "CN".into(),
            Some("+8613812345678".into()),
            None,
            "$pbkdf2-sha256$i=1,l=3$AAAA$BBBB".into(),
            0,
        )
    }

    /// Walks first-boot setup to "Sign in with Xiaomi Account".
    fn at_account_setup() -> Phone {
        let mut p = Phone::boot(false);
        for _ in 0..4 {
            p.next();
        }
        assert_eq!(p.screen, Screen::AccountSetup);
        p
    }

    #[test]
    fn setup_walks_language_region_wifi_google_then_the_account_and_back_retraces() {
        let mut p = Phone::boot(false);
        assert_eq!(p.screen, Screen::Language);
        assert!(!p.can_go_back() && !p.can_go_home());
        let mut seen = vec![p.screen];
        for _ in 0..4 {
            p.next();
            seen.push(p.screen);
        }
        assert_eq!(
            seen,
            [
                Screen::Language,
                Screen::Region,
                Screen::Wifi,
                Screen::Google,
                Screen::AccountSetup
            ]
        );
        // Next does nothing more here: the account screen has its own choices.
        p.next();
        assert_eq!(p.screen, Screen::AccountSetup);
        assert!(!p.home(), "no home screen during setup");
        assert!(p.back());
        assert_eq!(p.screen, Screen::Google);
        assert!(p.back() && p.back() && p.back());
        assert_eq!(p.screen, Screen::Language);
        assert!(!p.back());
    }

    #[test]
    fn method_1_create_account_then_profile_then_home() {
        let mut p = at_account_setup();
        p.start_create(cn());
        assert_eq!(p.screen, Screen::Create);
        assert_eq!(guide_step(&p, false), (GuideMethod::FirstBoot, 4));
        let f = p.signup.as_mut().unwrap();
        f.submit_details(cn(), Method::Email, "ann@example.com", true, |_| false)
            .unwrap();
        assert_eq!(f.step, Step::Check);
        // Back from a later step returns to the details, keeping what was typed.
        assert!(p.back());
        assert_eq!(p.screen, Screen::Create);
        let f = p.signup.as_mut().unwrap();
        assert_eq!(
            (f.step, f.input.as_str()),
            (Step::Details, "ann@example.com")
        );
        f.submit_details(cn(), Method::Email, "ann@example.com", true, |_| false)
            .unwrap();
        f.step = Step::Code;
        assert_eq!(guide_step(&p, false), (GuideMethod::FirstBoot, 5));
        // Continue does nothing until the account exists.
        p.continue_after_create();
        assert_eq!(p.screen, Screen::Create);
        let f = p.signup.as_mut().unwrap();
        f.code_verified();
        f.finish("1234567890".into());
        assert_eq!(guide_step(&p, false), (GuideMethod::FirstBoot, 6));
        assert!(!p.can_go_back(), "a created account is not backed out of");
        assert!(!p.back());
        p.continue_after_create();
        assert_eq!(p.screen, Screen::Profile);
        assert!(p.signup.is_none() && !p.can_go_back());
        p.next();
        assert_eq!(p.screen, Screen::SetupDone);
        p.next();
        assert_eq!(p.screen, Screen::Home);
        assert!(p.set_up);
        assert_eq!(guide_step(&p, false), (GuideMethod::Settings, 1));
    }

    #[test]
    fn back_from_the_first_sign_up_step_leaves_sign_up() {
        let mut p = at_account_setup();
        p.start_create(cn());
        assert!(p.back());
        assert_eq!(p.screen, Screen::AccountSetup);
        assert!(p.signup.is_none());
    }

    #[test]
    fn method_1_sign_in_or_skip_end_setup() {
        let mut p = at_account_setup();
        p.start_sign_in();
        assert_eq!(p.screen, Screen::SignIn);
        assert_eq!(guide_step(&p, false), (GuideMethod::FirstBoot, 3));
        p.password_ok("1234567890", false);
        assert_eq!(p.screen, Screen::SetupDone);
        assert!(!p.can_go_back());

        let mut q = at_account_setup();
        q.skip_account();
        assert_eq!(q.screen, Screen::SetupDone);
        q.next();
        assert_eq!((q.screen, q.set_up), (Screen::Home, true));
    }

    #[test]
    fn method_2_settings_account_sign_in_lands_on_the_account_and_back_goes_to_settings() {
        let mut p = Phone::boot(true);
        assert_eq!(p.screen, Screen::Home);
        assert!(!p.can_go_back() && !p.can_go_home());
        // Only the screen that offers an action takes it.
        p.open_account();
        p.start_sign_in();
        assert_eq!(p.screen, Screen::Home);
        p.open_settings();
        p.open_account();
        assert_eq!(p.screen, Screen::Account);
        assert_eq!(guide_step(&p, false), (GuideMethod::Settings, 2));
        p.start_sign_in();
        p.password_ok("1234567890", false);
        assert_eq!(p.screen, Screen::Account);
        // Signed in, the account screen is where the method ends.
        assert_eq!(guide_step(&p, true), (GuideMethod::Settings, 4));
        assert!(p.back());
        assert_eq!(p.screen, Screen::Settings);
        assert!(p.back());
        assert_eq!(p.screen, Screen::Home);
        assert!(!p.back());
    }

    #[test]
    fn method_2_create_new_account_from_the_sign_in_screen() {
        let mut p = Phone::boot(true);
        p.open_settings();
        p.open_account();
        p.start_sign_in();
        p.start_create(cn());
        assert_eq!(p.screen, Screen::Create);
        assert_eq!(guide_step(&p, false), (GuideMethod::Settings, 3));
        let f = p.signup.as_mut().unwrap();
        f.submit_details(cn(), Method::Phone, "13812345678", true, |_| false)
            .unwrap();
        f.step = Step::Password;
        assert_eq!(guide_step(&p, false), (GuideMethod::Settings, 4));
        p.signup.as_mut().unwrap().finish("1234567890".into());
        p.continue_after_create();
        assert_eq!(p.screen, Screen::Account);
        assert!(p.back());
        assert_eq!(p.screen, Screen::Settings);
    }

    #[test]
    fn two_step_comes_between_the_password_and_the_sign_in() {
        let mut p = Phone::boot(true);
        p.open_settings();
        p.open_account();
        p.start_sign_in();
        p.password_ok("1234567890", true);
        assert_eq!(p.screen, Screen::TwoStep);
        assert_eq!(p.pending.as_deref(), Some("1234567890"));
        assert!(p.back());
        assert_eq!((p.screen, p.pending.as_deref()), (Screen::SignIn, None));
        p.password_ok("1234567890", true);
        p.signed_in();
        assert_eq!((p.screen, p.pending.as_deref()), (Screen::Account, None));
    }

    #[test]
    fn home_leaves_anything_open_once_set_up() {
        let mut p = Phone::boot(true);
        p.open_settings();
        p.open_account();
        p.start_sign_in();
        p.start_create(cn());
        assert!(p.home());
        assert_eq!(p.screen, Screen::Home);
        assert!(p.signup.is_none() && !p.can_go_back());
        assert!(!p.home());
    }

    #[test]
    fn the_phone_is_its_own_device_and_a_sign_out_elsewhere_reaches_it() {
        let rng = TestRng::new(7);
        let mut rec = PhoneRecord::new(&rng);
        assert_eq!(rec.device_id.len(), 16);
        assert_eq!(rec.status(|_| None), Status::SignedOut);
        // The web browser signs in too, as its own device.
        let mut a = account();
        a.sign_in_device("browser", "Chrome on Linux", "web-token", 5);
        let a = rec.sign_in(&a, "Xiaomi phone (simulated)", 10, &rng);
        let s = rec.session.clone().unwrap();
        assert_eq!(
            (s.device_id.as_str(), s.created_at),
            (rec.device_id.as_str(), 10)
        );
        assert_eq!(a.devices.len(), 2);
        assert_eq!(rec.status(|_| Some(a.clone())), Status::SignedIn(a.clone()));
        // "Sign out of other devices" on the web keeps the browser and signs the phone out.
        let mut web = a.clone();
        assert_eq!(web.sign_out_other_devices("browser"), 1);
        assert_eq!(
            rec.status(|_| Some(web.clone())),
            Status::SignedOutElsewhere
        );
        // So does a deleted account, or a session for another account.
        assert_eq!(rec.status(|_| None), Status::SignedOutElsewhere);
        // Signing in again brings it back with a new token; its first sign-in is kept.
        let again = rec.sign_in(&web, "Xiaomi phone (simulated)", 20, &rng);
        assert_ne!(rec.session.as_ref().unwrap().token, s.token);
        let d = again
            .devices
            .iter()
            .find(|d| d.id == rec.device_id)
            .unwrap();
        assert_eq!((d.first_sign_in, d.last_sign_in), (10, 20));
        assert!(matches!(
            rec.status(|_| Some(again.clone())),
            Status::SignedIn(_)
        ));
        // Signing out on the phone marks its device signed out and leaves the browser alone.
        let out = rec.sign_out(&again);
        assert_eq!(rec.status(|_| Some(out.clone())), Status::SignedOut);
        assert_eq!(
            out.signed_in_devices()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>(),
            ["browser"]
        );
    }

    #[test]
    fn a_reset_keeps_the_device_and_drops_the_session() {
        let rng = TestRng::new(3);
        let mut rec = PhoneRecord::new(&rng);
        rec.region = Some("ES".into());
        rec.sign_in(&account(), "Xiaomi phone (simulated)", 1, &rng);
        let id = rec.device_id.clone();
        rec.reset(true);
        assert_eq!(
            (rec.device_id.as_str(), rec.session.as_ref(), rec.set_up),
            (id.as_str(), None, true)
        );
        assert_eq!(rec.region.as_deref(), Some("ES"));
        rec.reset(false);
        assert!(!rec.set_up);
        assert_ne!(PhoneRecord::new(&TestRng::new(4)).device_id, id);
    }

    #[test]
    fn the_record_round_trips_and_an_old_or_fresh_one_is_small() {
        let rng = TestRng::new(9);
        let mut rec = PhoneRecord::new(&rng);
        let json = serde_json::to_string(&rec).unwrap();
        assert_eq!(json, format!(r#"{{"device_id":"{}"}}"#, rec.device_id));
        rec.set_up = true;
        rec.region = Some("CN".into());
        rec.sign_in(&account(), "Xiaomi phone (simulated)", 1, &rng);
        let back: PhoneRecord =
            serde_json::from_str(&serde_json::to_string(&rec).unwrap()).unwrap();
        assert_eq!(back, rec);
    }

    #[test]
    fn the_store_keeps_one_phone_with_its_own_device_id() {
        use crate::core::kv::{Kv, MemoryKv};
        use crate::core::store::Store;
        let s = Store::new(MemoryKv::new());
        let first = s.phone(&TestRng::new(1)).unwrap();
        // Drawn once: another generator later reads the same phone.
        assert_eq!(s.phone(&TestRng::new(2)).unwrap(), first);
        assert!(s.kv().get("xa.phone").unwrap().is_some());
        // The browser's own device ID is another one, under another key.
        let browser = s.device_id(&TestRng::new(1)).unwrap();
        assert!(s.kv().get("xa.device").unwrap().is_some());
        let mut rec = first.clone();
        rec.set_up = true;
        s.put_phone(&rec).unwrap();
        assert_eq!(s.phone(&TestRng::new(3)).unwrap(), rec);
        assert!(rec.device_id.len() == browser.len());
        s.erase_all().unwrap();
        assert_eq!(s.kv().get("xa.phone").unwrap(), None);
    }

    #[test]
    fn a_phone_sign_in_is_stored_with_the_account_and_the_web_sign_out_of_others_reaches_it() {
        use crate::core::kv::MemoryKv;
        use crate::core::signin::new_session;
        use crate::core::store::Store;
        let rng = TestRng::new(5);
        let s = Store::new(MemoryKv::new());
        let a = account();
        s.create_account(&a).unwrap();
        let status = |s: &Store<MemoryKv>| {
            s.phone(&rng)
                .unwrap()
                .status(|id| s.account(id).ok().flatten())
        };
        // The phone signs in.
        let mut phone = s.phone(&rng).unwrap();
        let signed = phone.sign_in(&a, "Xiaomi phone (simulated)", 10, &rng);
        s.put_phone_and_account(&phone, &signed).unwrap();
        assert!(matches!(status(&s), Status::SignedIn(_)));
        // The same account signs in on the web, as this browser's device.
        let web_device = s.device_id(&rng).unwrap();
        let session = new_session(&a.id, 20, &rng, &web_device, "Chrome on Linux");
        let mut web = s.account(&a.id).unwrap().unwrap();
        web.sign_in_device(&web_device, "Chrome on Linux", &session.token, 20);
        s.sign_in(&web, &session).unwrap();
        assert!(matches!(status(&s), Status::SignedIn(_)));
        let listed: Vec<_> = web.devices.iter().map(|d| d.label.as_str()).collect();
        assert_eq!(listed, ["Xiaomi phone (simulated)", "Chrome on Linux"]);
        // "Sign out of other devices" on the web, as the account center does it.
        let mut center = s.account(&a.id).unwrap().unwrap();
        assert_eq!(center.sign_out_other_devices(&web_device), 1);
        s.put_account(&center).unwrap();
        assert_eq!(status(&s), Status::SignedOutElsewhere);
        // The web session is untouched.
        let stored = s.account(&a.id).unwrap().unwrap();
        assert!(stored.session_valid(&s.session().unwrap().unwrap()));
        // Signing the phone in again, then out on the phone.
        let mut phone = s.phone(&rng).unwrap();
        let again = phone.sign_in(&stored, "Xiaomi phone (simulated)", 30, &rng);
        s.put_phone_and_account(&phone, &again).unwrap();
        assert!(matches!(status(&s), Status::SignedIn(_)));
        let out = phone.sign_out(&again);
        s.put_phone_and_account(&phone, &out).unwrap();
        assert_eq!(status(&s), Status::SignedOut);
        assert_eq!(
            s.account(&a.id)
                .unwrap()
                .unwrap()
                .signed_in_devices()
                .count(),
            1
        );
    }

    #[test]
    fn a_phone_sign_in_that_does_not_fit_writes_neither_record() {
        use crate::core::kv::{Kv, MemoryKv};
        use crate::core::store::Store;
        let rng = TestRng::new(5);
        let a = account();
        let s = Store::new(MemoryKv::with_quota(320));
        s.create_account(&a).unwrap();
        let before = s.account(&a.id).unwrap();
        let mut phone = s.phone(&rng).unwrap();
        let stored_phone = s.kv().get("xa.phone").unwrap();
        let signed = phone.sign_in(&a, "Xiaomi phone (simulated)", 10, &rng);
        assert!(matches!(
            s.put_phone_and_account(&phone, &signed),
            Err(crate::core::store::StoreError::Kv(
                crate::core::kv::KvError::Full
            ))
        ));
        assert_eq!(s.account(&a.id).unwrap(), before);
        assert_eq!(s.kv().get("xa.phone").unwrap(), stored_phone);
    }
}
