// The functions of this module are static inline in the header; this file only makes it a C target.
#include "lagebild_intrinsics.h"
