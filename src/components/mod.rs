//! Pieces shared by several pages.

pub mod captcha;
pub mod code_input;
pub mod code_sender;
pub mod demo_tools;
pub mod dialog;
pub mod error_summary;
pub mod field;
pub mod first_paint;
pub mod focus;
pub mod identifier_field;
pub mod messages;
pub mod region_select;
pub mod services;
pub mod shell;
pub mod signin_form;
pub mod signup_code;
pub mod storage_panel;
pub mod two_step;
