fn main() {
    // First, so that a panic while starting shows the error panel too.
    mi_account_demo::panic_panel::install();
    mi_account_demo::start();
}
