# shift
set -- a b c d e
shift; echo "$@"
shift 2; echo "$@"
shift 0; echo "$@"
shift 2; echo "[$*]" $#
set -- one
shift 2 2>/dev/null
echo "too many: $? $#"
