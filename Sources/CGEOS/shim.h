// Only GEOS's re-entrant API: every call names the per-thread context it runs in.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
