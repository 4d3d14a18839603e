fn main() {
    // First, so that a panic while starting shows the error panel too.
    mi_account_demo::panic_panel::install();
    leptos::mount::mount_to_body(mi_account_demo::App);
}
