#ifndef FT_FORMAT_H
#define FT_FORMAT_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/// snprintf(buffer, size, "%.*f", digits, value): a double in fixed notation, rounded as printf rounds (the exact
/// binary value, half to even). Called from Swift without varargs, which box each argument at run time.
int ft_format_fixed(char *buffer, size_t size, double value, int digits);

/// Writes the decimal digits of `v`, zero-padded on the left to at least `width` (at most 20), so that the last
/// digit is at `end[-1]`; returns how many bytes were written (at most 20). The caller owns `end[-20..<0]`.
///
/// Hot: a score or worker report writes eight amounts and five fixed-point numbers per ledger key. Two digits per
/// division, from a 200-byte table of the pairs "00" to "99", where a loop of one digit per division took about a
/// tenth of `taint account --presorted`'s time on the case's largest ledger (perf). A static table is C's: a Swift
/// global array is reached through a lazy initialiser on every use.
static inline int ft_u64_digits(uint64_t v, int width, unsigned char *end) {
    static const char pairs[201] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    unsigned char *p = end;
    while (v >= 100) {
        uint64_t q = v / 100;
        unsigned r = (unsigned)(v - q * 100);
        p -= 2;
        memcpy(p, pairs + 2 * r, 2);
        v = q;
    }
    if (v >= 10) { p -= 2; memcpy(p, pairs + 2 * v, 2); } else { *--p = (unsigned char)('0' + v); }
    while (end - p < width) *--p = '0';
    return (int)(end - p);
}

#endif
