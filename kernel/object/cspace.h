#pragma once
#include "object.h"

/* A capability table. Handles are slot indices; slot 0 is never used. */
struct cspace {
    struct kobj obj;
    uint32_t nslots;
    struct cap *slots;
};

struct cspace *cspace_create(uint32_t nslots);
/* The occupied slot h, or NULL. */
static inline struct cap *cspace_lookup(struct cspace *cs, uint64_t h)
{
    if (!cs || h == 0 || h >= cs->nslots || !cs->slots[h].obj)
        return 0;
    return &cs->slots[h];
}
/* The empty slot h, or NULL (cspace_slot_error says why). */
struct cap *cspace_slot_empty(struct cspace *cs, uint64_t h);
long cspace_slot_error(struct cspace *cs, uint64_t h);
/* Fills an empty slot with a new reference to obj, derived from parent (may be NULL). */
void cap_insert(struct cap *slot, struct kobj *obj, uint32_t rights, uint64_t badge,
                struct cap *parent);
/* Empties a slot; its children move to its parent. */
void cap_delete(struct cap *slot);
/* Moves a capability and its place in the derivation tree to the empty slot dst. */
void cap_move(struct cap *dst, struct cap *src);
/* Deletes every capability derived from slot (the slot itself stays). */
void cap_revoke(struct cap *slot);
struct trap_frame;
long cspace_invoke(struct cap *c, uint64_t method, struct trap_frame *tf);
/* The cspace of the running thread. */
struct cspace *current_cspace(void);
