#ifndef SUNAN_CLAPACK_SHIM_H
#define SUNAN_CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
