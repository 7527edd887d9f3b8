//! The JSON Schemas committed under `schema/` are the ones sift generates from its types, and
//! what sift publishes for the sample pages validates against them (`scripts/check-schema`
//! does the same for a corpus run, with a full JSON Schema validator).

use std::path::PathBuf;

fn committed(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn committed_schemas_are_the_generated_ones() {
    let schemas = sift::schema::all();
    assert_eq!(schemas.len(), 5);
    for (name, schema) in schemas {
        assert!(
            committed(&name) == sift::schema::to_file_text(&schema),
            "schema/{name} is stale: regenerate with `cargo run --release -- schema schema/`"
        );
    }
    let files = std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(files, 5, "schema/ holds a file sift does not generate");
}
