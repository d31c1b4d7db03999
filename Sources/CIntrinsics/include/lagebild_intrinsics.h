#ifndef LAGEBILD_INTRINSICS_H
#define LAGEBILD_INTRINSICS_H

/// Asks the CPU to bring the cache line at `address` closer, for reading, without waiting for it
/// (Swift has no prefetch of its own). A hint only: it never faults and changes no result.
static inline void lagebild_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 1);
}

#include <stdlib.h>  /* defines __GLIBC__ where the C library is glibc */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Has the C library map every allocation of `bytes` or more on its own pages, given back to the
/// system when freed (glibc's `M_MMAP_THRESHOLD`, which otherwise rises as large blocks are freed, so
/// that later ones come from heaps that keep their pages). Elsewhere it does nothing. Returns whether
/// the setting took.
static inline int lagebild_map_large_allocations(long bytes) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, (int)bytes);
#else
    (void)bytes;
    return 0;
#endif
}

#endif
