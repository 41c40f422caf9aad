//! What the code pane marks in the lines of a file: the lines an edit changed (a small line
//! diff of the file before and after) and the matches of "Find in file". Plain functions over
//! text, so they are tested without a page.

/// Largest middle part (lines before × lines after, once the common first and last lines are set
/// aside) compared line by line; past it every line of the new middle counts as changed.
const LCS_CELLS: usize = 250_000;

/// Which lines of `now` are new or changed since `before`: `true` at each line of `now` that is
/// not part of a longest common subsequence of the two files' lines. The lines both files
/// start and end with are set aside first, so an edit's usual diff (a few lines in one place)
/// costs little more than one pass over the text.
pub fn changed(before: &str, now: &str) -> Vec<bool> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = now.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &old[prefix..old.len() - suffix];
    let new_mid = &new[prefix..new.len() - suffix];
    let mut out = vec![false; new.len()];
    let marks = &mut out[prefix..new.len() - suffix];
    if old_mid.is_empty() || old_mid.len() * new_mid.len() > LCS_CELLS {
        marks.iter_mut().for_each(|m| *m = true);
        return out;
    }
    // lengths[i][j]: the longest common subsequence of old_mid[i..] and new_mid[j..].
    let width = new_mid.len() + 1;
    let mut lengths = vec![0u32; (old_mid.len() + 1) * width];
    for i in (0..old_mid.len()).rev() {
        for j in (0..new_mid.len()).rev() {
            lengths[i * width + j] = if old_mid[i] == new_mid[j] {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    marks.iter_mut().for_each(|m| *m = true);
    let (mut i, mut j) = (0, 0);
    while i < old_mid.len() && j < new_mid.len() {
        if old_mid[i] == new_mid[j] {
            marks[j] = false;
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// One match of "Find in file": its line (from 0) and byte range in that line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Match {
    /// The line, from 0.
    pub line: usize,
    /// Where the match starts in the line (bytes).
    pub start: usize,
    /// Where it ends (bytes, exclusive).
    pub end: usize,
}

/// Every match of `query` in `text`, line by line, left to right, not overlapping; letters
/// match whatever their case (ASCII). An empty query matches nothing.
pub fn find(text: &str, query: &str) -> Vec<Match> {
    if query.is_empty() {
        return Vec::new();
    }
    let query = query.to_ascii_lowercase();
    let mut out = Vec::new();
    for (line, content) in text.lines().enumerate() {
        // ASCII lowering keeps every byte offset.
        let lowered = content.to_ascii_lowercase();
        let mut from = 0;
        while let Some(at) = lowered[from..].find(&query) {
            let start = from + at;
            let end = start + query.len();
            out.push(Match { line, start, end });
            from = end;
        }
    }
    out
}

/// Splits `pieces` (a highlighted line: each piece's class and text) at the edges of the
/// `marks` (byte ranges in the line, sorted, not overlapping, each `true` when it is the
/// current match): every part comes with its piece's class and whether it lies in a mark, and
/// in the current one.
pub fn split<K: Copy>(
    pieces: &[(K, String)],
    marks: &[(usize, usize, bool)],
) -> Vec<(K, String, Option<bool>)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (kind, text) in pieces {
        let (start, end) = (offset, offset + text.len());
        offset = end;
        let mut at = start;
        for &(from, to, current) in marks.iter().filter(|m| m.0 < end && m.1 > start) {
            let from = from.max(start);
            let to = to.min(end);
            if from > at {
                out.push((*kind, text[at - start..from - start].to_owned(), None));
            }
            out.push((
                *kind,
                text[from - start..to - start].to_owned(),
                Some(current),
            ));
            at = to;
        }
        if at < end {
            out.push((*kind, text[at - start..].to_owned(), None));
        }
    }
    out
}
