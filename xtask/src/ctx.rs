//! What every command needs: where the workbook is, and how to talk to the user.

use std::path::PathBuf;

use crate::{lesson, ui};

/// What every command needs: where the workbook is, and how to talk.
pub struct Ctx {
    pub root: PathBuf,
    pub ui: ui::Ui,
}

impl Ctx {
    pub fn new() -> Ctx {
        // The workbook is the folder above xtask/, unless a test points elsewhere.
        let root = std::env::var_os("WORKBOOK_ROOT")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."));
        let root = root.canonicalize().unwrap_or(root);
        Ctx {
            root,
            ui: ui::Ui::detect(),
        }
    }

    pub fn lessons(&self) -> anyhow::Result<Vec<lesson::Lesson>> {
        lesson::discover(&self.root)
    }

    pub fn manifest(&self) -> PathBuf {
        self.root.join("Cargo.toml")
    }
}

/// Is this a CI run (`CI=true` or `CI=1`), where nothing may be skipped for want of a
/// tool or package (the browser, the twins' Python packages)?
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}
