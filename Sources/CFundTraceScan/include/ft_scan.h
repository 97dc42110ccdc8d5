#ifndef FT_SCAN_H
#define FT_SCAN_H
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Finds the line at the start of `p[0..<avail]` and splits it on its commas, in one pass: writes the end offset of
/// each field to `ends` (the last field ends at the line's length) and returns how many fields there are, with
/// `*len` the line's length without its line break (a CRLF's carriage return left out) and `*high` 1 when a byte
/// of it is 0x80 or above (not ASCII), else 0. Returns 0 when no line feed is in `p[0..<avail]` (the line is cut by
/// the buffer's end), and -1 when the line is not plain: it holds a quote or a carriage return (but a CRLF's), is
/// blank, or has more than `capacity` fields.
///
/// Hot: every row of a canonical transfers file passes here (the Spark worker reads hundreds of millions). With
/// SSE2 (every x86-64 CPU) 16 bytes are compared at once and the line feed, the commas and anything that makes a
/// line not plain come out of bit masks. Searching for the line feed in the same pass, rather than with `memchr`
/// first, reads each byte once, and a line rarely ends its last block short, so the byte loop for the tail that a
/// split of exactly the line's bytes needed is left for a line at the buffer's end (callgrind on the case's largest
/// ledger: 674 → 600 instructions a row, the reader's own included). Elsewhere a byte loop does the same. Swift has no portable way to turn a vector comparison
/// into a bit mask, hence C.
static inline long ft_split_line(const unsigned char *p, long avail, long *ends, long capacity, int *high, long *len) {
    long count = 0, i = 0, lf = -1, bad = -1;
    unsigned any_high = 0;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'), nl = _mm_set1_epi8('\n');
    for (; i + 16 <= avail; i += 16) {
        __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, comma));
        // Most blocks hold nothing but field bytes and commas: one test tells, and only then is anything else looked at.
        __m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, nl), _mm_cmpeq_epi8(w, quote)), _mm_or_si128(_mm_cmpeq_epi8(w, cr), w));
        unsigned special = (unsigned)_mm_movemask_epi8(odd), feeds = 0, before = 0xFFFFu;
        if (special) {
            feeds = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(w, nl));
            if (feeds) before = (feeds & (0u - feeds)) - 1;  // the bytes before the first line feed
            any_high |= (unsigned)_mm_movemask_epi8(w) & before;
            unsigned q = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, cr))) & before;
            if (q && bad < 0) bad = i + __builtin_ctz(q);
            m &= before;
        }
        while (m) {
            if (count >= capacity - 1) return -1;
            ends[count++] = i + __builtin_ctz(m);
            m &= m - 1;
        }
        if (feeds) { lf = i + __builtin_ctz(feeds); break; }
    }
#endif
    for (; lf < 0 && i < avail; i++) {
        unsigned char c = p[i];
        if (c == '\n') { lf = i; break; }
        any_high |= c & 0x80;
        if ((c == '"' || c == '\r') && bad < 0) bad = i;
        if (c == ',') {
            if (count >= capacity - 1) return -1;
            ends[count++] = i;
        }
    }
    if (lf < 0) return 0;
    long n = lf;
    if (bad == lf - 1 && p[bad] == '\r') { n = lf - 1; bad = -1; }  // a CRLF
    if (bad >= 0 || n == 0) return -1;
    ends[count] = n;
    *high = any_high != 0;
    *len = n;
    return count + 1;
}

/// Reads `n` (1 to 19) decimal digits at `p` into `*out` and returns 1; returns 0 when `n` is out of range or a
/// byte is not a digit. Eight digits at a time in one 64-bit word (checked and combined with three multiplies, as
/// in Lemire's "parse eight digits"), the rest one at a time: the block numbers, positions, amounts and fees of
/// every row of a transfers file come through here.
static inline int ft_parse_digits(const unsigned char *p, long n, unsigned long long *out) {
    if (n <= 0 || n > 19) return 0;
    unsigned long long v = 0;
    long head = n & 7;
    for (long i = 0; i < head; i++) {
        unsigned d = (unsigned)p[i] - '0';
        if (d > 9) return 0;
        v = v * 10 + d;
    }
    for (long i = head; i < n; i += 8) {
        unsigned long long w;
        memcpy(&w, p + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        // Each byte 0x30...0x39: its high nibble is 3, and adding 6 leaves it 3.
        if (((w & 0xF0F0F0F0F0F0F0F0ULL) | (((w + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) != 0x3333333333333333ULL) return 0;
        w -= 0x3030303030303030ULL;
        w = (w * 10) + (w >> 8);
        w = (((w & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) + (((w >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
        v = v * 100000000ULL + w;
    }
    *out = v;
    return 1;
}
/// Whether `p[0..<n]` is all ASCII with no comma, quote, carriage return or line feed: text a CSV writer copies
/// unquoted. Sixteen bytes at a time with SSE2, as ``ft_split_line``: a report checks the address of every key it
/// writes (84,782 on the case's largest ledger), where a byte loop in Swift took 560 instructions a key (callgrind).
static inline int ft_is_plain_text(const unsigned char *p, long n) {
    long i = 0;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
    for (; i + 16 <= n; i += 16) {
        __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, comma), _mm_cmpeq_epi8(w, quote)),
                                   _mm_or_si128(_mm_cmpeq_epi8(w, cr), _mm_cmpeq_epi8(w, lf)));
        if (_mm_movemask_epi8(_mm_or_si128(bad, w))) return 0;
    }
#endif
    for (; i < n; i++) {
        unsigned char c = p[i];
        if (c >= 0x80 || c == ',' || c == '"' || c == '\r' || c == '\n') return 0;
    }
    return 1;
}
#endif
