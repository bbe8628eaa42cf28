//! A structural check of a SoundFont 2 file, run before rustysynth parses it.
//!
//! rustysynth 1.3.8 trusts the file: a generator index, a zone range or a chunk size that points
//! past the data makes it index out of bounds (a panic) or allocate whatever the file claims.
//! This walk reads the same chunks in the same order rustysynth does and checks every size,
//! count and index rustysynth will use, so a damaged file gets a precise error instead. It reads
//! only chunk headers and the small `pdta` list (seeking over the sample data), so the file's
//! audio is read once, by rustysynth.

use std::io::{self, Read, Seek, SeekFrom};

/// What went wrong, as the `reason` of a [`crate::RenderError::SoundFont`].
pub(super) type Reason = String;

/// Checks the RIFF structure of the SoundFont 2 file in `reader`, `file_len` bytes long.
pub(super) fn check<R: Read + Seek>(reader: &mut R, file_len: u64) -> Result<(), Reason> {
    let mut walk = Walk { reader, file_len };
    walk.check()
}

struct Walk<'a, R> {
    reader: &'a mut R,
    file_len: u64,
}

/// The payload of the `pdta` chunks rustysynth reads (the last of each kind wins, as there).
#[derive(Default)]
struct Pdta {
    phdr: Option<Vec<u8>>,
    pbag: Option<Vec<u8>>,
    pgen: Option<Vec<u8>>,
    inst: Option<Vec<u8>>,
    ibag: Option<Vec<u8>>,
    igen: Option<Vec<u8>>,
    shdr: Option<Vec<u8>>,
}

const INFO_IDS: [&[u8; 4]; 11] = [
    b"ifil", b"isng", b"INAM", b"irom", b"iver", b"ICRD", b"IENG", b"IPRD", b"ICOP", b"ICMT",
    b"ISFT",
];

impl<R: Read + Seek> Walk<'_, R> {
    fn check(&mut self) -> Result<(), Reason> {
        if self.file_len == 0 {
            return Err("the file is empty (0 bytes)".into());
        }
        let mut head = [0u8; 12];
        let got = self.read_up_to(&mut head)?;
        let head = &head[..got];
        if !head.starts_with(b"RIFF") {
            return Err(not_riff(head));
        }
        if head.len() < 12 {
            return Err(format!(
                "truncated: the file is only {} bytes, too short for even the 12-byte RIFF header",
                self.file_len
            ));
        }
        let form = &head[8..12];
        if form != b"sfbk" {
            return Err(match form {
                b"DLS " => {
                    "it is a DLS instrument collection (RIFF form 'DLS '), not a SoundFont 2 file"
                        .into()
                }
                b"WAVE" => "it is a WAV audio file (RIFF form 'WAVE'), not a SoundFont".into(),
                b"RMID" => "it is an RMID (RIFF-wrapped MIDI) file, not a SoundFont".into(),
                _ => format!("its RIFF form type is {}, expected 'sfbk'", quote(form)),
            });
        }
        let riff_size = u32_le(&head[4..8]);
        let riff_end = 8 + u64::from(riff_size);
        if riff_end > self.file_len {
            return Err(format!(
                "truncated: the RIFF header says the file is {riff_end} bytes but it has only {} \
                 (an interrupted download or copy?)",
                self.file_len
            ));
        }

        let mut pos = 12;
        pos = self.check_info(pos, riff_end)?;
        pos = self.check_sdta(pos, riff_end)?;
        let pdta = self.read_pdta(pos, riff_end)?;
        check_pdta(&pdta)
    }

    /// Reads a list header at `pos`, checks its type and that it fits; returns (content start, end).
    fn list(&mut self, pos: u64, riff_end: u64, kind: &[u8; 4]) -> Result<(u64, u64), Reason> {
        let name = String::from_utf8_lossy(kind);
        if pos + 12 > riff_end {
            return Err(format!(
                "truncated: the '{name}' list is missing (the RIFF data ends at byte {riff_end}; \
                 a SoundFont 2 file holds the lists INFO, sdta and pdta, in that order)"
            ));
        }
        let mut header = [0u8; 12];
        self.read_at(pos, &mut header)?;
        if &header[0..4] != b"LIST" {
            return Err(format!(
                "expected the '{name}' LIST chunk at byte {pos} but found the chunk {}",
                quote(&header[0..4])
            ));
        }
        if &header[8..12] != kind {
            return Err(format!(
                "expected the '{name}' list at byte {pos} but found the list {} (a SoundFont 2 \
                 file holds the lists INFO, sdta and pdta, in that order)",
                quote(&header[8..12])
            ));
        }
        let size = u64::from(u32_le(&header[4..8]));
        let end = pos + 8 + size;
        if end > riff_end {
            return Err(format!(
                "truncated: the '{name}' list claims {size} bytes, past the end of the file's \
                 RIFF data at byte {riff_end}"
            ));
        }
        if size < 4 {
            return Err(format!("the '{name}' list is only {size} bytes long"));
        }
        Ok((pos + 12, end))
    }

    /// Reads the sub-chunk header at `pos` inside a list ending at `end`: (id, size, data start).
    fn sub_chunk(&mut self, pos: u64, end: u64, list: &str) -> Result<([u8; 4], u64, u64), Reason> {
        if pos + 8 > end {
            return Err(format!(
                "the '{list}' list ends in the middle of a chunk header (byte {pos})"
            ));
        }
        let mut header = [0u8; 8];
        self.read_at(pos, &mut header)?;
        let id = [header[0], header[1], header[2], header[3]];
        let size = u64::from(u32_le(&header[4..8]));
        let data = pos + 8;
        if data + size > end {
            let what = if data + size > self.file_len {
                "truncated: "
            } else {
                ""
            };
            return Err(format!(
                "{what}the {} chunk in the '{list}' list claims {size} bytes but only {} remain \
                 in the list",
                quote(&id),
                end - data
            ));
        }
        Ok((id, size, data))
    }

    fn check_info(&mut self, pos: u64, riff_end: u64) -> Result<u64, Reason> {
        let (mut pos, end) = self.list(pos, riff_end, b"INFO")?;
        while pos < end {
            let (id, size, data) = self.sub_chunk(pos, end, "INFO")?;
            if !INFO_IDS.contains(&&id) {
                return Err(format!(
                    "unknown chunk {} in the INFO list (expected only ifil, isng, INAM, irom, \
                     iver, ICRD, IENG, IPRD, ICOP, ICMT and ISFT)",
                    quote(&id)
                ));
            }
            if (&id == b"ifil" || &id == b"iver") && size != 4 {
                return Err(format!(
                    "the version chunk {} is {size} bytes, expected 4",
                    quote(&id)
                ));
            }
            if size % 2 != 0 {
                return Err(format!(
                    "the INFO chunk {} has an odd size ({size} bytes); SoundFont 2 text chunks \
                     are padded to an even size",
                    quote(&id)
                ));
            }
            pos = data + size;
        }
        Ok(end)
    }

    fn check_sdta(&mut self, pos: u64, riff_end: u64) -> Result<u64, Reason> {
        let (mut pos, end) = self.list(pos, riff_end, b"sdta")?;
        let mut samples = None;
        while pos < end {
            let (id, size, data) = self.sub_chunk(pos, end, "sdta")?;
            match &id {
                b"smpl" => {
                    if samples.is_some() {
                        return Err("the 'sdta' list holds two 'smpl' chunks".into());
                    }
                    if size % 2 != 0 {
                        return Err(format!(
                            "the 'smpl' chunk has an odd size ({size} bytes); it holds 16-bit \
                             samples"
                        ));
                    }
                    if size < 4 {
                        return Err(format!(
                            "the 'smpl' chunk holds {} samples; expected sample data",
                            size / 2
                        ));
                    }
                    let mut magic = [0u8; 4];
                    self.read_at(data, &mut magic)?;
                    if &magic == b"OggS" {
                        return Err(
                            "it is a SoundFont 3 (.sf3) file with Ogg Vorbis compressed \
                                    samples, which Leitmotif cannot play; use the uncompressed \
                                    .sf2 version of this SoundFont"
                                .into(),
                        );
                    }
                    samples = Some(size);
                }
                b"sm24" => {}
                _ => {
                    return Err(format!(
                        "unknown chunk {} in the 'sdta' list (expected 'smpl' and optionally \
                         'sm24')",
                        quote(&id)
                    ))
                }
            }
            pos = data + size;
        }
        if samples.is_none() {
            return Err("the 'sdta' list holds no sample data (no 'smpl' chunk)".into());
        }
        Ok(end)
    }

    fn read_pdta(&mut self, pos: u64, riff_end: u64) -> Result<Pdta, Reason> {
        let (mut pos, end) = self.list(pos, riff_end, b"pdta")?;
        let mut pdta = Pdta::default();
        while pos < end {
            let (id, size, data) = self.sub_chunk(pos, end, "pdta")?;
            let slot = match &id {
                b"phdr" => Some(&mut pdta.phdr),
                b"pbag" => Some(&mut pdta.pbag),
                b"pgen" => Some(&mut pdta.pgen),
                b"inst" => Some(&mut pdta.inst),
                b"ibag" => Some(&mut pdta.ibag),
                b"igen" => Some(&mut pdta.igen),
                b"shdr" => Some(&mut pdta.shdr),
                b"pmod" | b"imod" => None,
                _ => {
                    return Err(format!(
                        "unknown chunk {} in the 'pdta' list (expected phdr, pbag, pmod, pgen, \
                         inst, ibag, imod, igen and shdr)",
                        quote(&id)
                    ))
                }
            };
            if let Some(slot) = slot {
                // `size` fits in the file (checked by `sub_chunk`), so this allocation is bounded.
                let mut bytes = vec![0u8; size as usize];
                self.read_at(data, &mut bytes)?;
                *slot = Some(bytes);
            }
            pos = data + size;
        }
        Ok(pdta)
    }

    fn read_at(&mut self, pos: u64, buf: &mut [u8]) -> Result<(), Reason> {
        self.reader
            .seek(SeekFrom::Start(pos))
            .and_then(|_| self.reader.read_exact(buf))
            .map_err(|e| read_error(&e, pos))
    }

    fn read_up_to(&mut self, buf: &mut [u8]) -> Result<usize, Reason> {
        let mut got = 0;
        while got < buf.len() {
            match self.reader.read(&mut buf[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(read_error(&e, got as u64)),
            }
        }
        Ok(got)
    }
}

fn read_error(e: &io::Error, pos: u64) -> Reason {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        format!("truncated: the file ends early, at or after byte {pos}")
    } else {
        format!("reading failed at byte {pos}: {e}")
    }
}

/// A chunk table: fixed-size records, the last a terminator.
struct Table<'a> {
    name: &'static str,
    bytes: &'a [u8],
    record: usize,
}

impl<'a> Table<'a> {
    fn new(
        chunk: &'a Option<Vec<u8>>,
        name: &'static str,
        record: usize,
        what: &str,
    ) -> Result<Self, Reason> {
        let Some(bytes) = chunk else {
            return Err(format!(
                "the 'pdta' list has no '{name}' chunk ({what}); expected phdr, pbag, pgen, inst, \
                 ibag, igen and shdr"
            ));
        };
        if bytes.is_empty() || bytes.len() % record != 0 {
            return Err(format!(
                "the '{name}' chunk ({what}) is {} bytes, expected a non-zero multiple of {record}",
                bytes.len()
            ));
        }
        Ok(Self {
            name,
            bytes,
            record,
        })
    }

    /// Number of records, including the terminator.
    fn len(&self) -> usize {
        self.bytes.len() / self.record
    }

    fn u16_at(&self, index: usize, offset: usize) -> usize {
        let at = index * self.record + offset;
        usize::from(u16::from_le_bytes([self.bytes[at], self.bytes[at + 1]]))
    }

    fn name_at(&self, index: usize) -> String {
        let raw = &self.bytes[index * self.record..index * self.record + 20];
        let end = raw.iter().position(|&b| b == 0).unwrap_or(raw.len());
        raw[..end]
            .iter()
            .map(|&b| {
                if (32..=126).contains(&b) {
                    b as char
                } else {
                    '?'
                }
            })
            .collect()
    }
}

fn check_pdta(pdta: &Pdta) -> Result<(), Reason> {
    let phdr = Table::new(&pdta.phdr, "phdr", 38, "the preset headers")?;
    let pbag = Table::new(&pdta.pbag, "pbag", 4, "the preset zones")?;
    let pgen = Table::new(&pdta.pgen, "pgen", 4, "the preset generators")?;
    let inst = Table::new(&pdta.inst, "inst", 22, "the instruments")?;
    let ibag = Table::new(&pdta.ibag, "ibag", 4, "the instrument zones")?;
    let igen = Table::new(&pdta.igen, "igen", 4, "the instrument generators")?;
    let shdr = Table::new(&pdta.shdr, "shdr", 46, "the sample headers")?;

    check_bags(&pbag, &pgen, "preset")?;
    check_bags(&ibag, &igen, "instrument")?;
    // phdr records: name[20], preset u16, bank u16, bag index u16, ...
    check_headers(&phdr, &pbag, 24, "preset", |i| {
        format!(
            "preset '{}' (bank {}, program {})",
            phdr.name_at(i),
            phdr.u16_at(i, 22),
            phdr.u16_at(i, 20)
        )
    })?;
    // inst records: name[20], bag index u16.
    check_headers(&inst, &ibag, 20, "instrument", |i| {
        format!("instrument '{}'", inst.name_at(i))
    })?;
    check_sample_points(&shdr)
}

/// Sample points (start, end, loop start, loop end: unsigned 32-bit offsets into `smpl`) beyond
/// 2^30 cannot lie inside a file of at most 2 GiB. rustysynth reads them as signed 32-bit numbers
/// and adds the zones' address offsets (up to ±2^30) to them, which would overflow; whether the
/// points lie inside the sample data is checked later, for the samples actually played.
fn check_sample_points(shdr: &Table) -> Result<(), Reason> {
    const LIMIT: u32 = 1 << 30;
    for i in 0..shdr.len() - 1 {
        let at = i * shdr.record;
        for (offset, what) in [
            (20, "start"),
            (24, "end"),
            (28, "loop start"),
            (32, "loop end"),
        ] {
            let value = u32_le(&shdr.bytes[at + offset..at + offset + 4]);
            if value > LIMIT {
                return Err(format!(
                    "sample '{}' has its {what} at sample {value}, beyond any possible sample \
                     data (expected an offset into the 'smpl' chunk)",
                    shdr.name_at(i)
                ));
            }
        }
    }
    Ok(())
}

/// Zones: each bag's generators `[gen[i], gen[i+1])` must lie inside the generator table
/// (whose last record is a terminator rustysynth drops).
fn check_bags(bags: &Table, gens: &Table, kind: &str) -> Result<(), Reason> {
    if bags.len() < 2 {
        return Err(format!(
            "the '{}' chunk lists no {kind} zones (only the terminator)",
            bags.name
        ));
    }
    let gen_count = gens.len() - 1;
    for i in 0..bags.len() - 1 {
        let (first, next) = (bags.u16_at(i, 0), bags.u16_at(i + 1, 0));
        if next > first && next > gen_count {
            return Err(format!(
                "{kind} zone {i} uses generators {first}..{next} but the '{}' chunk holds only \
                 {gen_count}",
                gens.name
            ));
        }
    }
    Ok(())
}

/// Presets or instruments: each header's zones `[bag[i], bag[i+1])` must be non-empty and
/// inside the zone table.
fn check_headers(
    headers: &Table,
    bags: &Table,
    bag_offset: usize,
    kind: &str,
    describe: impl Fn(usize) -> String,
) -> Result<(), Reason> {
    if headers.len() < 2 {
        return Err(format!(
            "the '{}' chunk lists no {kind}s (only the terminator)",
            headers.name
        ));
    }
    let zone_count = bags.len() - 1;
    for i in 0..headers.len() - 1 {
        let (first, next) = (
            headers.u16_at(i, bag_offset),
            headers.u16_at(i + 1, bag_offset),
        );
        if next <= first {
            return Err(format!(
                "{} has no zones (its zone index {first} is not below the next {kind}'s {next})",
                describe(i)
            ));
        }
        if next > zone_count {
            return Err(format!(
                "{} uses zones {first}..{next} but the '{}' chunk holds only {zone_count}",
                describe(i),
                bags.name
            ));
        }
    }
    Ok(())
}

/// The file does not start with `RIFF`: say what it looks like instead.
fn not_riff(head: &[u8]) -> Reason {
    if head.starts_with(b"MThd") {
        "it is a Standard MIDI File (.mid), not a SoundFont".into()
    } else if head.starts_with(b"PK\x03\x04") {
        "it is a zip archive; unpack it and pass the .sf2 file inside".into()
    } else if head.starts_with(b"\x1f\x8b") {
        "it is gzip-compressed; decompress it first (gunzip)".into()
    } else if head.starts_with(b"sfArk") || head.get(27..32) == Some(b"sfArk") {
        "it is an sfArk archive; convert it to .sf2 first".into()
    } else if head.starts_with(b"OggS") {
        "it is an Ogg audio file, not a SoundFont".into()
    } else if head.len() < 4 {
        format!(
            "it is only {} bytes long and does not start with 'RIFF'",
            head.len()
        )
    } else {
        format!(
            "it does not start with a RIFF header (the first bytes are {}, expected 'RIFF')",
            quote(&head[..4])
        )
    }
}

/// A four-character code for messages: `'sfbk'`, or hex bytes when not printable.
fn quote(code: &[u8]) -> String {
    if code.iter().all(|b| (32..=126).contains(b)) {
        format!("'{}'", String::from_utf8_lossy(code))
    } else {
        let hex: Vec<String> = code.iter().map(|b| format!("{b:02x}")).collect();
        format!("0x{}", hex.join(" "))
    }
}

fn u32_le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}
