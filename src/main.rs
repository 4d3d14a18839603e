fn main() {
    leptos::mount::mount_to_body(mi_account_demo::App);
}
