#ifndef LAGEBILD_CEDITLINE_SHIM_H
#define LAGEBILD_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>

/* el_set, el_get and history are C variadic functions, which Swift cannot call.
   Each use the REPL needs gets a fixed-signature wrapper here. */

typedef char *(*lagebild_prompt_fn)(EditLine *);
typedef unsigned char (*lagebild_key_fn)(EditLine *, int);

static inline int lagebild_el_set_prompt(EditLine *el, lagebild_prompt_fn fn) {
    return el_set(el, EL_PROMPT, fn);
}
static inline int lagebild_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int lagebild_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int lagebild_el_set_hist(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int lagebild_el_set_addfn(EditLine *el, const char *name, const char *help, lagebild_key_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int lagebild_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, NULL);
}
static inline int lagebild_el_setty(EditLine *el, const char *a, const char *b) {
    return el_set(el, EL_SETTY, a, b, NULL);
}
static inline int lagebild_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *lagebild_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static inline int lagebild_history_setsize(History *h, HistEvent *ev, int size) {
    return history(h, ev, H_SETSIZE, size);
}
static inline int lagebild_history_setunique(History *h, HistEvent *ev, int unique) {
    return history(h, ev, H_SETUNIQUE, unique);
}
static inline int lagebild_history_enter(History *h, HistEvent *ev, const char *line) {
    return history(h, ev, H_ENTER, line);
}
static inline int lagebild_history_load(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_LOAD, path);
}
static inline int lagebild_history_save(History *h, HistEvent *ev, const char *path) {
    return history(h, ev, H_SAVE, path);
}
#endif
