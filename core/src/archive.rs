//! A small zip writer and reader for bundles: deflated entries, fixed timestamps and
//! permissions, no extra fields, so the same files always give the same bytes. The reader takes
//! any archive a person might open (from tfdesign or not) and refuses what it cannot read with
//! an error naming the problem: it never panics and never inflates past a fixed limit.
//!
//! Format: PKWARE APPNOTE 6.3 (local headers, central directory, end record); no ZIP64,
//! encryption or multi-disk archives, which bundles never need.

use flate2::{Compress, Compression, Crc, Decompress, FlushCompress, FlushDecompress, Status};

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
/// 1980-01-01 00:00, the earliest MS-DOS date: (year − 1980) << 9 | month << 5 | day.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// Version 2.0: deflate.
const VERSION_NEEDED: u16 = 20;
/// Made by Unix (3), version 2.0, so the external attributes carry Unix permissions.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// A regular file, rw-r--r--.
const UNIX_FILE_MODE: u32 = 0o100_644;
/// General purpose flag bit 11: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// Most entries an archive may have (bundles have a few hundred; the 10× fixture ~2,000).
pub const MAX_ENTRIES: usize = 20_000;
/// Most bytes all entries may inflate to together.
pub const MAX_TOTAL_BYTES: usize = 256 << 20;

/// A zip archive of `files` (path, contents) in the order given.
///
/// # Errors
/// When the archive would need ZIP64 (more than 65,535 entries or 4 GiB), or a path is longer
/// than 65,535 bytes.
pub fn write<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count: u16 = 0;
    // One compressor for all entries: its state is large, and resetting it is cheap.
    let mut compressor = Compress::new(Compression::new(1), false);
    for (path, contents) in files {
        count = count
            .checked_add(1)
            .ok_or("more than 65,535 files do not fit a zip without ZIP64")?;
        let name_len =
            u16::try_from(path.len()).map_err(|_| format!("the path {path:.60}… is too long"))?;
        let mut crc = Crc::new();
        crc.update(contents);
        let deflated = deflate(&mut compressor, contents)?;
        let too_big = || format!("{path} is too big for a zip without ZIP64");
        let size = u32::try_from(contents.len()).map_err(|_| too_big())?;
        let compressed = u32::try_from(deflated.len()).map_err(|_| too_big())?;
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;

        // Local file header.
        put32(&mut out, LOCAL_HEADER);
        put16(&mut out, VERSION_NEEDED);
        put16(&mut out, FLAG_UTF8);
        put16(&mut out, DEFLATED);
        put16(&mut out, DOS_TIME);
        put16(&mut out, DOS_DATE);
        put32(&mut out, crc.sum());
        put32(&mut out, compressed);
        put32(&mut out, size);
        put16(&mut out, name_len);
        put16(&mut out, 0);
        out.extend_from_slice(path.as_bytes());
        out.extend_from_slice(&deflated);

        // Its central directory entry.
        put32(&mut central, CENTRAL_HEADER);
        put16(&mut central, VERSION_MADE_BY);
        put16(&mut central, VERSION_NEEDED);
        put16(&mut central, FLAG_UTF8);
        put16(&mut central, DEFLATED);
        put16(&mut central, DOS_TIME);
        put16(&mut central, DOS_DATE);
        put32(&mut central, crc.sum());
        put32(&mut central, compressed);
        put32(&mut central, size);
        put16(&mut central, name_len);
        put16(&mut central, 0); // extra field length
        put16(&mut central, 0); // comment length
        put16(&mut central, 0); // disk number
        put16(&mut central, 0); // internal attributes
        put32(&mut central, UNIX_FILE_MODE << 16);
        put32(&mut central, offset);
        central.extend_from_slice(path.as_bytes());
    }
    let too_big = || "the bundle is too big for a zip without ZIP64".to_string();
    let central_offset = u32::try_from(out.len()).map_err(|_| too_big())?;
    let central_size = u32::try_from(central.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&central);
    put32(&mut out, END_OF_CENTRAL_DIRECTORY);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // disk with the central directory
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, central_size);
    put32(&mut out, central_offset);
    put16(&mut out, 0); // comment length
    Ok(out)
}

/// Most bytes one entry's declared size may reserve before inflating; more is reserved only
/// as inflated data actually arrives.
const INITIAL_RESERVE: usize = 64 << 10;
/// Most bytes of a design read from a zip ([`read_design`]): far above any design within the
/// size limits (the largest preset is about 12 KiB).
pub const MAX_DESIGN_BYTES: usize = 4 << 20;
/// The design's file in a bundle.
pub const DESIGN_FILE: &str = "tfdesign.json";

/// One file of the central directory, checked against its local header.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    /// The stored (compressed) bytes.
    start: usize,
    compressed: usize,
    /// The size the directory declares once inflated.
    size: usize,
}

/// The files of a zip archive as (path, contents), in central directory order; folders are
/// left out.
///
/// # Errors
/// A message naming what is wrong: not a zip, truncated, encrypted, ZIP64 or multi-disk, an
/// unsupported compression method, a checksum mismatch, a name listed twice or different in the
/// directory and the local header, or more than [`MAX_ENTRIES`] entries or [`MAX_TOTAL_BYTES`]
/// of contents.
pub fn read(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let entries = directory(bytes)?;
    let mut total = 0usize;
    let mut files = Vec::with_capacity(entries.len());
    for e in &entries {
        if e.size > MAX_TOTAL_BYTES - total {
            return Err(format!(
                "its contents are bigger than {} MiB",
                MAX_TOTAL_BYTES >> 20
            ));
        }
        total += e.size;
        files.push((e.name.clone(), extract(bytes, e)?));
    }
    Ok(files)
}

/// The design of a bundle zip: the text of `tfdesign.json` at the top of the archive, or in
/// its one top folder (a bundle folder zipped again, e.g. `bundle/tfdesign.json`). Only that
/// entry is inflated, and only up to [`MAX_DESIGN_BYTES`].
///
/// # Errors
/// What [`read`] refuses in the directory; no such file, or one in several top folders; a
/// design bigger than [`MAX_DESIGN_BYTES`]; contents that do not inflate to the declared size
/// and checksum, or are not UTF-8.
pub fn read_design(bytes: &[u8]) -> Result<String, String> {
    let entries = directory(bytes)?;
    let root = entries.iter().find(|e| e.name == DESIGN_FILE);
    let nested: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            e.name
                .strip_suffix(DESIGN_FILE)
                .and_then(|folder| folder.strip_suffix('/'))
                .is_some_and(|folder| !folder.is_empty() && !folder.contains('/'))
        })
        .collect();
    let entry = match (root, nested.as_slice()) {
        (Some(e), _) => e,
        (None, [e]) => *e,
        (None, []) => {
            return Err(format!(
                "it has no {DESIGN_FILE} at its top or in one top folder: it is not a bundle that tfdesign generated"
            ))
        }
        (None, several) => {
            return Err(format!(
                "it has a {DESIGN_FILE} in {} top folders ({}), so it is not clear which design to open",
                several.len(),
                several
                    .iter()
                    .take(3)
                    .map(|e| e.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    };
    if entry.size > MAX_DESIGN_BYTES {
        return Err(format!(
            "its {} is {} bytes, more than the {} MiB a design can be",
            entry.name,
            entry.size,
            MAX_DESIGN_BYTES >> 20
        ));
    }
    let contents = extract(bytes, entry)?;
    String::from_utf8(contents).map_err(|_| format!("{} is not UTF-8 text", entry.name))
}

/// The central directory's file entries, each checked against its local header: no name twice,
/// the same name in both places, not encrypted, its stored bytes inside the archive.
fn directory(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let end = find_end(bytes).ok_or("it is not a zip archive (no end of central directory)")?;
    let at = Reader { bytes };
    if at.u16(end + 4)? != 0 || at.u16(end + 6)? != 0 {
        return Err("it is a multi-disk zip archive, which is not supported".into());
    }
    let count = usize::from(at.u16(end + 10)?);
    let central_offset = at.u32(end + 16)? as usize;
    if at.u32(end + 16)? == u32::MAX || at.u16(end + 10)? == u16::MAX {
        return Err("it is a ZIP64 archive, which is not supported".into());
    }
    if count > MAX_ENTRIES {
        return Err(format!("it has more than {MAX_ENTRIES} entries"));
    }
    // Each entry takes at least 46 bytes of directory: a count the bytes cannot hold is a lie,
    // and is not used to reserve memory.
    let mut entries = Vec::with_capacity(count.min(bytes.len() / 46));
    let mut names = std::collections::BTreeSet::new();
    let mut pos = central_offset;
    for i in 0..count {
        if at.u32(pos)? != CENTRAL_HEADER {
            return Err(format!(
                "its central directory is damaged at entry {}",
                i + 1
            ));
        }
        let flags = at.u16(pos + 8)?;
        let method = at.u16(pos + 10)?;
        let crc = at.u32(pos + 16)?;
        let compressed = at.u32(pos + 20)? as usize;
        let size = at.u32(pos + 24)? as usize;
        let name_len = usize::from(at.u16(pos + 28)?);
        let extra_len = usize::from(at.u16(pos + 30)?);
        let comment_len = usize::from(at.u16(pos + 32)?);
        let local = at.u32(pos + 42)? as usize;
        let name_bytes = at.slice(pos + 46, name_len)?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        pos += 46 + name_len + extra_len + comment_len;
        let shown = crate::validate_text::shown(&name);
        if flags & 1 != 0 {
            return Err(format!("{shown} is encrypted"));
        }
        if name.ends_with('/') {
            continue;
        }
        if !names.insert(name_bytes) {
            return Err(format!(
                "it lists {shown} twice, so it is not clear which one is meant"
            ));
        }
        if at.u32(local)? != LOCAL_HEADER {
            return Err(format!("{shown}: its local header is missing"));
        }
        let local_name_len = usize::from(at.u16(local + 26)?);
        if at.slice(local + 30, local_name_len)? != name_bytes {
            return Err(format!(
                "{shown} is named \"{}\" in its local header: the archive was altered",
                crate::validate_text::shown(&String::from_utf8_lossy(
                    at.slice(local + 30, local_name_len)?
                ))
            ));
        }
        let start = local + 30 + local_name_len + usize::from(at.u16(local + 28)?);
        at.slice(start, compressed)?;
        entries.push(Entry {
            name,
            method,
            crc,
            start,
            compressed,
            size,
        });
    }
    Ok(entries)
}

/// The contents of one entry: inflated up to its declared size, then checked against its size
/// and checksum.
fn extract(bytes: &[u8], e: &Entry) -> Result<Vec<u8>, String> {
    let name = crate::validate_text::shown(&e.name);
    let stored = Reader { bytes }.slice(e.start, e.compressed)?;
    let contents = match e.method {
        STORED => stored.to_vec(),
        DEFLATED => inflate(stored, e.size).map_err(|why| format!("{name}: {why}"))?,
        other => {
            return Err(format!(
                "{name} uses compression method {other}; only stored and deflated are supported"
            ))
        }
    };
    if contents.len() != e.size {
        return Err(format!("{name}: its size does not match the directory"));
    }
    let mut check = Crc::new();
    check.update(&contents);
    if check.sum() != e.crc {
        return Err(format!("{name}: its checksum does not match its contents"));
    }
    Ok(contents)
}

/// Raw DEFLATE of `contents`, with `compressor` reset first.
fn deflate(compressor: &mut Compress, contents: &[u8]) -> Result<Vec<u8>, String> {
    compressor.reset();
    // Deflate never grows data by more than 5 bytes per 16 KiB block, plus a little.
    let mut out = Vec::with_capacity(contents.len() + contents.len() / 1000 + 64);
    loop {
        let read = compressor.total_in() as usize;
        let rest = contents.get(read..).unwrap_or_default();
        let status = compressor
            .compress_vec(rest, &mut out, FlushCompress::Finish)
            .map_err(|e| format!("deflate: {e}"))?;
        match status {
            Status::StreamEnd => return Ok(out),
            _ => out.reserve(out.capacity().max(64)),
        }
    }
}

/// Inflates raw DEFLATE data into `size` bytes at most. Memory grows with the data that
/// actually inflates (from [`INITIAL_RESERVE`]), never with the declared size alone.
fn inflate(data: &[u8], size: usize) -> Result<Vec<u8>, String> {
    // One byte of room past `size` tells "too long" apart from "exactly right".
    let limit = size.saturating_add(1);
    let mut out = Vec::with_capacity(limit.min(INITIAL_RESERVE));
    let mut inflater = Decompress::new(false);
    loop {
        if out.len() == out.capacity() {
            if out.len() >= limit {
                return Err("it inflates to more than the directory says".into());
            }
            out.reserve_exact(out.capacity().max(INITIAL_RESERVE).min(limit - out.len()));
        }
        let (read, written) = (inflater.total_in(), inflater.total_out());
        let rest = data.get(read as usize..).unwrap_or_default();
        let status = inflater
            // Not `Finish`: with it the backend must fit the whole output in the room given
            // now and calls the data invalid when it does not (a file over INITIAL_RESERVE).
            .decompress_vec(rest, &mut out, FlushDecompress::None)
            .map_err(|_| "its compressed data is invalid".to_string())?;
        if status == Status::StreamEnd {
            return Ok(out);
        }
        if out.len() > size {
            return Err("it inflates to more than the directory says".into());
        }
        let stalled = inflater.total_in() == read && inflater.total_out() == written;
        if stalled && out.len() < out.capacity() {
            return Err("its compressed data is truncated".into());
        }
    }
}

/// Offset of the end of central directory record: the last signature whose comment length
/// reaches exactly the end of the bytes (a comment may be up to 65,535 bytes).
fn find_end(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    (first..=last).rev().find(|&i| {
        bytes[i..i + 4] == END_OF_CENTRAL_DIRECTORY.to_le_bytes()
            && usize::from(u16::from_le_bytes([bytes[i + 20], bytes[i + 21]]))
                == bytes.len() - i - 22
    })
}

/// Bounds-checked little-endian reads.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn slice(&self, at: usize, len: usize) -> Result<&'a [u8], String> {
        at.checked_add(len)
            .and_then(|end| self.bytes.get(at..end))
            .ok_or_else(|| "it is truncated".to_string())
    }

    fn u16(&self, at: usize) -> Result<u16, String> {
        let b = self.slice(at, 2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&self, at: usize) -> Result<u32, String> {
        let b = self.slice(at, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(String, Vec<u8>)> {
        vec![
            ("README.md".into(), b"# hello\n".to_vec()),
            ("empty.txt".into(), Vec::new()),
            (
                "modules/x/main.tf".into(),
                "résumé ${x}\n".repeat(500).into_bytes(),
            ),
        ]
    }

    fn zipped(files: &[(String, Vec<u8>)]) -> Vec<u8> {
        write(files.iter().map(|(p, c)| (p.as_str(), c.as_slice()))).expect("zip")
    }

    #[test]
    fn round_trips_and_is_deterministic() {
        let files = sample();
        let a = zipped(&files);
        assert_eq!(a, zipped(&files));
        assert_eq!(read(&a).expect("read"), files);
    }

    #[test]
    fn an_empty_archive_is_valid() {
        let a = write(std::iter::empty()).expect("zip");
        assert_eq!(a.len(), 22);
        assert_eq!(read(&a).expect("read"), vec![]);
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_an_error_or_a_checked_read() {
        let a = zipped(&sample());
        for len in 0..a.len() {
            assert!(read(&a[..len]).is_err(), "truncated to {len} bytes read");
        }
        for i in 0..a.len() {
            let mut b = a.clone();
            b[i] ^= 0x5a;
            // Either refused with a message or read with every checksum matching.
            if let Ok(files) = read(&b) {
                assert_eq!(files.len(), 3, "byte {i}");
            }
        }
    }

    #[test]
    fn hostile_archives_are_refused_by_name() {
        let mut a = zipped(&sample());
        assert!(read(b"PK not a zip").unwrap_err().contains("not a zip"));
        // Claims a tiny size for a big entry: inflation stops at the claim.
        let central = a.len() - 22 - (46 + "modules/x/main.tf".len());
        a[central + 24..central + 28].copy_from_slice(&10u32.to_le_bytes());
        assert!(
            read(&a).unwrap_err().contains("inflates to more"),
            "{:?}",
            read(&a)
        );
        // Encrypted.
        let mut e = zipped(&sample());
        let first = e.len() - 22 - 3 * 46 - "README.mdempty.txtmodules/x/main.tf".len();
        e[first + 8] |= 1;
        assert!(read(&e).unwrap_err().contains("encrypted"));
    }

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        write(files.iter().copied()).expect("zip")
    }

    const DESIGN: &[u8] = b"{\"version\":1}";

    #[test]
    fn the_design_is_found_at_the_top_or_in_one_top_folder() {
        let top = zip_of(&[("README.md", b"x"), ("tfdesign.json", DESIGN)]);
        assert_eq!(read_design(&top).unwrap().as_bytes(), DESIGN);
        let rezipped = zip_of(&[("bundle/README.md", b"x"), ("bundle/tfdesign.json", DESIGN)]);
        assert_eq!(read_design(&rezipped).unwrap().as_bytes(), DESIGN);
        let both = zip_of(&[("a/tfdesign.json", b"{}"), ("tfdesign.json", DESIGN)]);
        assert_eq!(read_design(&both).unwrap().as_bytes(), DESIGN);
        let two = zip_of(&[("a/tfdesign.json", DESIGN), ("b/tfdesign.json", DESIGN)]);
        let e = read_design(&two).unwrap_err();
        assert!(
            e.contains("2 top folders") && e.contains("a/tfdesign.json"),
            "{e}"
        );
        for none in [
            zip_of(&[("a/b/tfdesign.json", DESIGN)]),
            zip_of(&[("/tfdesign.json", DESIGN)]),
            zip_of(&[("xtfdesign.json", DESIGN)]),
            zip_of(&[("README.md", b"x")]),
        ] {
            let e = read_design(&none).unwrap_err();
            assert!(e.contains("no tfdesign.json"), "{e}");
        }
    }

    #[test]
    fn only_the_design_is_inflated() {
        let mut a = zip_of(&[("tfdesign.json", DESIGN), ("z/big.bin", &[7u8; 5000])]);
        // Damage the other entry's compressed data: reading every file fails on it, reading
        // the design never touches it.
        let data = 30 + "tfdesign.json".len() + deflated_len(&a, 0) + 30 + "z/big.bin".len();
        a[data] ^= 0xff;
        a[data + 1] ^= 0xff;
        assert!(
            read(&a).unwrap_err().contains("z/big.bin"),
            "{:?}",
            read(&a)
        );
        assert_eq!(read_design(&a).unwrap().as_bytes(), DESIGN);
    }

    /// The compressed size of entry `i` (from its local header).
    fn deflated_len(a: &[u8], i: usize) -> usize {
        let mut pos = 0;
        for _ in 0..i {
            let c = u32::from_le_bytes(a[pos + 18..pos + 22].try_into().unwrap()) as usize;
            let n = u16::from_le_bytes([a[pos + 26], a[pos + 27]]) as usize;
            pos += 30 + n + c;
        }
        u32::from_le_bytes(a[pos + 18..pos + 22].try_into().unwrap()) as usize
    }

    #[test]
    fn duplicate_and_mismatched_names_are_refused() {
        let twice = zip_of(&[("tfdesign.json", DESIGN), ("tfdesign.json", b"{}")]);
        for e in [read(&twice).unwrap_err(), read_design(&twice).unwrap_err()] {
            assert!(e.contains("lists tfdesign.json twice"), "{e}");
        }
        // The local header names another file than the directory: an archive whose entries
        // read differently with tools that trust one or the other.
        let mut local = zip_of(&[("tfdesign.json", DESIGN)]);
        local[30 + 12] = b'5';
        for e in [read(&local).unwrap_err(), read_design(&local).unwrap_err()] {
            assert!(
                e.contains("tfdesign.json is named \"tfdesign.jso5\""),
                "{e}"
            );
        }
        let mut central = zip_of(&[("tfdesign.json", DESIGN)]);
        let at = central.len() - 22 - "tfdesign.json".len() + 12;
        central[at] = b'5';
        for e in [
            read(&central).unwrap_err(),
            read_design(&central).unwrap_err(),
        ] {
            assert!(
                e.contains("tfdesign.jso5 is named \"tfdesign.json\""),
                "{e}"
            );
        }
    }

    #[test]
    fn declared_sizes_are_bounded_before_inflating() {
        // A design declared at 4 GiB - 1: refused from the directory, nothing inflated.
        let mut a = zip_of(&[("tfdesign.json", DESIGN)]);
        let central = a.len() - 22 - 46 - "tfdesign.json".len();
        a[central + 24..central + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        let e = read_design(&a).unwrap_err();
        assert!(e.contains("4294967295 bytes") && e.contains("4 MiB"), "{e}");
        // 8 MiB of zeros declared as 13 bytes: inflation stops at the declaration.
        let zeros = vec![0u8; 8 << 20];
        let mut bomb = zip_of(&[("tfdesign.json", &zeros)]);
        let central = bomb.len() - 22 - 46 - "tfdesign.json".len();
        bomb[central + 24..central + 28].copy_from_slice(&13u32.to_le_bytes());
        assert!(read_design(&bomb).unwrap_err().contains("inflates to more"));
        // A directory claiming 20,000 entries in a few bytes is refused without reserving
        // room for them.
        let mut many = zip_of(&[("tfdesign.json", DESIGN)]);
        let end = many.len() - 22;
        many[end + 8..end + 12].copy_from_slice(&[0x20, 0x4e, 0x20, 0x4e]);
        assert!(read(&many).is_err());
    }
}
