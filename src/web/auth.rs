//! Signing this browser in and out of an account: the account's devices list and this profile's
//! session record change together (see `core::store::Store::sign_in`).

use crate::core::account::Account;
use crate::core::hash::Phc;
use crate::core::signin::{self, Session};
use crate::core::store::StoreError;
use crate::web::{self, crypto::BrowserRng};

/// Starts a session for `account` on this browser and records the sign-in on its device entry.
pub fn sign_in_here(account: &Account) -> Result<Session, StoreError> {
    let env = web::env();
    let now = env.now();
    let device_id = env.store.device_id(&BrowserRng)?;
    let label = web::device_label();
    let session = signin::new_session(&account.id, now, &BrowserRng, &device_id, &label);
    let mut a = account.clone();
    a.sign_in_device(&device_id, &label, &session.token, now);
    let mut t = env.store.throttle(&a.id).unwrap_or_default();
    signin::record_success(&mut t);
    env.store.sign_in(&a, &session)?;
    // A leftover failure count is harmless next to a working sign-in.
    let _ = env.store.put_throttle(&a.id, &t);
    Ok(session)
}

/// Signs this browser out of `account` (every tab of it follows the `storage` event).
pub fn sign_out_here(account: &Account, session: &Session) -> Result<(), StoreError> {
    let mut a = account.clone();
    a.sign_out_device(&session.device_id);
    web::env().store.sign_out(&a)
}

/// Stores a new password hash for `account` (change or reset): every device of the account is
/// signed out, this one included, as the real site does.
pub fn replace_password(account: &Account, phc: &Phc) -> Result<Account, StoreError> {
    let mut a = account.clone();
    a.phc = phc.to_string();
    a.password_changed_at = Some(web::env().now());
    a.sign_out_all_devices();
    web::env().store.sign_out(&a)?;
    Ok(a)
}

/// The account `session` signs in to, if the session is still valid: the account exists and
/// this device was not signed out (from another device, or by a password change).
pub fn signed_in_account(session: &Session) -> Option<Account> {
    web::env()
        .store
        .account(&session.account_id)
        .ok()
        .flatten()
        .filter(|a| a.session_valid(session))
}
