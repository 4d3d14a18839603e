//! Pieces shared by several pages.

pub mod captcha;
pub mod region_select;
pub mod shell;
