#pragma once
#include <stddef.h>

#include "buffer.h"

enum undo_kind { UNDO_INSERT, UNDO_DELETE };

/* One recorded change: text inserted at, or deleted from, row/col. */
struct undo_op {
    enum undo_kind kind;
    int row;
    size_t col;
    char *text;
    size_t len;
    unsigned long id; /* buffer state after this change */
};

struct undo_stack {
    struct undo_op *ops;
    int n, cap;
    int top; /* ops[0..top) are done, ops[top..n) can be redone */
    unsigned long next_id;
    int can_merge; /* the next typed change may join the last op */
};

void undo_init(struct undo_stack *u);
void undo_free(struct undo_stack *u);
/* Record a change already made to the buffer; takes a copy of text. merge lets a typed
 * character or a backspace join the previous op of the same kind. */
int undo_record(struct undo_stack *u, enum undo_kind kind, int row, size_t col, const char *text,
                size_t len, int merge);
/* Stop the next change from merging into the last one (after a cursor move). */
void undo_break(struct undo_stack *u);
/* Undo or redo one op on b; the cursor position goes to row and col. Returns 0, or -1 if none. */
int undo_undo(struct undo_stack *u, struct buffer *b, int *row, size_t *col);
int undo_redo(struct undo_stack *u, struct buffer *b, int *row, size_t *col);
/* An id naming the current buffer state, to compare with the one at the last save. */
unsigned long undo_state(const struct undo_stack *u);
