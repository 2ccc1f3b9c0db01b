#pragma once
#include <stdbool.h>

// Copying and removing trees, shared by cp and mv. Errors are reported as they happen.

struct copy_opts {
    bool recursive; // copy directories and their contents; symbolic links stay links
    bool preserve;  // keep mode bits, owner and times
    bool force;     // unlink a destination that cannot be opened for writing and retry
};

// Copies src to dst (dst is the new name, not a directory to copy into); 0 or -1.
int copy_path(const char *src, const char *dst, const struct copy_opts *o);

// Removes path and everything below it; 0 or -1.
int remove_tree(const char *path);
