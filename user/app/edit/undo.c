#include "undo.h"

#include <stdlib.h>
#include <string.h>

void undo_init(struct undo_stack *u)
{
    memset(u, 0, sizeof *u);
    u->next_id = 1;
}

static void drop_from(struct undo_stack *u, int from)
{
    for (int i = from; i < u->n; i++)
        free(u->ops[i].text);
    u->n = from;
}

void undo_free(struct undo_stack *u)
{
    drop_from(u, 0);
    free(u->ops);
    memset(u, 0, sizeof *u);
}

void undo_break(struct undo_stack *u)
{
    u->can_merge = 0;
}

/* Try to extend the last op with a change right next to it. */
static int try_merge(struct undo_stack *u, enum undo_kind kind, int row, size_t col,
                     const char *text, size_t len)
{
    if (!u->can_merge || u->top == 0 || u->top != u->n || memchr(text, '\n', len)) return 0;
    struct undo_op *op = &u->ops[u->top - 1];
    if (op->kind != kind || op->row != row || memchr(op->text, '\n', op->len)) return 0;
    size_t at;
    if (kind == UNDO_INSERT && col == op->col + op->len)
        at = op->len; /* typing on */
    else if (kind == UNDO_DELETE && col + len == op->col)
        at = 0; /* backspacing */
    else if (kind == UNDO_DELETE && col == op->col)
        at = op->len; /* deleting forward */
    else
        return 0;
    char *t = realloc(op->text, op->len + len + 1);
    if (!t) return 0;
    memmove(t + at + len, t + at, op->len - at);
    memcpy(t + at, text, len);
    op->text = t;
    op->len += len;
    t[op->len] = '\0';
    if (at == 0 && kind == UNDO_DELETE) op->col = col;
    op->id = u->next_id++;
    return 1;
}

int undo_record(struct undo_stack *u, enum undo_kind kind, int row, size_t col, const char *text,
                size_t len, int merge)
{
    if (merge && try_merge(u, kind, row, col, text, len)) return 0;
    drop_from(u, u->top);
    if (u->n == u->cap) {
        int cap = u->cap ? u->cap * 2 : 64;
        struct undo_op *ops = realloc(u->ops, (size_t)cap * sizeof *ops);
        if (!ops) return -1;
        u->ops = ops;
        u->cap = cap;
    }
    char *t = malloc(len + 1);
    if (!t) return -1;
    memcpy(t, text, len);
    t[len] = '\0';
    u->ops[u->n++] = (struct undo_op){kind, row, col, t, len, u->next_id++};
    u->top = u->n;
    u->can_merge = merge;
    return 0;
}

/* Apply op forwards (redo) or backwards (undo). */
static int apply(struct undo_op *op, struct buffer *b, int forward, int *row, size_t *col)
{
    int erow;
    size_t ecol;
    int insert = (op->kind == UNDO_INSERT) == forward;
    if (insert) {
        if (buf_insert(b, op->row, op->col, op->text, op->len, &erow, &ecol) < 0) return -1;
        *row = erow;
        *col = ecol;
    } else {
        buf_end_pos(op->row, op->col, op->text, op->len, &erow, &ecol);
        if (buf_delete(b, op->row, op->col, erow, ecol, NULL, NULL) < 0) return -1;
        *row = op->row;
        *col = op->col;
    }
    return 0;
}

int undo_undo(struct undo_stack *u, struct buffer *b, int *row, size_t *col)
{
    u->can_merge = 0;
    if (u->top == 0) return -1;
    if (apply(&u->ops[u->top - 1], b, 0, row, col) < 0) return -1;
    u->top--;
    return 0;
}

int undo_redo(struct undo_stack *u, struct buffer *b, int *row, size_t *col)
{
    u->can_merge = 0;
    if (u->top == u->n) return -1;
    if (apply(&u->ops[u->top], b, 1, row, col) < 0) return -1;
    u->top++;
    return 0;
}

unsigned long undo_state(const struct undo_stack *u)
{
    return u->top ? u->ops[u->top - 1].id : 0;
}
