#pragma once
/* Auxiliary vector entries on a new process's initial stack (System V layout:
 * rsp -> argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL). */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31
/* CLUU: address of the read-only struct boot_user_info (first process only). */
#define AT_CLUU_BOOTINFO 0x1000
/* CLUU: wall clock = AT_CLUU_EPOCH seconds + (clock() - AT_CLUU_EPOCH_NS) nanoseconds. */
#define AT_CLUU_EPOCH 0x1001
#define AT_CLUU_EPOCH_NS 0x1002
