fn main() {
    tfdesign_app::browser::mark("tfdesign:start");
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tfdesign_app::App);
    tfdesign_app::browser::mark("tfdesign:mounted");
}
