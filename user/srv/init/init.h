#pragma once
#include "cluu.h"

/* Serves the name registry on ep forever; buf is this thread's IPC buffer. */
void registry_thread(cap_t ep, struct ipc_buffer *buf);
