// PROJ's transformation API and its bundled Karney geodesic routines (geod_polygonarea).
#include <proj.h>
#include <geodesic.h>
