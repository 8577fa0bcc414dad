//! The agendas a user can pick by name: the built-ins, then the user's own files.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use super::validate::Locator;
use super::{Agenda, AgendaError, COMMAND_LINE, load_file, parse};

/// The built-in agendas, in the order they are listed: (file name, YAML source).
const BUILTIN_SOURCES: [(&str, &str); 5] = [
    (
        "agendas/introductory.yaml",
        include_str!("../../../agendas/introductory.yaml"),
    ),
    (
        "agendas/new-ase.yaml",
        include_str!("../../../agendas/new-ase.yaml"),
    ),
    (
        "agendas/bundled-kickoff.yaml",
        include_str!("../../../agendas/bundled-kickoff.yaml"),
    ),
    (
        "agendas/ase-csa-alignment.yaml",
        include_str!("../../../agendas/ase-csa-alignment.yaml"),
    ),
    (
        "agendas/regular-sync.yaml",
        include_str!("../../../agendas/regular-sync.yaml"),
    ),
];

/// The built-in agendas, introductory first.
///
/// A unit test checks that every one of them is valid, so none is ever skipped.
pub fn builtin() -> Vec<Agenda> {
    BUILTIN_SOURCES
        .iter()
        .filter_map(|(file, source)| parse(source, file).ok())
        .collect()
}

/// Where an agenda in the catalog comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary.
    Builtin,
    /// A file in the user's agendas directory.
    User(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Builtin => f.write_str("built-in"),
            Origin::User(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One agenda of the catalog and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The agenda.
    pub agenda: Agenda,
    /// Built in or a user file.
    pub origin: Origin,
}

/// Every agenda the user can pick by name: the built-ins, then the user's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Agendas in listing order; a user agenda named like a built-in replaces it in place.
    pub entries: Vec<CatalogEntry>,
    /// Problems with user files, which are left out of `entries`.
    pub problems: Vec<AgendaError>,
}

impl Catalog {
    /// The built-ins plus every `*.yaml`/`*.yml` file in `user_dir`, sorted by file
    /// name. Broken user files go to `problems`; a missing directory is no problem.
    pub fn load(user_dir: Option<&Path>) -> Catalog {
        let mut catalog = Catalog {
            entries: builtin()
                .into_iter()
                .map(|agenda| CatalogEntry {
                    agenda,
                    origin: Origin::Builtin,
                })
                .collect(),
            problems: Vec::new(),
        };
        if let Some(dir) = user_dir {
            catalog.add_user_dir(dir);
        }
        catalog
    }

    /// The entry named `name`, if any.
    pub fn find(&self, name: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.agenda.name == name)
    }

    fn add_user_dir(&mut self, dir: &Path) {
        let listing = match fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                self.problems.push(AgendaError::at(
                    &dir.display().to_string(),
                    (1, 1),
                    format!("cannot list the agendas directory: {e}"),
                ));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = listing
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml")
            })
            .collect();
        paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        let mut user_names: Vec<(String, PathBuf)> = Vec::new();
        for path in paths {
            let agenda = match load_file(&path) {
                Ok(agenda) => agenda,
                Err(mut problems) => {
                    self.problems.append(&mut problems);
                    continue;
                }
            };
            if let Some((_, first)) = user_names.iter().find(|(n, _)| *n == agenda.name) {
                let source = fs::read_to_string(&path).unwrap_or_default();
                self.problems.push(AgendaError::at(
                    &path.display().to_string(),
                    Locator::new(&source).top_level("name"),
                    format!(
                        "the name `{}` is already used by {}: rename one of them",
                        agenda.name,
                        first.display()
                    ),
                ));
                continue;
            }
            user_names.push((agenda.name.clone(), path.clone()));
            let entry = CatalogEntry {
                agenda,
                origin: Origin::User(path),
            };
            match self
                .entries
                .iter_mut()
                .find(|e| e.agenda.name == entry.agenda.name)
            {
                Some(builtin) => *builtin = entry,
                None => self.entries.push(entry),
            }
        }
    }
}

/// The agenda a user asked for: a catalog name first, else a path to a file.
pub fn resolve(catalog: &Catalog, name_or_path: &str) -> Result<Agenda, Vec<AgendaError>> {
    if let Some(entry) = catalog.find(name_or_path) {
        return Ok(entry.agenda.clone());
    }
    let path = Path::new(name_or_path);
    let looks_like_path = name_or_path.contains('/')
        || name_or_path.contains(std::path::MAIN_SEPARATOR)
        || name_or_path.ends_with(".yaml")
        || name_or_path.ends_with(".yml")
        || path.exists();
    if looks_like_path {
        return load_file(path);
    }
    Err(vec![AgendaError::at(
        COMMAND_LINE,
        (1, 1),
        format!("no agenda named `{name_or_path}`; run `kickoff agendas` to list them"),
    )])
}

#[cfg(test)]
mod tests {
    use super::super::{Capture, DEFAULT_AGENDA};
    use super::*;
    use crate::core::testkit::AGENDA_YAML as VALID;

    #[test]
    fn every_builtin_parses_and_adds_up() {
        for (file, source) in BUILTIN_SOURCES {
            let agenda = parse(source, file).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(agenda.planned_minutes(), agenda.minutes, "{file}");
            assert!(!agenda.checklist.is_empty(), "{file} has no checklist");
            for section in &agenda.sections {
                assert!(!section.goal.is_empty(), "{file}: {}", section.title);
                assert!(!section.prompts.is_empty(), "{file}: {}", section.title);
                for prompt in &section.prompts {
                    assert!(prompt.chars().count() <= 70, "{file}: {prompt}");
                }
            }
        }
        let names: Vec<String> = builtin().into_iter().map(|a| a.name).collect();
        assert_eq!(
            names,
            [
                "introductory",
                "new-ase",
                "bundled-kickoff",
                "ase-csa-alignment",
                "regular-sync"
            ]
        );
        assert_eq!(names[0], DEFAULT_AGENDA);
    }

    #[test]
    fn the_introductory_meeting_follows_the_handbook() {
        let agenda = &builtin()[0];
        assert_eq!(agenda.minutes, 60);
        assert_eq!(agenda.sections.len(), 5);
        let s = &agenda.sections;
        assert!(s[1].captures(Capture::Attendees));
        assert!(s[2].captures(Capture::PrimaryContacts) && s[2].captures(Capture::Goals));
        assert!(s[3].captures(Capture::Goals));
        assert!(s[4].captures(Capture::RegularMeeting));
    }

    #[test]
    fn a_user_agenda_overrides_a_builtin_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let mine = VALID.replace("name: demo", "name: regular-sync");
        fs::write(dir.path().join("b-sync.yaml"), mine).unwrap();
        fs::write(dir.path().join("a-demo.yml"), VALID).unwrap();
        fs::write(dir.path().join("ignored.txt"), "not an agenda").unwrap();
        let catalog = Catalog::load(Some(dir.path()));
        assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
        let names: Vec<&str> = catalog
            .entries
            .iter()
            .map(|e| e.agenda.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "introductory",
                "new-ase",
                "bundled-kickoff",
                "ase-csa-alignment",
                "regular-sync",
                "demo"
            ]
        );
        let sync = catalog.find("regular-sync").unwrap();
        assert_eq!(sync.origin, Origin::User(dir.path().join("b-sync.yaml")));
        assert_eq!(sync.agenda.title, "Demo meeting");
        assert_eq!(
            catalog.find("introductory").unwrap().origin,
            Origin::Builtin
        );
    }

    #[test]
    fn a_broken_user_file_lands_in_problems() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.yaml");
        fs::write(&broken, VALID.replace("minutes: 30", "minutes: 31")).unwrap();
        fs::write(dir.path().join("copy.yaml"), VALID).unwrap();
        fs::write(dir.path().join("same-name.yaml"), VALID).unwrap();
        let catalog = Catalog::load(Some(dir.path()));
        assert_eq!(catalog.entries.len(), 6);
        let problems: Vec<String> = catalog.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].starts_with(&format!("{}:3:1: sections add up", broken.display())));
        assert!(problems[1].contains("already used by"));
    }

    #[test]
    fn a_missing_user_dir_is_no_problem() {
        let catalog = Catalog::load(Some(Path::new("/nonexistent/kickoff/agendas")));
        assert!(catalog.problems.is_empty());
        assert_eq!(catalog.entries.len(), 5);
    }

    #[test]
    fn resolve_takes_a_name_then_a_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.yaml");
        fs::write(&path, VALID).unwrap();
        let catalog = Catalog::load(None);
        assert_eq!(resolve(&catalog, "new-ase").unwrap().name, "new-ase");
        assert_eq!(
            resolve(&catalog, path.to_str().unwrap()).unwrap().name,
            "demo"
        );
        let errors = resolve(&catalog, "nope.yaml").unwrap_err();
        assert_eq!(errors[0].file, "nope.yaml");
    }

    #[test]
    fn resolve_of_an_unknown_name_says_how_to_list_them() {
        let errors = resolve(&Catalog::load(None), "weekly").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "<command line>:1:1: no agenda named `weekly`; run `kickoff agendas` to list them"
        );
    }
}
