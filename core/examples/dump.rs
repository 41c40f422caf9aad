fn main() {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sports-cards".into());
    let out = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "/tmp/dump".into());
    let design = tfdesign_core::presets::get(&name).expect("preset");
    let bundle = match tfdesign_core::generate(&design) {
        Ok(b) => b,
        Err(d) => {
            for x in d {
                eprintln!("{x}");
            }
            std::process::exit(1);
        }
    };
    let _ = std::fs::remove_dir_all(&out);
    for (p, c) in &bundle.files {
        let path = std::path::Path::new(&out).join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, c).unwrap();
    }
    println!("{} files", bundle.files.len());
}
