#ifndef FT_GRAPHVIZ_H
#define FT_GRAPHVIZ_H
#include <stddef.h>

/// Lays out DOT text with `engine` (dot, sfdp …) and renders it to `format`
/// (svg, png, pdf, json …) in memory through libgvc. On success returns 0 and
/// sets *out (free with ft_gv_free) and *length; otherwise returns non-zero
/// and, when Graphviz said why, sets *error (free with ft_gv_free).
/// Not thread-safe: libgvc keeps global state. Callers serialise.
int ft_gv_render(const char *dot, const char *engine, const char *format, char **out, size_t *length, char **error);
void ft_gv_free(char *p);

#endif
