# set -- and set with options
set -- x y z
echo $# "$@"
set --; echo $#
set -- -a; echo "$1"
set -f; case $- in *f*) echo "f on";; esac; set +f
set -- "$@" appended; echo "$@"
