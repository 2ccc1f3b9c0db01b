# trap with no arguments lists the traps
trap 'echo bye' EXIT
trap 'echo int' INT
trap ':' HUP
trap
trap - EXIT INT HUP
