#ifndef FT_PREFETCH_H
#define FT_PREFETCH_H
#include <stddef.h>

/// Asks the CPU to start loading `size` bytes at `p` into cache for writing.
/// Swift has no prefetch intrinsic; the taint sweep is bound by cache misses
/// on two random per-key records per transfer, so fetching the next
/// transfers' records ahead of time overlaps those misses.
static inline void ft_prefetch(const void *p, size_t size) {
    const char *c = (const char *)p;
    for (size_t off = 0; off < size; off += 64) __builtin_prefetch(c + off, 1, 3);
}
#endif
