#ifndef LAGEBILD_INTRINSICS_H
#define LAGEBILD_INTRINSICS_H

/// Asks the CPU to bring the cache line at `address` closer, for reading, without waiting for it
/// (Swift has no prefetch of its own). A hint only: it never faults and changes no result.
static inline void lagebild_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 1);
}

/// Like `lagebild_prefetch`, for a line about to be written.
static inline void lagebild_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 1);
}

/// Sets glibc's mmap and trim thresholds (bytes); returns 0 where the allocator has no such settings.
/// Blocks of at least the mmap threshold are mapped from the system and unmapped when freed.
int lagebild_set_allocator_thresholds(int mmap_threshold, int trim_threshold);

/// Asks the kernel to back the whole 2 MB pages inside `[address, address + length)` with huge pages
/// when they are first touched (transparent huge pages in `madvise` mode); returns 0 when asked, -1
/// where the system has no such advice or the range holds no whole huge page. A hint only.
int lagebild_advise_huge_pages(void *address, unsigned long length);

#endif
