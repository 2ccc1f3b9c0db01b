# getopts
set -- -a -b arg -c file
while getopts ab:c opt; do
  case $opt in
    a) echo "a" ;;
    b) echo "b with $OPTARG" ;;
    c) echo "c" ;;
  esac
done
shift $((OPTIND - 1))
echo "rest: $*"
OPTIND=1
set -- -xy -z
while getopts :xy opt; do echo "opt=$opt arg=${OPTARG-}"; done
