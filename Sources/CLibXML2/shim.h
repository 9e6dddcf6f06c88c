#ifndef GAFFE_CLIBXML2_SHIM_H
#define GAFFE_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU support, and its headers then include ICU's, which clash with
// the ICU copy inside Foundation as soon as a Swift module imports both. Gaffe never asks libxml2
// for an ICU converter, so switch that part of the headers off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a mutable global function pointer, which Swift 6 refuses to read from concurrent
/// code; this wrapper reads it on the C side.
static inline void gaffe_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
