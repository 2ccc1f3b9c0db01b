#pragma once
/* procmgr's own capability slots, placed there by init. */
#define PMSRV_CAP_EP 8        /* the procmgr endpoint (all rights) */
#define PMSRV_CAP_REGISTRY 9  /* registry endpoint, handed to children with profile REGISTRY */
#define PMSRV_CAP_POOL 10     /* untyped memory for new processes */
#define PM_FAULT_BADGE (1ull << 40) /* fault messages: badge = pid | PM_FAULT_BADGE */
#define PM_PID_INIT 1
#define PM_PID_SELF 2
