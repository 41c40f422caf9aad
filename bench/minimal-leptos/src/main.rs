//! The smallest useful Leptos CSR page: a text field bound to a signal and a line that follows
//! it. The time to interactive of this page is the floor the designer is measured against.
use leptos::prelude::*;

#[component]
fn Minimal() -> impl IntoView {
    let (name, set_name) = signal(String::from("world"));
    view! {
        <main data-testid="ready">
            <h1>"Minimal Leptos page"</h1>
            <label>"Name " <input prop:value=name on:input=move |event| set_name.set(event_target_value(&event)) /></label>
            <p>"Hello, " {name} "!"</p>
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(Minimal);
}
