//! Screenplays in, stories out: a Fountain and Final Draft (FDX) reader, emotion inference from the
//! text, and the mapping from a screenplay to a Leitmotif story.
