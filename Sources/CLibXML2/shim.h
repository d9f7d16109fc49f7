#ifndef PROFILESYNC_CLIBXML2_SHIM_H
#define PROFILESYNC_CLIBXML2_SHIM_H
#include <stdint.h>
// libxml2 built with ICU makes encoding.h include the system's <unicode/*.h>,
// whose UErrorCode clashes with the copy of ICU inside Foundation in any Swift
// module that imports both. Only the tail of xmlCharEncodingHandler depends on
// the macro; ProfileSync never touches that struct (it has libxml2 detect
// encodings itself), so hiding ICU from these declarations is safe.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function pointer that Swift 6 rejects as shared mutable
// state; calling it through an inline function keeps that out of Swift.
static inline void profilesync_xmlFree(void *p) { xmlFree(p); }

// A DOCTYPE is where entity declarations (and so XXE and entity expansion
// attacks) live; no BDC model needs one. This SAX callback runs as soon as
// `<!DOCTYPE name ...` is read, before any declaration in it is parsed: it
// records the line in the context's user slot and halts the parser.
static inline void profilesync_rejectInternalSubset(void *ctx, const xmlChar *name,
                                                    const xmlChar *externalID,
                                                    const xmlChar *systemID) {
    (void)name; (void)externalID; (void)systemID;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    int line = (ctxt->input != NULL && ctxt->input->line > 0) ? ctxt->input->line : 1;
    ctxt->_private = (void *)(intptr_t)line;
    xmlStopParser(ctxt);
}

// A parser context whose SAX handler refuses DOCTYPEs (see above). Free it
// with xmlFreeParserCtxt.
static inline xmlParserCtxtPtr profilesync_newGuardedParserCtxt(void) {
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt != NULL && ctxt->sax != NULL) {
        ctxt->sax->internalSubset = profilesync_rejectInternalSubset;
    }
    if (ctxt != NULL) ctxt->_private = NULL;
    return ctxt;
}

// The line of the DOCTYPE the guarded context refused, or 0 when there was none.
static inline int profilesync_refusedDoctypeLine(xmlParserCtxtPtr ctxt) {
    return (int)(intptr_t)ctxt->_private;
}
#endif
