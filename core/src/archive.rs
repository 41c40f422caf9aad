//! Bundles as zip archives, written and read with the `zip` crate: deflated entries, fixed
//! timestamps and permissions, so the same files always give the same bytes. The reader takes any
//! archive a person might open (from tfdesign or not) and refuses what it cannot read with an
//! error naming the problem: it never panics and never inflates past a fixed limit.
//!
//! On top of the crate's own checks (signatures, sizes, checksums), the reader refuses what would
//! let two tools see two different archives: a name listed twice (the crate would keep the last
//! one silently), and a local header that names another file than the directory.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::sync::Mutex;
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Most entries an archive may have (bundles have a few hundred; the 10× fixture ~2,000).
pub const MAX_ENTRIES: usize = 20_000;
/// Most bytes all entries may inflate to together.
pub const MAX_TOTAL_BYTES: usize = 256 << 20;
/// Most bytes one entry's declared size may reserve before inflating; more is reserved only
/// as inflated data actually arrives.
const INITIAL_RESERVE: usize = 64 << 10;
/// Most bytes of a design read from a zip ([`read_design`]): far above any design within the
/// size limits (the largest preset is about 12 KiB).
pub const MAX_DESIGN_BYTES: usize = 4 << 20;
/// The design's file in a bundle.
pub const DESIGN_FILE: &str = "tfdesign.json";

/// A zip archive of `files` (path, contents) in the order given: deflate level 1 (bundles are
/// text; higher levels cost several times the time for a few percent), 1980-01-01 00:00 and
/// rw-r--r-- on every entry.
///
/// An entry whose path and contents are the same as in the last archive written is copied from
/// it already deflated ([`LAST`]) instead of being deflated again: from one edit of a design to
/// the next most files do not change, and deflating is most of the time of a zip. The bytes are
/// the same either way (tested).
///
/// # Errors
/// When the zip crate refuses an entry (e.g. a path given twice), named with its path.
pub fn write<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<Vec<u8>, String> {
    // Taken out while this archive is written, so a failed write leaves no half-made cache.
    let last = LAST.lock().ok().and_then(|mut l| l.take());
    let made = write_after(files, last.as_ref())?;
    let out = made.zip.clone();
    if let Ok(mut l) = LAST.lock() {
        *l = Some(made);
    }
    Ok(out)
}

/// [`write`], copying unchanged entries from `last` (none: every entry is deflated).
fn write_after<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    last: Option<&Last>,
) -> Result<Last, String> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut earlier = last.and_then(|l| ZipArchive::new(Cursor::new(l.zip.as_slice())).ok());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let (mut entries, mut copied) = (HashMap::new(), 0);
    for (index, (path, contents)) in files.into_iter().enumerate() {
        let same = last
            .and_then(|l| l.entries.get(path))
            .filter(|(_, before)| before.as_slice() == contents)
            .map(|(i, _)| *i);
        let copy = same.zip(earlier.as_mut()).and_then(|(i, archive)| {
            archive
                .by_index_raw(i)
                .ok()
                .filter(|f| f.compression() == CompressionMethod::Deflated)
        });
        let written = match copy {
            Some(file) => {
                copied += 1;
                zip.raw_copy_file_touch(file, DateTime::default(), Some(0o644))
            }
            None => zip
                .start_file(path, options)
                .and_then(|()| zip.write_all(contents).map_err(ZipError::from)),
        };
        written.map_err(|e| format!("{}: {e}", crate::validate_text::shown(path)))?;
        entries.insert(path.to_string(), (index, contents.to_vec()));
    }
    let zip = zip
        .finish()
        .map_err(|e| format!("the zip: {e}"))?
        .into_inner();
    Ok(Last {
        zip,
        entries,
        copied,
    })
}

/// The last archive [`write`] made and, by path, each entry's index in it and its contents.
struct Last {
    zip: Vec<u8>,
    entries: HashMap<String, (usize, Vec<u8>)>,
    /// How many entries were copied from the archive before (for tests).
    #[cfg_attr(not(test), allow(dead_code))]
    copied: usize,
}

/// The last archive written (one bundle's worth: the contents and the zip of the last bundle,
/// about 8 MB at 10×). Purely a cache.
static LAST: Mutex<Option<Last>> = Mutex::new(None);

/// Forgets the last archive written, so the next one deflates every entry (for benchmarks of a
/// first zip and for tests).
pub fn forget_last() {
    if let Ok(mut l) = LAST.lock() {
        *l = None;
    }
}

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// One file of the archive, checked against its local header.
struct Entry {
    index: usize,
    name: String,
    /// The size the directory declares once inflated.
    size: usize,
}

/// The files of a zip archive as (path, contents), in central directory order; folders are
/// left out.
///
/// # Errors
/// A message naming what is wrong: not a zip, truncated, encrypted or multi-disk, an
/// unsupported compression method, a checksum mismatch, a name listed twice or different in the
/// directory and the local header, or more than [`MAX_ENTRIES`] entries or [`MAX_TOTAL_BYTES`]
/// of contents.
pub fn read(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let (mut archive, entries) = directory(bytes)?;
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
        files.push((e.name.clone(), extract(&mut archive, e)?));
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
    let (mut archive, entries) = directory(bytes)?;
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
    let contents = extract(&mut archive, entry)?;
    String::from_utf8(contents).map_err(|_| format!("{} is not UTF-8 text", entry.name))
}

/// What the crate's refusal means, in the words of the rest of the reader.
fn refused(e: &ZipError) -> String {
    match e {
        ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "it is truncated".into()
        }
        ZipError::Io(io) => format!("it cannot be read ({io})"),
        ZipError::InvalidArchive(why) => {
            format!("it is not a zip archive, or a damaged one ({why})")
        }
        ZipError::UnsupportedArchive(why) if *why == ZipError::PASSWORD_REQUIRED => {
            "it is encrypted".into()
        }
        ZipError::UnsupportedArchive(why) => format!("it uses what is not supported: {why}"),
        other => format!("it cannot be read ({other})"),
    }
}

/// The archive and its file entries, each checked: no more than [`MAX_ENTRIES`], no name twice,
/// not encrypted, the same name in the directory and the local header.
fn directory(bytes: &[u8]) -> Result<(Archive<'_>, Vec<Entry>), String> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| refused(&e))?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!("it has more than {MAX_ENTRIES} entries"));
    }
    listed_once(bytes, &mut archive)?;
    let mut entries = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let listed = archive
            .name_for_index(index)
            .map(crate::validate_text::shown)
            .unwrap_or_default();
        let file = archive
            .by_index_raw(index)
            .map_err(|e| format!("{listed}: {}", refused(&e)))?;
        let shown = crate::validate_text::shown(file.name());
        if file.encrypted() {
            return Err(format!("{shown} is encrypted"));
        }
        if file.is_dir() {
            continue;
        }
        let local = local_name(bytes, file.header_start()).ok_or("it is truncated")?;
        if local != file.name_raw() {
            return Err(format!(
                "{shown} is named \"{}\" in its local header: the archive was altered",
                crate::validate_text::shown(&String::from_utf8_lossy(local))
            ));
        }
        entries.push(Entry {
            index,
            name: file.name().to_string(),
            size: usize::try_from(file.size()).unwrap_or(usize::MAX),
        });
    }
    Ok((archive, entries))
}

/// Refuses a name listed twice in the central directory. The crate keeps one entry per name
/// (the last), so a duplicate shows as a gap: the directory's headers are contiguous, and the
/// dropped header is where the kept ones leave room.
fn listed_once(bytes: &[u8], archive: &mut Archive<'_>) -> Result<(), String> {
    let u16_at = |at: usize| -> Option<usize> {
        let b = bytes.get(at..at.checked_add(2)?)?;
        Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
    };
    // One central header's length: 46 fixed bytes, then its name, extra field and comment.
    let header_len = |at: usize| -> Option<usize> {
        Some(46 + u16_at(at + 28)? + u16_at(at + 30)? + u16_at(at + 32)?)
    };
    let mut starts = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).map_err(|e| refused(&e))?;
        starts.push(usize::try_from(file.central_header_start()).unwrap_or(usize::MAX));
    }
    starts.sort_unstable();
    let mut expected = usize::try_from(archive.central_directory_start()).unwrap_or(usize::MAX);
    for start in starts {
        if start != expected {
            let name = u16_at(expected + 28)
                .and_then(|len| bytes.get(expected + 46..expected + 46 + len))
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            return Err(format!(
                "it lists {} twice, so it is not clear which one is meant",
                crate::validate_text::shown(&name)
            ));
        }
        expected = start + header_len(start).ok_or("it is truncated")?;
    }
    Ok(())
}

/// The name a local header at `at` gives its file.
fn local_name(bytes: &[u8], at: u64) -> Option<&[u8]> {
    let at = usize::try_from(at).ok()?;
    let len = bytes.get(at + 26..at + 28)?;
    let len = usize::from(u16::from_le_bytes([len[0], len[1]]));
    bytes.get(at + 30..at + 30 + len)
}

/// The contents of one entry: inflated up to one byte past its declared size (memory grows
/// with what actually inflates, from [`INITIAL_RESERVE`]), then checked against that size; the
/// crate checks the checksum at the end of the data.
fn extract(archive: &mut Archive<'_>, e: &Entry) -> Result<Vec<u8>, String> {
    let name = crate::validate_text::shown(&e.name);
    let file = archive
        .by_index(e.index)
        .map_err(|why| format!("{name}: {}", refused(&why)))?;
    let mut contents = Vec::with_capacity(e.size.min(INITIAL_RESERVE));
    file.take(e.size as u64 + 1)
        .read_to_end(&mut contents)
        .map_err(|why| match why.kind() {
            std::io::ErrorKind::InvalidData if why.to_string().contains("checksum") => {
                format!("{name}: its checksum does not match its contents")
            }
            std::io::ErrorKind::UnexpectedEof => {
                format!("{name}: its compressed data is truncated")
            }
            _ => format!("{name}: its compressed data is invalid"),
        })?;
    if contents.len() > e.size {
        return Err(format!(
            "{name}: it inflates to more than the directory says"
        ));
    }
    if contents.len() != e.size {
        return Err(format!("{name}: its size does not match the directory"));
    }
    Ok(contents)
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

    /// Every entry deflated, with no earlier archive to copy from.
    fn fresh(files: &[(String, Vec<u8>)]) -> Last {
        write_after(files.iter().map(|(p, c)| (p.as_str(), c.as_slice())), None).expect("zip")
    }

    #[test]
    fn copying_unchanged_entries_gives_the_same_bytes() {
        let first = sample();
        let mut second = first.clone();
        second[2].1.extend_from_slice(b"changed\n");
        second.insert(1, ("added.tf".into(), b"x = 1\n".repeat(40)));
        second.remove(0);
        let third = vec![first[2].clone(), first[0].clone()];
        let mut last = fresh(&first);
        let mut copies = vec![];
        for files in [&first, &second, &third, &first, &first] {
            let next = write_after(
                files.iter().map(|(p, c)| (p.as_str(), c.as_slice())),
                Some(&last),
            )
            .expect("zip");
            assert_eq!(next.zip, fresh(files).zip);
            assert_eq!(read(&next.zip).expect("read"), *files);
            copies.push(next.copied);
            last = next;
        }
        // The same files: all three copied; README.md gone, empty.txt kept, main.tf changed:
        // one; main.tf back to its first contents and README.md, neither in the archive before:
        // none; both of those again, empty.txt back: two; the same files: all three.
        assert_eq!(copies, [3, 1, 0, 2, 3]);
    }

    #[test]
    fn a_bundle_zips_to_the_same_bytes_after_an_edit() {
        let mut design = crate::presets::sports_cards();
        let before = crate::generate(&design).expect("generates");
        design.services[0].description.push_str(" (edited)");
        let after = crate::generate(&design).expect("generates");
        let files = |b: &crate::bundle::Bundle| -> Vec<(String, Vec<u8>)> {
            b.files
                .iter()
                .map(|(p, c)| (p.clone(), c.clone()))
                .collect()
        };
        let (before, after) = (files(&before), files(&after));
        assert_ne!(before, after);
        let last = fresh(&before);
        let next = write_after(
            after.iter().map(|(p, c)| (p.as_str(), c.as_slice())),
            Some(&last),
        )
        .expect("zip");
        assert_eq!(next.zip, fresh(&after).zip);
        let changed = after.iter().filter(|f| !before.contains(f)).count();
        assert!(changed > 0 && next.copied == after.len() - changed);
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
        // The writer refuses a path given twice; an archive from elsewhere may hold one.
        let e = write([("a.md", &b"x"[..]), ("a.md", b"y")]).unwrap_err();
        assert!(e.contains("a.md"), "{e}");
        let mut twice = zip_of(&[("tfdesign.json", DESIGN), ("tfdesign.jsoz", b"{}")]);
        for at in 0..twice.len() - 12 {
            if &twice[at..at + 13] == b"tfdesign.jsoz" {
                twice[at + 12] = b'n';
            }
        }
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
