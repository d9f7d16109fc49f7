#ifndef PROFILESYNC_CMALLOC_SHIM_H
#define PROFILESYNC_CMALLOC_SHIM_H
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// glibc's <malloc.h> is not part of Swift's Glibc module. Sets M_TOP_PAD,
// what the allocator adds to each growth of a heap; returns 1 when glibc took
// it, 0 where the C library is not glibc (nothing is set).
static inline int profilesync_set_top_pad(int bytes) {
#if defined(__GLIBC__)
    return mallopt(M_TOP_PAD, bytes);
#else
    (void)bytes;
    return 0;
#endif
}
#endif
