//! SoundFont rendering via rustysynth (placeholder; being written).
