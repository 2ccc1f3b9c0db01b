/* The console font (PSF2 Terminus 8x16, made by scripts/mkfont.sh), built into the server. */
    .section .rodata
    .balign 16
    .globl console_font, console_font_end
console_font:
    .incbin CONSOLE_FONT
console_font_end:
    .section .note.GNU-stack, "", @progbits
