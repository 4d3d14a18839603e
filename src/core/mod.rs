//! Everything that needs no browser: rules, state machines, hashing and the store.
//! These modules compile and are tested natively; the browser reaches them only through the
//! [`kv::Kv`], [`clock::Clock`] and [`rng::Rng`] traits, which `crate::web` implements.

pub mod account;
pub mod backup;
pub mod captcha;
pub mod clock;
pub mod codes;
pub mod device;
pub mod hash;
pub mod identifier;
pub mod kv;
pub mod migrate;
pub mod password;
pub mod phone;
pub mod regions;
pub mod rng;
pub mod security;
pub mod signin;
pub mod signup;
pub mod store;
#[cfg(test)]
mod store_props;
pub mod unicode;
