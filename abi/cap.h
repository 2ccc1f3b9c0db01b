#pragma once
#include <stdint.h>

/* A capability handle: an index into the caller's cspace. 0 is always empty. */
typedef uint64_t cap_t;

enum obj_type {
    OBJ_NULL = 0,
    OBJ_UNTYPED = 1,      /* a quota of physical memory from which objects are made */
    OBJ_THREAD = 2,
    OBJ_VSPACE = 3,
    OBJ_CSPACE = 4,
    OBJ_ENDPOINT = 5,
    OBJ_NOTIFICATION = 6,
    OBJ_MEMORY = 7,       /* physical pages; mapping one into two vspaces shares memory */
    OBJ_REPLY = 8,        /* one-shot right to answer a call */
    OBJ_IRQ = 9,
    OBJ_IOPORT = 10,
    OBJ_IRQ_CONTROL = 11, /* creates IRQ objects */
    OBJ_TYPE_COUNT
};

/* Rights carried by a capability. mint/copy can only remove rights. */
#define RIGHT_READ (1u << 0)    /* recv, wait, map readable, read registers */
#define RIGHT_WRITE (1u << 1)   /* send/call, signal, map writable, write registers */
#define RIGHT_GRANT (1u << 2)   /* transfer capabilities through this endpoint */
#define RIGHT_EXEC (1u << 3)    /* map executable */
#define RIGHT_CONTROL (1u << 4) /* management methods (configure, map, retype, revoke...) */
#define RIGHT_ALL 0x1Fu

/* Mapping protections for VSPACE_MAP / VSPACE_PROTECT. */
#define PROT_R 1u
#define PROT_W 2u
#define PROT_X 4u

/* Highest user address + 1. */
#define USER_TOP 0x0000800000000000ull
