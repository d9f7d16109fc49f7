#ifndef PROFILESYNC_CLIBXML2_SHIM_H
#define PROFILESYNC_CLIBXML2_SHIM_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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

// What a guarded parse found, kept outside Swift so the C callbacks below
// need no captured context: the line of a refused DOCTYPE, and the FIRST
// error libxml2 raised (later ones are consequences of it). Free the message
// with profilesync_parseStateClear.
typedef struct {
    int doctypeLine;
    int errorCode;
    int errorLine;
    int errorColumn;
    char *errorMessage;
} profilesync_parse_state;

static inline profilesync_parse_state *profilesync_stateOf(void *ctx) {
    return (profilesync_parse_state *)((xmlParserCtxtPtr)ctx)->_private;
}

// A DOCTYPE is where entity declarations (and so XXE and entity expansion
// attacks) live; no BDC model needs one. This SAX callback runs as soon as
// `<!DOCTYPE name ...` is read, before any declaration in it is parsed: it
// records the line and halts the parser.
static inline void profilesync_rejectInternalSubset(void *ctx, const xmlChar *name,
                                                    const xmlChar *externalID,
                                                    const xmlChar *systemID) {
    (void)name; (void)externalID; (void)systemID;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    profilesync_parse_state *state = profilesync_stateOf(ctx);
    if (state != NULL && state->doctypeLine == 0) {
        state->doctypeLine = (ctxt->input != NULL && ctxt->input->line > 0) ? ctxt->input->line : 1;
    }
    xmlStopParser(ctxt);
}

// Structured error handler: keeps the first error (not warnings) and prints
// nothing, so libxml2 never writes to stderr.
static inline void profilesync_recordError(void *ctx, xmlErrorPtr error) {
    profilesync_parse_state *state = profilesync_stateOf(ctx);
    if (state == NULL || error == NULL || error->level < XML_ERR_ERROR || state->errorCode != 0) return;
    state->errorCode = error->code != 0 ? error->code : -1;
    state->errorLine = error->line;
    state->errorColumn = error->int2;
    if (error->message != NULL) state->errorMessage = strdup(error->message);
}

// A parser context that refuses DOCTYPEs and records its first error into
// `state`, which must outlive it. Free it with xmlFreeParserCtxt.
static inline xmlParserCtxtPtr profilesync_newGuardedParserCtxt(profilesync_parse_state *state) {
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) return NULL;
    ctxt->_private = state;
    if (ctxt->sax != NULL) {
        ctxt->sax->internalSubset = profilesync_rejectInternalSubset;
        ctxt->sax->serror = profilesync_recordError;
    }
    return ctxt;
}

static inline void profilesync_parseStateClear(profilesync_parse_state *state) {
    free(state->errorMessage);
    state->errorMessage = NULL;
}
#endif
