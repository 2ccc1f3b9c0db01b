#pragma once
#include "editor.h"

/* Move the view so the cursor is on screen. */
void display_scroll(struct editor *e);
/* Redraw the whole screen. */
void display_refresh(struct editor *e);
/* Show a message on the bottom line for a few seconds. */
void display_message(struct editor *e, const char *fmt, ...);
/* Whether a shown message has just expired, so the help line should come back. */
int display_message_expired(struct editor *e);
