#ifndef FT_PREFETCH_H
#define FT_PREFETCH_H
#include <stddef.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/// Asks the CPU to start loading `size` bytes at `p` into cache for writing.
/// Swift has no prefetch intrinsic; the taint sweep is bound by cache misses
/// on two random per-key records per transfer, so fetching the next
/// transfers' records ahead of time overlaps those misses.
static inline void ft_prefetch(const void *p, size_t size) {
    const char *c = (const char *)p;
    for (size_t off = 0; off < size; off += 64) __builtin_prefetch(c + off, 1, 3);
}

/// Asks the kernel to back `size` bytes at `p` (aligned to 2 MiB) with huge
/// pages where it can. Random access over hundreds of megabytes of per-key
/// records misses the TLB on almost every access with 4 KiB pages; with
/// 2 MiB pages the whole table fits the TLB. A hint only: returns 0 on
/// success, -1 where unsupported or refused (nothing else changes).
static inline int ft_advise_huge_pages(void *p, size_t size) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    return madvise(p, size, MADV_HUGEPAGE);
#else
    (void)p; (void)size;
    return -1;
#endif
}
#endif
