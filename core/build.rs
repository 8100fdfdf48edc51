// sqlx::migrate! embeds ../migrations at compile time; rebuild when it changes.
// The documents' fonts are embedded brotli-compressed (src/documents/fonts.rs).
use std::io::Write;

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=build.rs");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    for (name, font) in [("NotoSans-Regular", ttf_noto_sans::REGULAR), ("NotoSans-Bold", ttf_noto_sans::BOLD)] {
        // Quality 9: within a few per cent of the best (11), in a fraction
        // of the time of an unoptimised build script.
        let mut packed = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, 9, 22);
        packed.write_all(font).expect("compress the font");
        std::fs::write(out.join(format!("{name}.ttf.br")), packed.into_inner()).expect("write the packed font");
    }
}
