//! The operator CLI, run as the real binary against a temporary database.
