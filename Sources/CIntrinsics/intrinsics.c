// Most functions of this module are static inline in the header; the allocator's settings are here,
// where <malloc.h> stays out of the Swift modules that import the header.
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
