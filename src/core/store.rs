//! Session files: one human-readable YAML file per meeting in the data directory.
