// Most functions of this module are static inline in the header; the allocator's settings and the
// memory advice are here, where <malloc.h> and <sys/mman.h> stay out of the Swift modules that import
// the header.
#include "lagebild_intrinsics.h"
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>

int lagebild_set_allocator_thresholds(int mmap_threshold, int trim_threshold) {
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) && mallopt(M_TRIM_THRESHOLD, trim_threshold);
}
#else
int lagebild_set_allocator_thresholds(int mmap_threshold, int trim_threshold) {
    (void)mmap_threshold;
    (void)trim_threshold;
    return 0;
}
#endif

#if defined(__linux__)
#include <stdint.h>
#include <sys/mman.h>
#endif

int lagebild_advise_huge_pages(void *address, unsigned long length) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t start = ((uintptr_t)address + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)address + length) & ~(huge - 1);
    if (end <= start) return -1;
    return madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)address;
    (void)length;
    return -1;
#endif
}
