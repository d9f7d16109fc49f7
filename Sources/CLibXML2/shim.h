#ifndef PROFILESYNC_CLIBXML2_SHIM_H
#define PROFILESYNC_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function pointer that Swift 6 rejects as shared mutable
// state; calling it through an inline function keeps that out of Swift.
static inline void profilesync_xmlFree(void *p) { xmlFree(p); }
#endif
