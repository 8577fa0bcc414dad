//! Work on many items shared by the cores, the results kept in order.

use std::ops::Range;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The threads work is shared by: one a core the process may use, at most 8. Read once:
/// on Linux it reads the control group's files.
static WORKERS: LazyLock<usize> =
    LazyLock::new(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)));

/// `each` over consecutive ranges of `0..count`, their results in order. From `from`
/// items on, with more than one core, the calling thread and a helper a core take
/// ranges of `chunk` items in turn until none is left, so that a core given heavier
/// items does not hold the others up; with fewer, the calling thread does `0..count` in
/// one go. A panic in a helper goes on in the calling thread.
pub fn in_chunks<R: Send>(
    count: usize,
    chunk: usize,
    from: usize,
    each: impl Fn(Range<usize>) -> R + Sync,
) -> Vec<R> {
    let chunk = chunk.max(1);
    if count < from.max(2 * chunk) || *WORKERS == 1 {
        return vec![each(0..count)];
    }
    let chunks = count.div_ceil(chunk);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let c = next.fetch_add(1, Ordering::Relaxed);
            if c >= chunks {
                break done;
            }
            done.push((c, each(c * chunk..((c + 1) * chunk).min(count))));
        }
    };
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..*WORKERS).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for helper in helpers {
            done.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    });
    done.sort_unstable_by_key(|(c, _)| *c);
    done.into_iter().map(|(_, part)| part).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_every_item_once_in_order() {
        let ranges = in_chunks(10_000, 256, 512, |range| range);
        assert_eq!(
            ranges.iter().flat_map(Clone::clone).collect::<Vec<_>>(),
            (0..10_000).collect::<Vec<_>>()
        );
        if *WORKERS > 1 {
            assert_eq!(ranges.len(), 10_000usize.div_ceil(256));
        }
        assert_eq!(
            in_chunks(511, 256, 512, |range| (range.start, range.end)),
            [(0, 511)]
        );
        assert_eq!(
            in_chunks(0, 256, 512, |range| (range.start, range.end)),
            [(0, 0)]
        );
    }
}
