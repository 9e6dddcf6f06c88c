#ifndef GAFFE_CCMARK_SHIM_H
#define GAFFE_CCMARK_SHIM_H
#include <cmark.h>
#endif
