#ifndef LAGEBILD_INTRINSICS_H
#define LAGEBILD_INTRINSICS_H

/// Asks the CPU to bring the cache line at `address` closer, for reading, without waiting for it
/// (Swift has no prefetch of its own). A hint only: it never faults and changes no result.
static inline void lagebild_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 1);
}

#endif
