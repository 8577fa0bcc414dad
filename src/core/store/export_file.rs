//! Where the two versions of a meeting's export are written: `<id>.md` for the customer
//! version (the file the customer may see) and `<id>.internal.md` for the internal one,
//! side by side in the exports folder or any folder given to `kickoff export -o`.

use std::path::PathBuf;

use super::{Store, StoreError, create_private_dir, is_valid_id, write_atomic};
use crate::core::export::Version;

/// The file name of `version` of the export of session `id`.
pub fn export_file_name(id: &str, version: Version) -> String {
    match version {
        Version::Customer => format!("{id}.md"),
        Version::Internal => format!("{id}.internal.md"),
    }
}

impl Store {
    /// Where `version` of session `id`'s export is written in the exports folder.
    pub fn export_path(&self, id: &str, version: Version) -> PathBuf {
        self.exports_dir().join(export_file_name(id, version))
    }

    /// Writes `version` of session `id`'s export to [`Store::export_path`] (private,
    /// atomic) and returns its path.
    pub fn write_export_version(
        &self,
        id: &str,
        version: Version,
        markdown: &str,
    ) -> Result<PathBuf, StoreError> {
        if !is_valid_id(id) {
            return Err(StoreError::InvalidId { id: id.to_owned() });
        }
        create_private_dir(&self.exports_dir())?;
        let target = self.export_path(id, version);
        write_atomic(&target, markdown.as_bytes())?;
        Ok(target)
    }

    /// Writes session `id`'s follow-up message next to its exports: the plain text to
    /// `<id>.followup.txt` (for a mail) and the Markdown to `<id>.followup.md` (for an
    /// issue comment), private and atomic. Returns both paths, plain text first.
    pub fn write_followup(
        &self,
        id: &str,
        plain: &str,
        markdown: &str,
    ) -> Result<[PathBuf; 2], StoreError> {
        if !is_valid_id(id) {
            return Err(StoreError::InvalidId { id: id.to_owned() });
        }
        let dir = self.exports_dir();
        create_private_dir(&dir)?;
        let [txt, md] = followup_file_names(id);
        let paths = [dir.join(txt), dir.join(md)];
        write_atomic(&paths[0], plain.as_bytes())?;
        write_atomic(&paths[1], markdown.as_bytes())?;
        Ok(paths)
    }
}

/// The file names of session `id`'s follow-up message: plain text, then Markdown.
pub fn followup_file_names(id: &str) -> [String; 2] {
    [format!("{id}.followup.txt"), format!("{id}.followup.md")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_versions_are_written_side_by_side_under_distinct_names() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let id = "2026-11-23-1400-acme-corp-introductory";
        let customer = store
            .write_export_version(id, Version::Customer, "for the customer")
            .unwrap();
        let internal = store
            .write_export_version(id, Version::Internal, "internal")
            .unwrap();
        assert_eq!(
            customer,
            dir.path().join("exports").join(format!("{id}.md"))
        );
        assert_eq!(
            internal,
            dir.path().join("exports").join(format!("{id}.internal.md"))
        );
        assert_eq!(
            std::fs::read_to_string(&customer).unwrap(),
            "for the customer"
        );
        assert_eq!(std::fs::read_to_string(&internal).unwrap(), "internal");
        // The customer file is the one the older `write_export` writes.
        assert_eq!(store.write_export(id, "again").unwrap(), customer);
        assert!(matches!(
            store.write_export_version("../x", Version::Internal, ""),
            Err(StoreError::InvalidId { .. })
        ));
    }
}
