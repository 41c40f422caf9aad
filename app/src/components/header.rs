use leptos::prelude::*;

/// The page banner: the product name and what it is for.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <h1>"tfdesign"</h1>
            <p class="tagline">"Design AWS infrastructure, then download it as a Terraform bundle."</p>
        </header>
    }
}
