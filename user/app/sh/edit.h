#pragma once

/* Interactive line editor over termios and ANSI escapes, with history and completion. */

/* Remember the terminal's modes and load ~/.sh_history (interactive shells). */
void edit_init(int fd);
/* Read one line with editing; malloc'd without the newline, NULL at end of input. */
char *edit_readline(const char *prompt);
/* Put the terminal back in the modes saved by edit_init. */
void edit_restore(void);
/* Add a line to the history (and append it to the history file). */
void hist_add(const char *line);
void hist_print(void);
void hist_clear(void);
