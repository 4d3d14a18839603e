//! The sign-up flow (Method 3) as a state machine: details → human check → code → password →
//! done. The page shows one step at a time; this type says which steps are reachable and what
//! each submission does. It is persisted per tab (see `store::SessionStore`), never with the
//! password in it, so a reload resumes the same step.

use super::account::{Account, IdKind};
use super::captcha::{self, CaptchaError, Challenge};
use super::clock::Millis;
use super::identifier::{self, EmailError, PhoneError};
use super::password::PasswordContext;
use super::regions::{self, Region};
use super::rng::Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    Details,
    Check,
    Code,
    Password,
    Done,
}

impl Step {
    /// The step's name in the URL (`/signup?step=code`), so back and forward move between steps.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Details => "details",
            Step::Check => "check",
            Step::Code => "code",
            Step::Password => "password",
            Step::Done => "done",
        }
    }

    pub fn from_slug(s: &str) -> Option<Step> {
        [
            Step::Details,
            Step::Check,
            Step::Code,
            Step::Password,
            Step::Done,
        ]
        .into_iter()
        .find(|st| st.slug() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    Phone,
    Email,
}

impl Method {
    /// Which index an identifier of this method is registered under.
    pub fn id_kind(self) -> IdKind {
        match self {
            Method::Phone => IdKind::Phone,
            Method::Email => IdKind::Email,
        }
    }

    /// The other one ("Create using email" / "Create using phone number").
    pub fn other(self) -> Method {
        match self {
            Method::Phone => Method::Email,
            Method::Email => Method::Phone,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailsError {
    Phone(PhoneError),
    Email(EmailError),
    /// "This phone number is already registered. Use another or sign in".
    Registered,
    /// Everything else is fine; the terms are not ticked, so the page asks "Agree and continue".
    TermsNotAccepted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupFlow {
    /// The furthest step reached.
    pub step: Step,
    pub region: String,
    pub method: Method,
    /// The identifier as typed, so going back shows it again.
    pub input: String,
    /// What was typed for the other method ([`Method::other`]), kept while the user switches
    /// between phone and email.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub other_input: String,
    /// The normalised identifier (E.164 or email) once the details step accepted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    pub agreed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<Challenge>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The last code could not be sent (see [`SignupFlow::code_not_sent`]); the check step says
    /// so until it is answered again. Not kept: a reload starts without the message.
    #[serde(skip)]
    pub code_unsent: bool,
}

/// The identifier typed on the first step, normalised (E.164 or a lower-cased email).
fn normalise(region: &Region, method: Method, input: &str) -> Result<String, DetailsError> {
    Ok(match method {
        Method::Phone => identifier::parse_phone(region, input)
            .map_err(DetailsError::Phone)?
            .e164()
            .to_owned(),
        Method::Email => identifier::parse_email(input)
            .map_err(DetailsError::Email)?
            .as_str()
            .to_owned(),
    })
}

impl SignupFlow {
    pub fn new(region: &Region) -> Self {
        Self {
            step: Step::Details,
            region: region.code.to_owned(),
            method: Method::Phone,
            input: String::new(),
            other_input: String::new(),
            identifier: None,
            agreed: false,
            challenge: None,
            account_id: None,
            code_unsent: false,
        }
    }

    pub fn region(&self) -> &'static Region {
        regions::by_code(&self.region).unwrap_or_else(|| {
            regions::by_code(regions::FALLBACK).expect("the fallback region exists")
        })
    }

    /// The step to show for a requested one: never past the furthest reached, and once done,
    /// only the result.
    pub fn visible(&self, requested: Option<Step>) -> Step {
        if self.step == Step::Done {
            return Step::Done;
        }
        requested.map_or(self.step, |r| r.min(self.step))
    }

    /// Keeps the first step's form as it is on screen (not yet submitted), so a reload shows it
    /// again. A change to what the later steps were for (region, method, the identifier typed,
    /// the terms), made after going back to this step, starts them over, as a submit with a
    /// different identifier does: they must never run on a mix of old and new details.
    pub fn keep_draft(
        &mut self,
        region: &Region,
        method: Method,
        input: &str,
        other_input: &str,
        agreed: bool,
    ) {
        if self.step == Step::Done {
            return;
        }
        let changed =
            self.region != region.code || self.method != method || self.input != input || !agreed;
        if changed && self.step != Step::Details {
            self.step = Step::Details;
            self.identifier = None;
            self.challenge = None;
        }
        self.region = region.code.to_owned();
        self.method = method;
        self.input = input.to_owned();
        self.other_input = other_input.to_owned();
        self.agreed = agreed;
    }

    /// Submits the first step. `is_registered` answers for a normalised identifier.
    pub fn submit_details(
        &mut self,
        region: &Region,
        method: Method,
        input: &str,
        agreed: bool,
        is_registered: impl Fn(&str) -> bool,
    ) -> Result<(), DetailsError> {
        // The check step a submit leads to is a new one: nothing failed there yet.
        self.code_unsent = false;
        self.region = region.code.to_owned();
        self.method = method;
        self.input = input.to_owned();
        self.agreed = agreed;
        let normalised = normalise(region, method, input)?;
        if is_registered(&normalised) {
            return Err(DetailsError::Registered);
        }
        if !agreed {
            return Err(DetailsError::TermsNotAccepted);
        }
        if self.identifier.as_deref() != Some(normalised.as_str()) {
            // A different identifier starts the later steps over.
            self.identifier = Some(normalised);
            self.challenge = None;
        }
        self.step = Step::Check;
        Ok(())
    }

    /// Draws a new human-check image (on entering the step, on refresh, after a wrong answer).
    pub fn new_challenge(&mut self, rng: &dyn Rng, now: Millis) -> &Challenge {
        self.challenge.insert(captcha::new_challenge(rng, now))
    }

    /// Answers the human check; on success the code may be sent and the code step opens.
    /// A wrong or expired answer draws a new image.
    pub fn submit_check(
        &mut self,
        answer: &str,
        now: Millis,
        rng: &dyn Rng,
    ) -> Result<(), CaptchaError> {
        self.code_unsent = false;
        let result = match &self.challenge {
            Some(ch) => captcha::check(ch, answer, now),
            None => Err(CaptchaError::Expired),
        };
        match result {
            Ok(()) => {
                self.challenge = None;
                self.step = Step::Code;
                Ok(())
            }
            Err(CaptchaError::Empty) => Err(CaptchaError::Empty),
            Err(e) => {
                self.new_challenge(rng, now);
                Err(e)
            }
        }
    }

    /// The code the check opened the way to could not be sent (the browser's storage refused
    /// its record, so no code could ever be checked): back to the check step with a new image,
    /// flagged so the page says why. Does nothing on any other step.
    pub fn code_not_sent(&mut self, rng: &dyn Rng, now: Millis) {
        if self.step == Step::Code {
            self.step = Step::Check;
            self.new_challenge(rng, now);
            self.code_unsent = true;
        }
    }

    /// The code matched: the password step opens.
    pub fn code_verified(&mut self) {
        if self.step == Step::Code {
            self.step = Step::Password;
        }
    }

    /// What the sign-in page's account field starts with in this tab: the number or email of
    /// the account this sign-up created, or one its first step holds that an account has (after
    /// "already registered. Use another or sign in"), while an account has it still
    /// (`is_registered`, for a normalised identifier of the flow's method): not after it was
    /// deleted or changed. A number as typed (national, as its owner reads it), an email as the
    /// account has it (lower case). Nothing for a sign-up left half way: sign-in is not where
    /// an unfinished one is picked up.
    pub fn sign_in_prefill(&self, is_registered: impl Fn(&str) -> bool) -> Option<String> {
        let typed = self.input.trim();
        if !matches!(self.step, Step::Done | Step::Details) || typed.is_empty() {
            return None;
        }
        let normal = normalise(self.region(), self.method, typed).ok()?;
        is_registered(&normal).then(|| match self.method {
            Method::Phone => typed.to_owned(),
            Method::Email => normal,
        })
    }

    /// The account exists: only the result is shown from now on.
    pub fn finish(&mut self, account_id: String) {
        self.account_id = Some(account_id);
        self.step = Step::Done;
    }

    /// Going back to edit the details keeps what was typed; the later steps must be redone.
    pub fn edit_details(&mut self) {
        if self.step != Step::Done {
            self.step = Step::Details;
            self.code_unsent = false;
        }
    }

    /// What the password must not equal (its phone in every form, or its email), as the site's
    /// password step checks.
    pub fn password_context(&self) -> PasswordContext<'static> {
        let mut ctx = PasswordContext::default();
        let id = self.identifier.clone().unwrap_or_default();
        match self.method {
            Method::Phone => {
                let national = identifier::parse_phone(self.region(), &id)
                    .map(|p| p.national().to_owned())
                    .unwrap_or_default();
                ctx.add_phone(&id, &national);
            }
            Method::Email => {
                ctx.add_email(&id);
            }
        }
        ctx
    }

    /// The account this sign-up creates: the flow's region and identifier, the new ID and the
    /// password's PHC string. `None` before the identifier is known.
    pub fn new_account(&self, id: String, phc: String, now: Millis) -> Option<Account> {
        let identifier = self.identifier.clone()?;
        let (phone, email) = match self.method {
            Method::Phone => (Some(identifier), None),
            Method::Email => (None, Some(identifier)),
        };
        Some(Account::new(
            id,
            self.region.clone(),
            phone,
            email,
            phc,
            now,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::password;
    use crate::core::rng::TestRng;

    fn cn() -> &'static Region {
        regions::by_code("CN").unwrap()
    }

    #[test]
    fn a_draft_keeps_both_methods_survives_a_reload_and_changed_details_start_over() {
        let mut f = SignupFlow::new(cn());
        f.submit_details(cn(), Method::Phone, "13812345678", true, |_| false)
            .unwrap();
        // Back on step 1 (the browser's Back): the same details keep the later steps.
        f.keep_draft(cn(), Method::Phone, "13812345678", "", true);
        assert_eq!(f.step, Step::Check);
        assert_eq!(f.identifier.as_deref(), Some("+8613812345678"));
        // Other details start them over, so Forward never sends the old number's code as if
        // to an email.
        let us = regions::by_code("US").unwrap();
        f.keep_draft(us, Method::Email, "bob@", "2025550", false);
        assert_eq!((f.step, f.identifier.as_deref()), (Step::Details, None));
        assert_eq!(f.visible(Some(Step::Code)), Step::Details);
        let again: SignupFlow = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        assert_eq!(again, f);
        assert_eq!(
            (again.method, again.input.as_str()),
            (Method::Email, "bob@")
        );
        assert_eq!(again.other_input, "2025550");
        assert_eq!(again.region().code, "US");
        assert!(!again.agreed);
        // A finished sign-up is never changed by a draft.
        f.finish("1234567890".into());
        let done = f.clone();
        f.keep_draft(cn(), Method::Phone, "1", "", true);
        assert_eq!(f, done);
        // A flow saved before `other_input` existed still reads.
        let old = r#"{"step":"Details","region":"CN","method":"Phone","input":"1","agreed":false}"#;
        let old: SignupFlow = serde_json::from_str(old).unwrap();
        assert_eq!(old.other_input, "");
    }

    #[test]
    fn each_method_has_its_index_and_switches_to_the_other() {
        assert_eq!(Method::Phone.id_kind(), IdKind::Phone);
        assert_eq!(Method::Email.id_kind(), IdKind::Email);
        assert_eq!(Method::Phone.other(), Method::Email);
        assert_eq!(Method::Email.other(), Method::Phone);
    }

    fn flow_at_check() -> SignupFlow {
        let mut f = SignupFlow::new(cn());
        f.submit_details(cn(), Method::Phone, "138 1234 5678", true, |_| false)
            .unwrap();
        f
    }

    #[test]
    fn details_normalise_the_phone_to_e164() {
        let f = flow_at_check();
        assert_eq!(f.identifier.as_deref(), Some("+8613812345678"));
        assert_eq!(f.step, Step::Check);
        assert_eq!(f.input, "138 1234 5678");
    }

    #[test]
    fn details_reject_bad_input_and_keep_what_was_typed() {
        let mut f = SignupFlow::new(cn());
        let e = f.submit_details(cn(), Method::Phone, "12345", true, |_| false);
        assert!(matches!(e, Err(DetailsError::Phone(_))));
        assert_eq!(f.step, Step::Details);
        assert_eq!(f.input, "12345");
        let e = f.submit_details(cn(), Method::Email, "not-an-email", true, |_| false);
        assert!(matches!(e, Err(DetailsError::Email(_))));
    }

    #[test]
    fn sign_in_starts_with_the_account_made_or_found_registered_not_a_draft() {
        let registered = |id: &str| id == "+8613812345678" || id == "ann@example.com";
        let mut f = SignupFlow::new(cn());
        assert_eq!(f.sign_in_prefill(registered), None);
        // Refused as registered: the number as typed.
        let e = f.submit_details(cn(), Method::Phone, " 138 1234 5678 ", true, registered);
        assert_eq!(e, Err(DetailsError::Registered));
        assert_eq!(
            f.sign_in_prefill(registered).as_deref(),
            Some("138 1234 5678")
        );
        // Edited to a number no account has: nothing.
        f.keep_draft(cn(), Method::Phone, "139 0000 0000", "", true);
        assert_eq!(f.sign_in_prefill(registered), None);
        f.keep_draft(cn(), Method::Email, "Ann@Example.com", "", true);
        assert_eq!(
            f.sign_in_prefill(registered).as_deref(),
            Some("ann@example.com")
        );
        // Half way through a new sign-up: nothing.
        f.submit_details(cn(), Method::Phone, "13900000000", true, registered)
            .unwrap();
        assert_eq!(f.sign_in_prefill(registered), None);
        // Done: the account just made, while it has that number.
        f.finish("1234567890".into());
        assert_eq!(
            f.sign_in_prefill(|id| id == "+8613900000000").as_deref(),
            Some("13900000000")
        );
        // Deleted, or its number changed since: nothing.
        assert_eq!(f.sign_in_prefill(|_| false), None);
    }

    #[test]
    fn email_is_lower_cased() {
        let mut f = SignupFlow::new(cn());
        f.submit_details(cn(), Method::Email, "Ann@Example.COM", true, |_| false)
            .unwrap();
        assert_eq!(f.identifier.as_deref(), Some("ann@example.com"));
    }

    #[test]
    fn a_registered_identifier_is_refused_before_the_terms() {
        let mut f = SignupFlow::new(cn());
        let e = f.submit_details(cn(), Method::Phone, "13812345678", false, |id| {
            id == "+8613812345678"
        });
        assert_eq!(e, Err(DetailsError::Registered));
    }

    #[test]
    fn terms_must_be_accepted() {
        let mut f = SignupFlow::new(cn());
        let e = f.submit_details(cn(), Method::Phone, "13812345678", false, |_| false);
        assert_eq!(e, Err(DetailsError::TermsNotAccepted));
        assert_eq!(f.step, Step::Details);
        f.submit_details(cn(), Method::Phone, "13812345678", true, |_| false)
            .unwrap();
        assert_eq!(f.step, Step::Check);
    }

    #[test]
    fn the_check_opens_the_code_step_and_a_wrong_answer_draws_a_new_image() {
        let rng = TestRng::new(5);
        let mut f = flow_at_check();
        let first = f.new_challenge(&rng, 0).answer.clone();
        assert!(f.submit_check("definitely wrong", 1, &rng).is_err());
        let second = f.challenge.clone().unwrap().answer;
        assert_ne!(first, second);
        assert_eq!(f.step, Step::Check);
        f.submit_check(&second.to_lowercase(), 2, &rng).unwrap();
        assert_eq!(f.step, Step::Code);
        assert!(f.challenge.is_none());
    }

    #[test]
    fn a_code_that_could_not_be_sent_returns_to_the_check_with_a_new_image() {
        let rng = TestRng::new(6);
        let mut f = flow_at_check();
        let answer = f.new_challenge(&rng, 0).answer.clone();
        f.submit_check(&answer, 1, &rng).unwrap();
        f.code_not_sent(&rng, 2);
        assert_eq!(f.step, Step::Check);
        assert!(f.code_unsent);
        let again = f.challenge.clone().expect("a new image").answer;
        // The flag is not kept in the draft, and the next answer clears it.
        let kept: SignupFlow = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        assert!(!kept.code_unsent);
        f.submit_check(&again, 3, &rng).unwrap();
        assert!(!f.code_unsent);
        assert_eq!(f.step, Step::Code);
        // Past the code step it changes nothing.
        f.code_verified();
        f.code_not_sent(&rng, 4);
        assert_eq!(f.step, Step::Password);
        // Back to the details from a failed send: the check that follows starts without it.
        let mut g = flow_at_check();
        let answer = g.new_challenge(&rng, 0).answer.clone();
        g.submit_check(&answer, 1, &rng).unwrap();
        g.code_not_sent(&rng, 2);
        g.edit_details();
        assert!(!g.code_unsent);
        g.code_unsent = true;
        g.submit_details(cn(), Method::Phone, "13812345678", true, |_| false)
            .unwrap();
        assert!(!g.code_unsent);
    }

    #[test]
    fn steps_cannot_be_skipped_and_done_is_final() {
        let mut f = flow_at_check();
        assert_eq!(f.visible(Some(Step::Password)), Step::Check);
        assert_eq!(f.visible(Some(Step::Details)), Step::Details);
        assert_eq!(f.visible(None), Step::Check);
        f.step = Step::Code;
        f.code_verified();
        assert_eq!(f.step, Step::Password);
        f.finish("1234567890".into());
        assert_eq!(f.visible(Some(Step::Details)), Step::Done);
        f.edit_details();
        assert_eq!(f.step, Step::Done);
    }

    #[test]
    fn changing_the_identifier_starts_the_check_over() {
        let rng = TestRng::new(1);
        let mut f = flow_at_check();
        f.new_challenge(&rng, 0);
        f.edit_details();
        f.submit_details(cn(), Method::Phone, "13912345678", true, |_| false)
            .unwrap();
        assert!(f.challenge.is_none());
        assert_eq!(f.identifier.as_deref(), Some("+8613912345678"));
    }

    #[test]
    fn slugs_round_trip() {
        for s in [
            Step::Details,
            Step::Check,
            Step::Code,
            Step::Password,
            Step::Done,
        ] {
            assert_eq!(Step::from_slug(s.slug()), Some(s));
        }
        assert_eq!(Step::from_slug("nope"), None);
    }

    #[test]
    fn the_flow_serialises_without_secrets() {
        let f = flow_at_check();
        let json = serde_json::to_string(&f).unwrap();
        let back: SignupFlow = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
    }

    #[test]
    fn a_finished_sign_up_makes_its_account_and_its_password_rules() {
        let mut f = SignupFlow::new(cn());
        assert!(f.new_account("1".into(), "p".into(), 0).is_none());
        f.submit_details(cn(), Method::Phone, "138 1234 5678", true, |_| false)
            .unwrap();
        let a = f
            .new_account("1234567890".into(), "phc".into(), 42)
            .unwrap();
        assert_eq!(a.phone.as_deref(), Some("+8613812345678"));
        assert_eq!((a.email, a.region.as_str(), a.created_at), (None, "CN", 42));
        assert_eq!(a.nickname, "User7890");
        let common = password::CommonPasswords::parse("password\n");
        let ctx = f.password_context();
        assert_eq!(
            password::check("+8613812345678", &ctx, &common),
            Err(password::PasswordError::SameAsIdentifier)
        );
        assert!(password::check("Str0ng-Pass!", &ctx, &common).is_ok());

        let mut e = SignupFlow::new(cn());
        e.submit_details(cn(), Method::Email, "ann.lee1@example.com", true, |_| false)
            .unwrap();
        let a = e.new_account("1234567890".into(), "phc".into(), 0).unwrap();
        assert_eq!(
            (a.phone, a.email.as_deref()),
            (None, Some("ann.lee1@example.com"))
        );
        assert_eq!(
            password::check("ann.lee1", &e.password_context(), &common),
            Err(password::PasswordError::SameAsIdentifier)
        );
    }
}
