// GDAL's C API for vector data only: datasets (gdal.h), OGR layers, features and geometries (ogr_api.h)
// and their columnar Arrow stream (ogr_recordbatch.h),
// spatial references (ogr_srs_api.h), and the error stack and memory functions (cpl_error.h, cpl_conv.h).
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>  // Arrow C data and stream structs for OGR_L_GetArrowStream
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
