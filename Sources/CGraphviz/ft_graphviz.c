// A small C shim over libgvc: Swift 6 cannot read cgraph's global graph
// descriptors, and gvRenderData's length type differs between Graphviz
// versions (unsigned int * in 2.x, size_t * from 3.0); both are settled here.
#include "ft_graphviz.h"
#include <graphviz/gvc.h>
#include <graphviz/graphviz_version.h>
#include <stdlib.h>
#include <string.h>

static GVC_t *context(void) {
    static GVC_t *gvc = NULL;
    if (!gvc) gvc = gvContext();
    return gvc;
}

static char *last_error(const char *fallback) {
    const char *e = aglasterr();
    return strdup(e && *e ? e : fallback);
}

int ft_gv_render(const char *dot, const char *engine, const char *format, char **out, size_t *length, char **error) {
    *out = NULL; *length = 0; *error = NULL;
    GVC_t *gvc = context();
    agseterr(AGMAX);  // collect messages instead of printing them
    Agraph_t *g = agmemread(dot);
    if (!g) { *error = last_error("DOT text could not be parsed"); return 1; }
    if (gvLayout(gvc, g, engine) != 0) { *error = last_error("layout failed"); agclose(g); return 2; }
    char *data = NULL;
#if defined(GRAPHVIZ_VERSION_MAJOR) && GRAPHVIZ_VERSION_MAJOR >= 3
    size_t n = 0;
#else
    unsigned int n = 0;
#endif
    int rc = gvRenderData(gvc, g, format, &data, &n);
    // Not gvFreeLayout: on some graphs (bridge edges between chain clusters) Graphviz 2.42's dot plugin frees a
    // block twice in it and aborts the process (found by scripts/fuzz-cli.py). agclose still frees the graph;
    // the layout's own records leak, a few hundred KiB per diagram, which a command drawing one or two can afford.
    agclose(g);
    if (rc != 0 || !data) { *error = strdup("rendering failed (is the format supported by this Graphviz?)"); return 3; }
    char *copy = malloc((size_t)n + 1);
    memcpy(copy, data, (size_t)n);
    copy[n] = 0;
    gvFreeRenderData(data);
    *out = copy;
    *length = (size_t)n;
    return 0;
}

void ft_gv_free(char *p) { free(p); }
