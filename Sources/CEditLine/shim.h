#ifndef ZCSH_CEDITLINE_SHIM_H
#define ZCSH_CEDITLINE_SHIM_H
// libedit, wrapped for Swift: el_set / el_wset / history are variadic and so not
// callable from Swift; each use we need gets a fixed-argument static inline here.
#include <stdio.h>
#include <wchar.h>
#include <locale.h>
#include <langinfo.h>
#include <histedit.h>

typedef unsigned char (*zcsh_el_func_t)(EditLine *, int);
typedef const char *(*zcsh_el_prompt_t)(EditLine *);

/// el_init on the process's standard streams (C globals that Swift 6 will not read directly).
static inline EditLine *zcsh_el_init_stdio(const char *prog) { return el_init(prog, stdin, stdout, stderr); }

static inline int zcsh_el_set_prompt(EditLine *el, zcsh_el_prompt_t f) { return el_set(el, EL_PROMPT, f); }
static inline int zcsh_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int zcsh_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int zcsh_el_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int zcsh_el_add_function(EditLine *el, const char *name, const char *help, zcsh_el_func_t f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int zcsh_el_bind(EditLine *el, const char *key, const char *fn) { return el_set(el, EL_BIND, key, fn, NULL); }
static inline int zcsh_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *zcsh_el_get_clientdata(EditLine *el) { void *d = NULL; el_get(el, EL_CLIENTDATA, &d); return d; }
static inline int zcsh_el_source_default(EditLine *el) { return el_source(el, NULL); }

static inline int zcsh_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int zcsh_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int zcsh_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int zcsh_history_load(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_LOAD, file); }
static inline int zcsh_history_save(History *h, const char *file) { HistEvent ev; return history(h, &ev, H_SAVE, file); }
static inline int zcsh_history_clear(History *h) { HistEvent ev; return history(h, &ev, H_CLEAR); }

/// Edit-mode tty without ISIG: Ctrl-C reaches the editor as a key (bound to abandon the
/// line) instead of raising SIGINT while a line is being read.
static inline int zcsh_el_setty_noisig(EditLine *el) { return el_set(el, EL_SETTY, "-d", "-isig", NULL); }
static inline int zcsh_el_set_prompt_esc(EditLine *el, zcsh_el_prompt_t f, char esc) { return el_set(el, EL_PROMPT_ESC, f, esc); }

/// Walks the history from the oldest entry: call first, then next until NULL.
static inline const char *zcsh_history_last(History *h) { HistEvent ev; return history(h, &ev, H_LAST) == 0 ? ev.str : NULL; }
static inline const char *zcsh_history_prev(History *h) { HistEvent ev; return history(h, &ev, H_PREV) == 0 ? ev.str : NULL; }

/// Cursor position in the line buffer, as a byte offset, and the buffer itself.
static inline const char *zcsh_el_line_buffer(EditLine *el) { return el_line(el)->buffer; }
static inline int zcsh_el_line_cursor(EditLine *el) { const LineInfo *li = el_line(el); return (int)(li->cursor - li->buffer); }
static inline int zcsh_el_line_length(EditLine *el) { const LineInfo *li = el_line(el); return (int)(li->lastchar - li->buffer); }

/// Sets LC_ALL from the environment, then LC_CTYPE to C.UTF-8 when the codeset is
/// not UTF-8: libedit drops multibyte input otherwise. Returns 1 when it switched.
static inline int zcsh_setup_utf8_locale(void) {
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs && (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') && (cs[2] == 'F' || cs[2] == 'f')) return 0;
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "en_US.UTF-8");
    return 1;
}
#endif
