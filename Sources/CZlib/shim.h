#ifndef LAGEBILD_CZLIB_SHIM_H
#define LAGEBILD_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro in zlib.h; Swift cannot call it directly.
static inline int lagebild_inflate_init_gzip(z_stream *stream) {
    /* 15 window bits + 32: detect gzip or zlib headers automatically. */
    return inflateInit2(stream, 15 + 32);
}
#endif
