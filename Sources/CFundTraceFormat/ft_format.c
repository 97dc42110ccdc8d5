#include <stdio.h>
#include "ft_format.h"

int ft_format_fixed(char *buffer, size_t size, double value, int digits) {
    return snprintf(buffer, size, "%.*f", digits, value);
}
