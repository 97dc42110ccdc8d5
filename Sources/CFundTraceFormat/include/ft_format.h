#ifndef FT_FORMAT_H
#define FT_FORMAT_H
#include <stddef.h>

/// snprintf(buffer, size, "%.*f", digits, value): a double in fixed notation, rounded as printf rounds (the exact
/// binary value, half to even). Called from Swift without varargs, which box each argument at run time.
int ft_format_fixed(char *buffer, size_t size, double value, int digits);

#endif
