//! Issue 13: reading an imported zip reserves memory for what actually inflates, never for
//! what its directory declares, and reading the design inflates nothing else.
//! One test in its own binary: it counts every allocation of the process.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use tfdesign_core::{archive, generate, presets};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes allocated at the peak of `f`, above what was allocated before it.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = NOW.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let out = f();
    (out, PEAK.load(Ordering::SeqCst) - before)
}

#[test]
fn reading_a_zip_reserves_memory_for_what_inflates_not_for_what_is_declared() {
    let bundle = generate(&presets::sports_cards()).expect("generates");
    let zip = bundle.to_zip().expect("zips");
    let json = bundle.text("tfdesign.json").unwrap().to_string();

    let (design, design_peak) = peak_of(|| archive::read_design(&zip));
    assert_eq!(design.unwrap(), json);
    let (files, all_peak) = peak_of(|| archive::read(&zip));
    assert_eq!(files.unwrap().len(), bundle.files.len());
    eprintln!(
        "zip of {} bytes, {} files ({} bytes inflated): read_design peak {design_peak} bytes, \
         read peak {all_peak} bytes (design {} bytes)",
        zip.len(),
        bundle.files.len(),
        bundle.total_bytes(),
        json.len()
    );
    // The design alone: its own bytes, the directory and an inflater, not the bundle.
    assert!(design_peak < json.len() + (256 << 10), "{design_peak}");
    assert!(design_peak * 4 < all_peak, "{design_peak} vs {all_peak}");

    // Every entry's directory size raised to 200 MiB (the sizes together stay under the 256 MiB
    // cap only for the first): whatever the claim, memory follows the data.
    let mut lying = zip.clone();
    let end = lying.len() - 22;
    let mut pos = u32::from_le_bytes(lying[end + 16..end + 20].try_into().unwrap()) as usize;
    while pos < end {
        lying[pos + 24..pos + 28].copy_from_slice(&(200u32 << 20).to_le_bytes());
        let n = |at: usize| usize::from(u16::from_le_bytes([lying[at], lying[at + 1]]));
        pos += 46 + n(pos + 28) + n(pos + 30) + n(pos + 32);
    }
    let (result, peak) = peak_of(|| archive::read(&lying));
    let e = result.unwrap_err();
    assert!(e.contains("size does not match"), "{e}");
    eprintln!("a directory claiming 200 MiB per entry: refused ({e}), peak {peak} bytes");
    assert!(peak < 1 << 20, "{peak}");
    let (result, peak) = peak_of(|| archive::read_design(&lying));
    assert!(result.unwrap_err().contains("4 MiB"));
    assert!(peak < 1 << 20, "{peak}");
}
