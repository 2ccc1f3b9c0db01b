# Processing arguments with shift
set -- -a -b value file1 file2
while [ $# -gt 0 ]; do
  case $1 in
    -a) echo "flag a" ;;
    -b) shift; echo "b=$1" ;;
    *) echo "arg $1" ;;
  esac
  shift
done
