fn main() {
    // First, so that a panic while starting shows the error panel too.
    mi_account_demo::panic_panel::install();
    // User Timing "xa:mount": from the moment the wasm is compiled, instantiated and running
    // until the first page is in the document. `make bench` splits a cold load at it.
    let _timing = mi_account_demo::web::crypto::UserTiming::start("xa:mount");
    leptos::mount::mount_to_body(mi_account_demo::App);
}
