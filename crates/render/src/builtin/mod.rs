//! The built-in instruments (placeholder; being written).
